"""SNS http subscriptions, with a small HTTP server in the test as the subscriber: the
SubscriptionConfirmation POST, the subscription pending until ConfirmSubscription (or a GET of the
SubscribeURL), Notification POSTs with the x-amz-sns-* headers, raw delivery, the signatures
(SignatureVersion 1 = SHA1withRSA, 2 = SHA256withRSA) against the certificate at SigningCertURL,
and the UnsubscribeURL. The formats are those of "Parsing message formats".

The subscriber listens on $SHOAL_SUBSCRIBER_HOST (default 127.0.0.1): the server under test must
reach it. moto 5.2.1 cannot run these tests: it sends no SubscriptionConfirmation (an http
subscription is confirmed at once), no x-amz-sns-* headers, signs without the Subject and with
SignatureVersion 2 always, and names a SigningCertURL on sns.<region>.amazonaws.com. They are
for Shoal.
"""

import json
import urllib.request
from urllib.parse import parse_qs, urlparse

from support.http_subscriber import HttpSubscriber
from support.settings import ACCOUNT_ID
from support.sns import DELIVERY_SECONDS, SnsTestCase, message_attributes, subscription_arn_re

CONFIRMATION_KEYS = {"Type", "MessageId", "Token", "TopicArn", "Message", "SubscribeURL", "Timestamp",
                     "SignatureVersion", "Signature", "SigningCertURL"}
NOTIFICATION_KEYS = {"Type", "MessageId", "TopicArn", "Message", "Timestamp", "SignatureVersion",
                     "Signature", "SigningCertURL", "UnsubscribeURL"}


class HttpEndpointTestCase(SnsTestCase):

    def start_subscriber(self):
        subscriber = HttpSubscriber()
        self.addCleanup(subscriber.close)
        return subscriber

    def subscribe_http(self, topic, subscriber, attributes=None, return_arn=True):
        request = {"TopicArn": topic, "Protocol": "http", "Endpoint": subscriber.url,
                   "ReturnSubscriptionArn": return_arn}
        if attributes:
            request["Attributes"] = attributes
        return self.sns.subscribe(**request)["SubscriptionArn"]

    def wait_for_confirmation_request(self, subscriber, topic):
        request = subscriber.wait_for_type("SubscriptionConfirmation", DELIVERY_SECONDS, TopicArn=topic)
        self.assertIsNotNone(request, "no SubscriptionConfirmation POST reached the subscriber")
        return request

    def confirmed_subscription(self, topic, subscriber, attributes=None):
        """Subscribe the endpoint and confirm with the Token; returns the subscription ARN."""
        arn = self.subscribe_http(topic, subscriber, attributes)
        token = self.wait_for_confirmation_request(subscriber, topic).json["Token"]
        self.assertEqual(self.sns.confirm_subscription(TopicArn=topic, Token=token)["SubscriptionArn"], arn)
        return arn

    def wait_for_notification(self, subscriber, **fields):
        request = subscriber.wait_for_type("Notification", DELIVERY_SECONDS, **fields)
        self.assertIsNotNone(request, "no Notification POST reached the subscriber")
        return request

    def assertPending(self, arn, pending):
        self.assertEqual(self.subscription_attributes(arn)["PendingConfirmation"], "true" if pending else "false")


class ConfirmationTests(HttpEndpointTestCase):

    def test_subscribe_http_posts_a_subscription_confirmation(self):
        """Subscribe http returns "pending confirmation" (without ReturnSubscriptionArn) and POSTs
        a SubscriptionConfirmation: headers x-amz-sns-message-type, x-amz-sns-message-id (the
        body's MessageId) and x-amz-sns-topic-arn, Content-Type text/plain; a JSON body with
        Type, MessageId, Token, TopicArn, Message, SubscribeURL, Timestamp, SignatureVersion,
        Signature and SigningCertURL."""
        topic = self.create_topic("confirm")
        subscriber = self.start_subscriber()
        self.assertEqual(self.subscribe_http(topic, subscriber, return_arn=False), "pending confirmation")
        request = self.wait_for_confirmation_request(subscriber, topic)
        body = request.json
        self.assertEqual(request.path, urlparse(subscriber.url).path)
        self.assertTrue(CONFIRMATION_KEYS <= set(body), "missing: {}".format(CONFIRMATION_KEYS - set(body)))
        self.assertEqual(body["Type"], "SubscriptionConfirmation")
        self.assertEqual(request.headers.get("x-amz-sns-message-type"), "SubscriptionConfirmation")
        self.assertEqual(request.headers.get("x-amz-sns-message-id"), body["MessageId"])
        self.assertEqual(request.headers.get("x-amz-sns-topic-arn"), topic)
        self.assertTrue(request.headers.get("content-type", "").startswith("text/plain"),
                        request.headers.get("content-type"))
        self.assertTrue(body["Token"])
        self.assertIn(topic, body["Message"])
        self.assertTimestamp(body["Timestamp"])
        query = parse_qs(urlparse(body["SubscribeURL"]).query)
        self.assertEqual((query.get("Action"), query.get("TopicArn"), query.get("Token")),
                         (["ConfirmSubscription"], [topic], [body["Token"]]))

    def test_subscription_is_pending_until_confirm_subscription(self):
        """Until ConfirmSubscription with the Token: PendingConfirmation is true, the topic
        counts it in SubscriptionsPending, ListSubscriptionsByTopic shows "PendingConfirmation"
        as its ARN, and a publish is not delivered. ConfirmSubscription returns the ARN that
        Subscribe (ReturnSubscriptionArn) gave; then the subscription is confirmed and the next
        publish is delivered."""
        name = self.unique_topic_name("pending")
        topic = self.create_topic(name=name)
        subscriber = self.start_subscriber()
        arn = self.subscribe_http(topic, subscriber)
        self.assertRegex(arn, subscription_arn_re(name))
        token = self.wait_for_confirmation_request(subscriber, topic).json["Token"]
        self.assertPending(arn, True)
        self.eventually(lambda: self.assertEqual(self.topic_attributes(topic)["SubscriptionsPending"], "1"))
        self.assertEqual([(s["SubscriptionArn"], s["Endpoint"]) for s in self.subscriptions_of(topic)],
                         [("PendingConfirmation", subscriber.url)])
        self.sns.publish(TopicArn=topic, Message="too early")
        self.assertIsNone(subscriber.wait_for_type("Notification", 2), "delivered before confirmation")

        self.assertEqual(self.sns.confirm_subscription(TopicArn=topic, Token=token)["SubscriptionArn"], arn)
        self.assertPending(arn, False)
        self.assertEqual([s["SubscriptionArn"] for s in self.subscriptions_of(topic)], [arn])
        self.sns.publish(TopicArn=topic, Message="on time")
        self.assertEqual(self.wait_for_notification(subscriber).json["Message"], "on time")

    def test_get_of_subscribe_url_confirms_the_subscription(self):
        """An unsigned GET of the SubscribeURL answers 200 and confirms the subscription; the next
        publish is delivered."""
        topic = self.create_topic("geturl")
        subscriber = self.start_subscriber()
        arn = self.subscribe_http(topic, subscriber)
        subscribe_url = self.wait_for_confirmation_request(subscriber, topic).json["SubscribeURL"]
        with urllib.request.urlopen(subscribe_url, timeout=10) as response:
            self.assertEqual(response.status, 200)
            self.assertIn(arn, response.read().decode("utf-8"))
        self.assertPending(arn, False)
        self.sns.publish(TopicArn=topic, Message="confirmed by GET")
        self.assertEqual(self.wait_for_notification(subscriber).json["Message"], "confirmed by GET")

    def test_confirm_subscription_with_a_wrong_token_is_rejected(self):
        """ConfirmSubscription with a token SNS did not send -> InvalidParameter; the subscription
        stays pending."""
        topic = self.create_topic("badtoken")
        subscriber = self.start_subscriber()
        arn = self.subscribe_http(topic, subscriber)
        self.wait_for_confirmation_request(subscriber, topic)
        with self.assertSnsError("InvalidParameter"):
            self.sns.confirm_subscription(TopicArn=topic, Token="0" * 64)
        self.assertPending(arn, True)

    def test_confirmation_signature_verifies(self):
        """The SubscriptionConfirmation's Signature (SignatureVersion 1, SHA1withRSA) verifies
        over Message, MessageId, SubscribeURL, Timestamp, Token, TopicArn and Type."""
        topic = self.create_topic("confsig")
        subscriber = self.start_subscriber()
        self.subscribe_http(topic, subscriber)
        body = self.wait_for_confirmation_request(subscriber, topic).json
        self.assertEqual(body["SignatureVersion"], "1")
        self.assertSignatureVerifies(body)


class NotificationTests(HttpEndpointTestCase):

    def test_notification_post_has_headers_and_envelope(self):
        """A publish reaches a confirmed endpoint as a POST with x-amz-sns-message-type
        Notification, x-amz-sns-message-id (the MessageId Publish returned),
        x-amz-sns-topic-arn and x-amz-sns-subscription-arn, and a JSON body with Type, MessageId,
        TopicArn, Subject, Message, Timestamp, the signature fields, UnsubscribeURL and
        MessageAttributes."""
        topic = self.create_topic("notify")
        subscriber = self.start_subscriber()
        arn = self.confirmed_subscription(topic, subscriber)
        message_id = self.sns.publish(TopicArn=topic, Message="héllo ✓", Subject="Hi",
                                      MessageAttributes=message_attributes(color="red", n=3))["MessageId"]
        request = self.wait_for_notification(subscriber, MessageId=message_id)
        body = request.json
        self.assertEqual(request.method, "POST")
        self.assertEqual({name: request.headers.get(name) for name in (
            "x-amz-sns-message-type", "x-amz-sns-message-id", "x-amz-sns-topic-arn", "x-amz-sns-subscription-arn")},
            {"x-amz-sns-message-type": "Notification", "x-amz-sns-message-id": message_id,
             "x-amz-sns-topic-arn": topic, "x-amz-sns-subscription-arn": arn})
        self.assertTrue(NOTIFICATION_KEYS <= set(body), "missing: {}".format(NOTIFICATION_KEYS - set(body)))
        self.assertEqual((body["Type"], body["MessageId"], body["TopicArn"], body["Subject"], body["Message"]),
                         ("Notification", message_id, topic, "Hi", "héllo ✓"))
        self.assertTimestamp(body["Timestamp"])
        self.assertEqual(body["MessageAttributes"], {"color": {"Type": "String", "Value": "red"},
                                                     "n": {"Type": "Number", "Value": "3"}})
        query = parse_qs(urlparse(body["UnsubscribeURL"]).query)
        self.assertEqual((query.get("Action"), query.get("SubscriptionArn")), (["Unsubscribe"], [arn]))

    def test_raw_delivery_posts_the_bare_message(self):
        """With RawMessageDelivery=true the POST body is the message itself, with the header
        x-amz-sns-rawdelivery: true and the x-amz-sns-* headers."""
        topic = self.create_topic("rawhttp")
        subscriber = self.start_subscriber()
        arn = self.confirmed_subscription(topic, subscriber, {"RawMessageDelivery": "true"})
        message_id = self.sns.publish(TopicArn=topic, Message='{"raw": "ünï"}')["MessageId"]
        request = self.wait_for_notification(subscriber)
        self.assertEqual(request.body, '{"raw": "ünï"}')
        self.assertEqual(request.headers.get("x-amz-sns-rawdelivery"), "true")
        headers = ("message-id", "subscription-arn", "topic-arn")
        self.assertEqual([request.headers.get("x-amz-sns-" + name) for name in headers], [message_id, arn, topic])

    def test_notification_signature_verifies_for_both_versions(self):
        """A Notification's Signature verifies over Message, MessageId, Subject, Timestamp,
        TopicArn and Type: SHA1withRSA with SignatureVersion 1 (the default), SHA256withRSA after
        SetTopicAttributes SignatureVersion=2; with and without a Subject."""
        topic = self.create_topic("notifsig")
        subscriber = self.start_subscriber()
        self.confirmed_subscription(topic, subscriber)
        for version, subject in (("1", "With subject"), ("1", None), ("2", "With subject"), ("2", None)):
            with self.subTest(version=version, subject=subject):
                if version == "2":
                    self.sns.set_topic_attributes(TopicArn=topic, AttributeName="SignatureVersion",
                                                  AttributeValue="2")
                request = {"TopicArn": topic, "Message": "line one\nline \"two\" ✓"}
                if subject:
                    request["Subject"] = subject
                message_id = self.sns.publish(**request)["MessageId"]
                body = self.wait_for_notification(subscriber, MessageId=message_id).json
                self.assertEqual(body["SignatureVersion"], version)
                self.assertEqual("Subject" in body, subject is not None)
                self.assertSignatureVerifies(body)

    def test_get_of_unsubscribe_url_removes_the_subscription(self):
        """A GET of a notification's UnsubscribeURL answers 200 and deletes the subscription:
        GetSubscriptionAttributes is then NotFound."""
        topic = self.create_topic("unsuburl")
        subscriber = self.start_subscriber()
        arn = self.confirmed_subscription(topic, subscriber)
        message_id = self.sns.publish(TopicArn=topic, Message="bye")["MessageId"]
        unsubscribe_url = self.wait_for_notification(subscriber, MessageId=message_id).json["UnsubscribeURL"]
        with urllib.request.urlopen(unsubscribe_url, timeout=10) as response:
            self.assertEqual(response.status, 200)

        def gone():
            with self.assertSnsError("NotFound"):
                self.sns.get_subscription_attributes(SubscriptionArn=arn)
        self.eventually(gone)

    def test_http_subscription_attributes(self):
        """A confirmed http subscription reports Protocol http, Endpoint (the URL), Owner,
        TopicArn, PendingConfirmation false, and an EffectiveDeliveryPolicy."""
        topic = self.create_topic("httpattrs")
        subscriber = self.start_subscriber()
        arn = self.confirmed_subscription(topic, subscriber)
        attributes = self.subscription_attributes(arn)
        self.assertEqual({k: attributes.get(k) for k in ("Protocol", "Endpoint", "Owner", "TopicArn",
                                                          "PendingConfirmation", "SubscriptionArn")},
                         {"Protocol": "http", "Endpoint": subscriber.url, "Owner": ACCOUNT_ID, "TopicArn": topic,
                          "PendingConfirmation": "false", "SubscriptionArn": arn})
        json.loads(attributes["EffectiveDeliveryPolicy"])
