"""Error envelopes on the wire, for both SQS protocols, via raw signed requests.

Whatever the interpreter's botocore speaks, both protocols are exercised here.
"""

import json
import re
import unittest
import xml.etree.ElementTree as ElementTree

from support.raw import header, json_request, query_request

# Real SQS answers an unknown JSON target with UnknownOperationException and an
# unknown Query action with InvalidAction (SQS API reference, Common Errors).
UNKNOWN_ACTION_CODES = {"UnknownOperationException", "UnknownOperation", "InvalidAction"}


def xml_error_code(body):
    """The <Code> of an XML ErrorResponse, ignoring namespaces."""
    root = ElementTree.fromstring(body)
    for element in root.iter():
        if element.tag.split("}")[-1] == "Code":
            return element.text
    return None


def json_error_type(body):
    """The shape name in __type, without its namespace."""
    return json.loads(body).get("__type", "").split("#")[-1]


class ProtocolErrorTests(unittest.TestCase):

    def test_unknown_json_operation_gets_aws_error_not_500(self):
        """JSON X-Amz-Target AmazonSQS.NoSuchAction -> 4xx with an AWS JSON error body."""
        status, _, body = json_request("NoSuchAction", {})
        self.assertTrue(400 <= status < 500, status)
        self.assertIn(json_error_type(body), UNKNOWN_ACTION_CODES)

    def test_unknown_query_action_gets_aws_error_not_500(self):
        """Query Action=NoSuchAction -> 4xx with an XML ErrorResponse (InvalidAction)."""
        status, _, body = query_request("NoSuchAction")
        self.assertTrue(400 <= status < 500, status)
        self.assertIn(xml_error_code(body), UNKNOWN_ACTION_CODES)

    def test_malformed_json_body_gets_aws_error_not_500(self):
        """A JSON request whose body is not JSON -> 4xx with an __type."""
        status, _, body = json_request("ListQueues", b"{not json")
        self.assertTrue(400 <= status < 500, status)
        self.assertTrue(json_error_type(body), body)

    def test_json_error_carries_shape_type_and_legacy_query_code(self):
        """JSON errors: __type names the shape and x-amzn-query-error the legacy code (aws-wire §4)."""
        status, headers, body = json_request("GetQueueUrl", {"QueueName": "conf-never-created-queue"})
        self.assertEqual(status, 400)
        self.assertEqual(json_error_type(body), "QueueDoesNotExist")
        self.assertEqual(header(headers, "x-amzn-query-error"),
                         "AWS.SimpleQueueService.NonExistentQueue;Sender")
        self.assertTrue(header(headers, "x-amzn-RequestId"))
        self.assertTrue(json.loads(body).get("message") or json.loads(body).get("Message"))

    def test_query_error_carries_legacy_code_and_request_id(self):
        """Query errors: <ErrorResponse><Error><Type>Sender</Type><Code>legacy</Code>... <RequestId>."""
        status, _, body = query_request("GetQueueUrl", {"QueueName": "conf-never-created-queue"})
        self.assertEqual(status, 400)
        self.assertEqual(xml_error_code(body), "AWS.SimpleQueueService.NonExistentQueue")
        self.assertRegex(body, re.compile(r"<Type>Sender</Type>"))
        self.assertRegex(body, re.compile(r"<RequestId>[^<]+</RequestId>"))
