"""Publish and PublishBatch to SQS subscribers: the JSON envelope ("Parsing message formats"),
fan-out to several queues, raw message delivery, MessageStructure=json, the envelope's signature,
message attribute, size and subject validation, and the batch errors.

Delivery is asynchronous: each test long-polls its queues for a bounded time (DELIVERY_SECONDS).
"""

import base64
import json
from urllib.parse import parse_qs, urlparse

from support.md5 import md5_of_body
from support.sns import UUID, SnsTestCase, message_attributes

BODY = 'héllo ünïcødé ✓ & <x> "quoted" 😀'
ATTRIBUTES = message_attributes(color="blue é", size=42, ratio=-1.5, tags=["a", "b"], blob=b"\x00\x01\xff")
# How the envelope's MessageAttributes show each of them: {"Type": ..., "Value": ...}.
ENVELOPE_ATTRIBUTES = {
    "color": {"Type": "String", "Value": "blue é"},
    "size": {"Type": "Number", "Value": "42"},
    "ratio": {"Type": "Number", "Value": "-1.5"},
    "tags": {"Type": "String.Array", "Value": '["a", "b"]'},
    "blob": {"Type": "Binary", "Value": base64.b64encode(b"\x00\x01\xff").decode()},
}
ENVELOPE_KEYS = {"Type", "MessageId", "TopicArn", "Message", "Timestamp", "SignatureVersion",
                 "Signature", "SigningCertURL", "UnsubscribeURL"}


class PublishEnvelopeTests(SnsTestCase):

    def test_publish_returns_a_message_id(self):
        """Publish returns a MessageId (a UUID)."""
        topic = self.create_topic("msgid")
        self.assertRegex(self.sns.publish(TopicArn=topic, Message="x")["MessageId"], "^{}$".format(UUID))

    # moto 5.2.1 deviates: SignatureVersion is always "2" and the UnsubscribeURL names a fixed, wrong subscription id.
    def test_queue_receives_the_sns_envelope(self):
        """The subscribed queue's message body is the SNS JSON envelope: Type Notification, the
        MessageId Publish returned, TopicArn, Subject, Message, a millisecond UTC Timestamp,
        SignatureVersion 1, Signature, SigningCertURL, and an UnsubscribeURL for this
        subscription; MessageAttributes map each attribute to {Type, Value} (Binary as base64)."""
        topic = self.create_topic("envelope")
        url, subscription = self.subscribed_queue(topic, "envelope")
        message_id = self.sns.publish(TopicArn=topic, Message=BODY, Subject="Greetings, 1-2-3!",
                                      MessageAttributes=ATTRIBUTES)["MessageId"]
        envelope = self.receive_one_envelope(url)
        self.assertTrue(ENVELOPE_KEYS <= set(envelope), "missing: {}".format(ENVELOPE_KEYS - set(envelope)))
        self.assertEqual(envelope["Type"], "Notification")
        self.assertEqual(envelope["MessageId"], message_id)
        self.assertEqual(envelope["TopicArn"], topic)
        self.assertEqual(envelope["Subject"], "Greetings, 1-2-3!")
        self.assertEqual(envelope["Message"], BODY)
        self.assertTimestamp(envelope["Timestamp"])
        self.assertEqual(envelope["SignatureVersion"], "1")
        base64.b64decode(envelope["Signature"], validate=True)
        self.assertIn(urlparse(envelope["SigningCertURL"]).scheme, ("http", "https"))
        unsubscribe = urlparse(envelope["UnsubscribeURL"])
        self.assertIn(unsubscribe.scheme, ("http", "https"))
        query = parse_qs(unsubscribe.query)
        self.assertEqual((query.get("Action"), query.get("SubscriptionArn")), (["Unsubscribe"], [subscription]))
        self.assertEqual(envelope["MessageAttributes"], ENVELOPE_ATTRIBUTES)

    def test_envelope_without_subject_has_no_subject(self):
        """Without a Subject the envelope has no Subject field at all."""
        topic = self.create_topic("nosubj")
        url, _ = self.subscribed_queue(topic)
        self.sns.publish(TopicArn=topic, Message="no subject")
        envelope = self.receive_one_envelope(url)
        self.assertEqual(envelope["Message"], "no subject")
        self.assertNotIn("Subject", envelope)

    def test_publish_fans_out_to_three_queues(self):
        """Each of three subscribed queues receives the message once, with the same MessageId."""
        topic = self.create_topic("fanout")
        queues = [self.subscribed_queue(topic, "fan{}".format(i))[0] for i in range(3)]
        message_id = self.sns.publish(TopicArn=topic, Message="to all")["MessageId"]
        for index, url in enumerate(queues):
            with self.subTest(queue=index):
                envelope = self.receive_one_envelope(url)
                self.assertEqual((envelope["MessageId"], envelope["Message"]), (message_id, "to all"))
        for url in queues:
            self.assertNothingDelivered(url)

    def test_unsubscribed_queue_receives_nothing(self):
        """After Unsubscribe a queue gets no more messages, while a still subscribed one does."""
        topic = self.create_topic("unsubpub")
        gone, subscription = self.subscribed_queue(topic, "gone")
        kept, _ = self.subscribed_queue(topic, "kept")
        self.sns.unsubscribe(SubscriptionArn=subscription)
        self.sns.publish(TopicArn=topic, Message="after")
        self.assertEqual(self.receive_one_envelope(kept)["Message"], "after")
        self.assertNothingDelivered(gone)

    # moto 5.2.1 deviates: it signs without the Subject, always as version 2, with a SigningCertURL
    # on sns.<region>.amazonaws.com.
    def test_envelope_signature_verifies(self):
        """The envelope's Signature verifies against the certificate at its SigningCertURL:
        SHA1withRSA for SignatureVersion 1 (the default), SHA256withRSA after the topic's
        SignatureVersion is set to 2."""
        topic = self.create_topic("sig")
        url, _ = self.subscribed_queue(topic)
        self.sns.publish(TopicArn=topic, Message="signed\nline two", Subject="subject")
        first = self.receive_one_envelope(url)
        self.assertEqual(first["SignatureVersion"], "1")
        self.assertSignatureVerifies(first)
        self.sns.set_topic_attributes(TopicArn=topic, AttributeName="SignatureVersion", AttributeValue="2")
        self.sns.publish(TopicArn=topic, Message="signed again")
        second = self.receive_one_envelope(url)
        self.assertEqual(second["SignatureVersion"], "2")
        self.assertSignatureVerifies(second)


class RawDeliveryTests(SnsTestCase):

    # moto 5.2.1 deviates: a Binary attribute under raw delivery makes ReceiveMessage fail (HTML 500).
    def test_raw_delivery_gives_the_message_and_sqs_message_attributes(self):
        """With RawMessageDelivery=true the SQS body is the published Message itself (with its
        MD5) and the SNS message attributes arrive as SQS message attributes of the same data
        types (up to 10 are passed through)."""
        topic = self.create_topic("raw")
        url, _ = self.subscribed_queue(topic, "raw", raw=True)
        self.sns.publish(TopicArn=topic, Message=BODY, Subject="ignored", MessageAttributes=ATTRIBUTES)
        messages = self.receive_notifications(url, 1)
        self.assertEqual(len(messages), 1)
        message = messages[0]
        self.assertEqual(message["Body"], BODY)
        self.assertEqual(message["MD5OfBody"], md5_of_body(BODY))
        received = message.get("MessageAttributes", {})
        self.assertEqual(set(received), set(ATTRIBUTES))
        for name, sent in ATTRIBUTES.items():
            with self.subTest(attribute=name):
                self.assertEqual(received[name]["DataType"], sent["DataType"])
                value_key = "BinaryValue" if "BinaryValue" in sent else "StringValue"
                self.assertEqual(received[name][value_key], sent[value_key])

    def test_raw_and_enveloped_subscribers_of_one_topic(self):
        """One publish reaches a raw subscriber as the bare message and an ordinary one as an
        envelope around the same message."""
        topic = self.create_topic("mixed")
        raw, _ = self.subscribed_queue(topic, "raw", raw=True)
        wrapped, _ = self.subscribed_queue(topic, "wrapped")
        message_id = self.sns.publish(TopicArn=topic, Message='{"k": 1}')["MessageId"]
        self.assertEqual([m["Body"] for m in self.receive_notifications(raw, 1)], ['{"k": 1}'])
        envelope = self.receive_one_envelope(wrapped)
        self.assertEqual((envelope["Message"], envelope["MessageId"]), ('{"k": 1}', message_id))

    def test_raw_delivery_switched_on_later_applies_to_next_publish(self):
        """Setting RawMessageDelivery=true on an existing subscription makes the next delivery raw."""
        topic = self.create_topic("rawlater")
        url, subscription = self.subscribed_queue(topic)
        self.sns.publish(TopicArn=topic, Message="wrapped")
        self.assertEqual(self.receive_one_envelope(url)["Message"], "wrapped")
        self.sns.set_subscription_attributes(SubscriptionArn=subscription, AttributeName="RawMessageDelivery",
                                             AttributeValue="true")
        self.sns.publish(TopicArn=topic, Message="bare")
        self.assertEqual([m["Body"] for m in self.receive_notifications(url, 1)], ["bare"])


class MessageStructureTests(SnsTestCase):

    def test_json_structure_delivers_the_sqs_message(self):
        """MessageStructure=json: an SQS subscriber gets the "sqs" value as Message."""
        topic = self.create_topic("structsqs")
        url, _ = self.subscribed_queue(topic)
        self.sns.publish(TopicArn=topic, MessageStructure="json",
                         Message=json.dumps({"default": "for everyone", "sqs": "for queues", "http": "web"}))
        self.assertEqual(self.receive_one_envelope(url)["Message"], "for queues")

    def test_json_structure_falls_back_to_default(self):
        """MessageStructure=json without an "sqs" key: the SQS subscriber gets "default"."""
        topic = self.create_topic("structdef")
        url, _ = self.subscribed_queue(topic, raw=True)
        self.sns.publish(TopicArn=topic, MessageStructure="json",
                         Message=json.dumps({"default": "fallback", "email": "mail"}))
        self.assertEqual([m["Body"] for m in self.receive_notifications(url, 1)], ["fallback"])

    # moto 5.2.1 deviates: Publish accepts these (no subscriber, nothing parsed).
    def test_json_structure_without_default_is_rejected(self):
        """MessageStructure=json whose Message has no "default" key, or is no JSON object
        -> InvalidParameter."""
        topic = self.create_topic("structbad")
        for message in (json.dumps({"sqs": "only sqs"}), "not json", json.dumps(["default"])):
            with self.subTest(message=message):
                with self.assertSnsError("InvalidParameter"):
                    self.sns.publish(TopicArn=topic, MessageStructure="json", Message=message)

    def test_message_structure_other_than_json_is_rejected(self):
        """MessageStructure must be "json" if given -> InvalidParameter otherwise."""
        topic = self.create_topic("structxml")
        with self.assertSnsError("InvalidParameter"):
            self.sns.publish(TopicArn=topic, MessageStructure="xml", Message="x")


class PublishValidationTests(SnsTestCase):

    # moto 5.2.1 deviates: it accepts an empty message.
    def test_empty_message_is_rejected(self):
        """Publish with an empty Message -> InvalidParameter."""
        topic = self.create_topic("empty")
        with self.assertSnsError("InvalidParameter"):
            self.unchecked_sns.publish(TopicArn=topic, Message="")

    def test_message_of_256_kib_is_accepted(self):
        """A 262,144-byte message (no attributes) is within the limit."""
        topic = self.create_topic("max")
        self.assertTrue(self.sns.publish(TopicArn=topic, Message="x" * 262144)["MessageId"])

    # moto 5.2.1 deviates: it counts characters, not UTF-8 bytes.
    def test_message_over_256_kib_is_rejected(self):
        """A message over 262,144 UTF-8 bytes -> InvalidParameter ("Message too long"), whether
        ASCII or multi-byte (131,073 two-byte characters)."""
        topic = self.create_topic("toolong")
        for label, message in (("ascii", "x" * 262145), ("two-byte", "é" * 131073)):
            with self.subTest(message=label):
                with self.assertSnsError("InvalidParameter"):
                    self.sns.publish(TopicArn=topic, Message=message)

    # moto 5.2.1 deviates: attributes do not count.
    def test_attributes_count_toward_the_size_limit(self):
        """Message plus attribute names, types and values over 262,144 bytes -> InvalidParameter."""
        topic = self.create_topic("attrsize")
        with self.assertSnsError("InvalidParameter"):
            self.sns.publish(TopicArn=topic, Message="x" * 262000,
                             MessageAttributes=message_attributes(pad="y" * 200))

    # moto 5.2.1 deviates: it checks the length only.
    def test_invalid_subjects_are_rejected(self):
        """A Subject with a line break, an empty Subject, or one of 101 characters
        -> InvalidParameter."""
        topic = self.create_topic("subject")
        for subject in ("line\nbreak", "", "s" * 101):
            with self.subTest(subject=subject[:12]):
                with self.assertSnsError("InvalidParameter"):
                    self.unchecked_sns.publish(TopicArn=topic, Message="x", Subject=subject)

    # moto 5.2.1 deviates: it accepts a String.Array that is no JSON and a String without a value.
    def test_invalid_message_attributes_are_rejected(self):
        """An attribute type outside String/Number/Binary (and their .suffixes), a Number that is no
        number, an empty String value, a String.Array that is no JSON array, or a String without
        StringValue -> an error. The API reference names no code: AWS has answered
        InvalidParameter and ParameterValueInvalid (InvalidParameterValueException)."""
        topic = self.create_topic("badattrs")
        cases = {
            "unknown type": {"a": {"DataType": "Text", "StringValue": "x"}},
            "number not numeric": {"a": {"DataType": "Number", "StringValue": "forty-two"}},
            "empty string": {"a": {"DataType": "String", "StringValue": ""}},
            "array not json": {"a": {"DataType": "String.Array", "StringValue": "[not json"}},
            "no value": {"a": {"DataType": "String"}},
        }
        for label, attributes in cases.items():
            with self.subTest(case=label):
                with self.assertSnsError("InvalidParameter", "ParameterValueInvalid"):
                    self.unchecked_sns.publish(TopicArn=topic, Message="x", MessageAttributes=attributes)

    def test_custom_attribute_types_are_delivered(self):
        """Data types with a custom suffix (String.color, Number.int) are accepted and keep their
        type in the envelope."""
        topic = self.create_topic("custom")
        url, _ = self.subscribed_queue(topic)
        self.sns.publish(TopicArn=topic, Message="x", MessageAttributes={
            "c": {"DataType": "String.color", "StringValue": "red"},
            "n": {"DataType": "Number.int", "StringValue": "7"}})
        self.assertEqual(self.receive_one_envelope(url)["MessageAttributes"],
                         {"c": {"Type": "String.color", "Value": "red"}, "n": {"Type": "Number.int", "Value": "7"}})


class PublishBatchTests(SnsTestCase):

    def test_publish_batch_returns_one_result_per_entry_and_delivers_each(self):
        """PublishBatch returns a Successful entry (Id, MessageId) per entry and no Failed; each
        entry reaches the queue with its MessageId, Subject and attributes."""
        topic = self.create_topic("batch")
        url, _ = self.subscribed_queue(topic)
        entries = [{"Id": "e{}".format(i), "Message": "m{}".format(i), "Subject": "s{}".format(i),
                    "MessageAttributes": message_attributes(index=i)} for i in range(3)]
        reply = self.sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=entries)
        self.assertEqual(reply.get("Failed", []), [])
        ids = {r["Id"]: r["MessageId"] for r in reply["Successful"]}
        self.assertEqual(set(ids), {"e0", "e1", "e2"})
        self.assertEqual(len(set(ids.values())), 3, "MessageIds are not distinct")
        envelopes = {e["MessageId"]: e for e in self.receive_envelopes(url, 3)}
        for i in range(3):
            with self.subTest(entry=i):
                envelope = envelopes[ids["e{}".format(i)]]
                self.assertEqual((envelope["Message"], envelope["Subject"]), ("m{}".format(i), "s{}".format(i)))
                self.assertEqual(envelope["MessageAttributes"], {"index": {"Type": "Number", "Value": str(i)}})

    def test_publish_batch_of_ten_is_accepted(self):
        """Ten entries, the maximum, are all published."""
        topic = self.create_topic("ten")
        reply = self.sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[
            {"Id": "id-{}".format(i), "Message": str(i)} for i in range(10)])
        self.assertEqual(len(reply["Successful"]), 10)

    def test_more_than_ten_entries_are_rejected(self):
        """Eleven entries -> TooManyEntriesInBatchRequest."""
        topic = self.create_topic("eleven")
        with self.assertSnsError("TooManyEntriesInBatchRequest"):
            self.unchecked_sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[
                {"Id": str(i), "Message": "x"} for i in range(11)])

    def test_repeated_entry_ids_are_rejected(self):
        """Two entries with the same Id -> BatchEntryIdsNotDistinct."""
        topic = self.create_topic("dupids")
        with self.assertSnsError("BatchEntryIdsNotDistinct"):
            self.sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[
                {"Id": "same", "Message": "a"}, {"Id": "same", "Message": "b"}])

    # moto 5.2.1 deviates: an empty batch succeeds.
    def test_empty_batch_is_rejected(self):
        """No entries -> EmptyBatchRequest."""
        topic = self.create_topic("emptybatch")
        with self.assertSnsError("EmptyBatchRequest"):
            self.unchecked_sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[])

    # moto 5.2.1 deviates: it does not check entry ids.
    def test_malformed_entry_id_is_rejected(self):
        """An Id with characters other than letters, digits, hyphens and underscores, or longer
        than 80 characters -> InvalidBatchEntryId."""
        topic = self.create_topic("badid")
        for entry_id in ("bad id!", "x" * 81):
            with self.subTest(entry_id=entry_id[:12]):
                with self.assertSnsError("InvalidBatchEntryId"):
                    self.sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[
                        {"Id": entry_id, "Message": "x"}])

    def test_publish_batch_to_missing_topic_is_not_found(self):
        """PublishBatch to a topic that does not exist -> 404 NotFound."""
        topic = self.create_topic("batchgone")
        self.sns.delete_topic(TopicArn=topic)
        with self.assertSnsError("NotFound"):
            self.sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[{"Id": "a", "Message": "x"}])
