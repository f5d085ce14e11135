"""SendMessage: checksums, message attributes, contents rules, size limit, delay."""

import time

from support.base import SqsTestCase
from support.md5 import md5_of_attributes, md5_of_body

UNICODE_BODY = '{"hello":"world & <sqs>"} ünïcødé ✓ 日本語 😀 \U0001F680'

ALL_KINDS_OF_ATTRIBUTES = {
    "str": {"DataType": "String", "StringValue": "v1 é & <x>"},
    "num": {"DataType": "Number", "StringValue": "-12.5e3"},
    "bin": {"DataType": "Binary", "BinaryValue": b"\x00\x01\x02\xff"},
    "custom": {"DataType": "String.custom", "StringValue": "xé"},
    "numcustom": {"DataType": "Number.int", "StringValue": "42"},
    "bincustom": {"DataType": "Binary.gz", "BinaryValue": b"\x1f\x8b"},
    "Mixed.Case-name_1": {"DataType": "String", "StringValue": "z"},
}


class SendMessageTests(SqsTestCase):

    def test_md5_of_message_body_is_md5_of_utf8_body(self):
        """MD5OfMessageBody is the hex MD5 of the UTF-8 body (ASCII and unicode)."""
        url = self.create_queue("md5")
        for body in ("hello", UNICODE_BODY):
            with self.subTest(body=body):
                reply = self.sqs.send_message(QueueUrl=url, MessageBody=body)
                self.assertEqual(reply["MD5OfMessageBody"], md5_of_body(body))
                self.assertTrue(reply["MessageId"])

    def test_unicode_body_round_trips_exactly(self):
        """A body with non-ASCII, astral-plane and XML-special characters comes back unchanged."""
        url = self.create_queue("uni")
        self.sqs.send_message(QueueUrl=url, MessageBody=UNICODE_BODY)
        message = self.receive_one(url)
        self.assertEqual(message["Body"], UNICODE_BODY)
        self.assertEqual(message["MD5OfBody"], md5_of_body(UNICODE_BODY))

    def test_whitespace_control_characters_round_trip(self):
        """Tab, LF and CR are allowed and must survive (CR must not be normalised away)."""
        url = self.create_queue("ws")
        body = "a\tb\nc\rd\r\ne"
        self.sqs.send_message(QueueUrl=url, MessageBody=body)
        message = self.receive_one(url)
        self.assertEqual(message["Body"], body)
        self.assertEqual(message["MD5OfBody"], md5_of_body(body))

    def test_message_attributes_md5_uses_documented_algorithm(self):
        """MD5OfMessageAttributes for String/Number/Binary/custom types matches aws-wire §5."""
        url = self.create_queue("attrmd5")
        reply = self.sqs.send_message(QueueUrl=url, MessageBody="with attributes",
                                      MessageAttributes=ALL_KINDS_OF_ATTRIBUTES)
        self.assertEqual(reply["MD5OfMessageAttributes"], md5_of_attributes(ALL_KINDS_OF_ATTRIBUTES))
        self.assertEqual(reply["MD5OfMessageBody"], md5_of_body("with attributes"))

    def test_message_attributes_round_trip_with_types(self):
        """Received attributes keep their DataType and value (binary as bytes) and their MD5."""
        url = self.create_queue("attrrt")
        self.sqs.send_message(QueueUrl=url, MessageBody="x", MessageAttributes=ALL_KINDS_OF_ATTRIBUTES)
        message = self.receive_one(url, MessageAttributeNames=["All"])
        received = message["MessageAttributes"]
        self.assertEqual(set(received), set(ALL_KINDS_OF_ATTRIBUTES))
        for name, sent in ALL_KINDS_OF_ATTRIBUTES.items():
            with self.subTest(attribute=name):
                self.assertEqual(received[name]["DataType"], sent["DataType"])
                key = "BinaryValue" if "BinaryValue" in sent else "StringValue"
                self.assertEqual(received[name][key], sent[key])
        self.assertEqual(message["MD5OfMessageAttributes"], md5_of_attributes(ALL_KINDS_OF_ATTRIBUTES))

    def test_no_attributes_means_no_attribute_md5(self):
        """Without message attributes, SendMessage returns no MD5OfMessageAttributes."""
        url = self.create_queue("noattr")
        reply = self.sqs.send_message(QueueUrl=url, MessageBody="plain")
        self.assertNotIn("MD5OfMessageAttributes", reply)

    def test_invalid_characters_are_rejected(self):
        """Characters outside #x9|#xA|#xD|#x20-#xD7FF|#xE000-#xFFFD|astral -> InvalidMessageContents."""
        url = self.create_queue("badchars")
        for body in ("nul\u0000here", "bell\u0007", "esc\u001b", "nonchar\ufffe", "nonchar\uffff"):
            with self.subTest(body=repr(body)):
                with self.assertSqsError("InvalidMessageContents"):
                    self.sqs.send_message(QueueUrl=url, MessageBody=body)
        self.assertCounts(url, visible=0, not_visible=0, delayed=0)

    def test_invalid_characters_in_attribute_value_are_rejected(self):
        """A String attribute value containing U+0000 -> InvalidMessageContents.

        (The API reference applies the body's character rules to String attribute values;
        AWS has been seen to answer InvalidParameterValue here too, so both are accepted.)
        """
        url = self.create_queue("badattr")
        with self.assertSqsError("InvalidMessageContents", "InvalidParameterValue"):
            self.sqs.send_message(QueueUrl=url, MessageBody="ok", MessageAttributes={
                "a": {"DataType": "String", "StringValue": "bad\u0000"}})

    def test_empty_body_is_rejected(self):
        """An empty MessageBody is rejected (MissingParameter or InvalidParameterValue: a body needs
        at least one character; the API reference does not name the code)."""
        url = self.create_queue("empty")
        with self.assertSqsError("MissingParameter", "InvalidParameterValue"):
            self.unchecked_sqs.send_message(QueueUrl=url, MessageBody="")

    def test_body_over_maximum_message_size_is_rejected(self):
        """A body one byte over MaximumMessageSize is rejected; exactly the maximum is accepted."""
        url = self.create_queue("size", attributes={"MaximumMessageSize": "1024"})
        self.sqs.send_message(QueueUrl=url, MessageBody="a" * 1024)
        with self.assertSqsError("InvalidParameterValue", "MessageTooLong"):
            self.sqs.send_message(QueueUrl=url, MessageBody="a" * 1025)

    def test_body_over_one_mebibyte_is_rejected_by_default(self):
        """With the default limit (1 MiB), a 1 MiB + 1 byte body is rejected."""
        url = self.create_queue("big")
        with self.assertSqsError("InvalidParameterValue", "MessageTooLong"):
            self.sqs.send_message(QueueUrl=url, MessageBody="a" * (1024 * 1024 + 1))

    def test_size_limit_counts_utf8_bytes(self):
        """The size limit is in UTF-8 bytes: 512 two-byte characters fit in 1024, 513 do not."""
        url = self.create_queue("bytes", attributes={"MaximumMessageSize": "1024"})
        self.sqs.send_message(QueueUrl=url, MessageBody="é" * 512)
        with self.assertSqsError("InvalidParameterValue", "MessageTooLong"):
            self.sqs.send_message(QueueUrl=url, MessageBody="é" * 513)

    def test_too_many_message_attributes_are_rejected(self):
        """More than 10 message attributes -> InvalidParameterValue."""
        url = self.create_queue("many")
        attributes = {"a{}".format(i): {"DataType": "String", "StringValue": "v"} for i in range(11)}
        with self.assertSqsError("InvalidParameterValue"):
            self.sqs.send_message(QueueUrl=url, MessageBody="x", MessageAttributes=attributes)


class DelaySecondsTests(SqsTestCase):

    def test_delay_seconds_hides_message_until_delay_passes(self):
        """A message sent with DelaySeconds=2 is Delayed, invisible at first, then delivered."""
        url = self.create_queue("delay")
        sent_at = time.monotonic()
        self.sqs.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=2)
        self.assertEqual(self.receive(url), [], "not visible during the delay")
        self.assertEqual(self.queue_attributes(url, "ApproximateNumberOfMessagesDelayed")
                         ["ApproximateNumberOfMessagesDelayed"], "1")
        message = self.receive_one(url, WaitTimeSeconds=5)
        self.assertGreaterEqual(time.monotonic() - sent_at, 1.8)
        self.assertEqual(message["Body"], "later")

    def test_queue_delay_applies_when_message_has_none(self):
        """The queue's DelaySeconds attribute delays messages sent without their own delay."""
        url = self.create_queue("qdelay", attributes={"DelaySeconds": "2"})
        self.sqs.send_message(QueueUrl=url, MessageBody="later")
        self.assertEqual(self.receive(url), [])
        self.assertEqual(self.receive_one(url, WaitTimeSeconds=5)["Body"], "later")

    def test_message_delay_zero_overrides_queue_delay(self):
        """DelaySeconds=0 on the message overrides the queue's delay."""
        url = self.create_queue("override", attributes={"DelaySeconds": "60"})
        self.sqs.send_message(QueueUrl=url, MessageBody="now", DelaySeconds=0)
        self.assertEqual(self.receive_one(url)["Body"], "now")

    def test_delay_seconds_out_of_range_is_rejected(self):
        """DelaySeconds=901 -> InvalidParameterValue."""
        url = self.create_queue("baddelay")
        with self.assertSqsError("InvalidParameterValue"):
            self.sqs.send_message(QueueUrl=url, MessageBody="x", DelaySeconds=901)
