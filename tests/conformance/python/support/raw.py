"""Hand-made, SigV4-signed requests for what no SDK operation can send (unknown actions), or to
see a reply as it is on the wire."""

import json
import urllib.error
import urllib.request
from urllib.parse import urlencode

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from support.settings import ACCESS_KEY, ENDPOINT, REGION, SECRET_KEY


def _send_signed(body, headers, service="sqs"):
    request = AWSRequest(method="POST", url=ENDPOINT + "/", data=body, headers=headers)
    SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY), service, REGION).add_auth(request)
    prepared = urllib.request.Request(ENDPOINT + "/", data=body, method="POST",
                                      headers=dict(request.headers.items()))
    try:
        with urllib.request.urlopen(prepared, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8")


def json_request(target, payload):
    """POST an SQS JSON 1.0 request with X-Amz-Target AmazonSQS.<target>."""
    headers = {"Content-Type": "application/x-amz-json-1.0",
               "X-Amz-Target": "AmazonSQS." + target,
               "x-amzn-query-mode": "true"}
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
    return _send_signed(body, headers)


def kinesis_request(target, payload):
    """POST a Kinesis JSON 1.1 request with X-Amz-Target Kinesis_20131202.<target>, signed for
    the service `kinesis`."""
    headers = {"Content-Type": "application/x-amz-json-1.1",
               "X-Amz-Target": "Kinesis_20131202." + target}
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
    return _send_signed(body, headers, service="kinesis")


def query_request(action, params=None):
    """POST an SQS Query (form) request with Action=<action>."""
    fields = {"Action": action, "Version": "2012-11-05", **(params or {})}
    headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    return _send_signed(urlencode(fields).encode("utf-8"), headers)


def header(headers, name):
    """Case-insensitive header lookup."""
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value
    return None
