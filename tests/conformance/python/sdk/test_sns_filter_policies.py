"""Subscription filter policies ("Amazon SNS message filtering"): attribute scope (the default)
and MessageBody scope; exact values, prefix, numeric ranges, anything-but, exists, String.Array
attributes, AND across keys and OR within a key; invalid policies -> InvalidParameter.

Each test subscribes a filtered queue and an unfiltered one (raw delivery, so the bodies compare
directly), publishes matching and non-matching messages, waits until the unfiltered queue has
them all (the topic has fanned out), then checks what the filtered queue got.
"""

import json

from support.sns import SnsTestCase, message_attributes


class FilterTestCase(SnsTestCase):

    def assertFiltered(self, policy, publishes, expected, scope=None, raw=True):
        """Publish each (message, attributes) of `publishes`; the queue with `policy` must receive
        exactly the messages in `expected`."""
        topic = self.create_topic("filter")
        filtered, _ = self.subscribed_queue(topic, "filtered", raw=raw, filter_policy=policy, scope=scope)
        everything, _ = self.subscribed_queue(topic, "all", raw=True)
        for message, attributes in publishes:
            request = {"TopicArn": topic, "Message": message}
            if attributes:
                request["MessageAttributes"] = attributes
            self.sns.publish(**request)
        self.assertEqual(len(self.receive_notifications(everything, len(publishes))), len(publishes),
                         "the unfiltered queue did not get every message")
        received = self.receive_notifications(filtered, len(expected))
        bodies = [m["Body"] if raw else json.loads(m["Body"])["Message"] for m in received]
        self.assertNothingDelivered(filtered)
        self.assertEqual(sorted(bodies), sorted(expected))


class AttributeFilterTests(FilterTestCase):

    def test_exact_string_values(self):
        """{"color": ["red", "blue"]} passes color red and blue, not green nor a message without
        the attribute."""
        self.assertFiltered({"color": ["red", "blue"]}, [
            ("red", message_attributes(color="red")),
            ("green", message_attributes(color="green")),
            ("blue", message_attributes(color="blue")),
            ("none", None),
        ], ["red", "blue"])

    def test_prefix(self):
        """{"event": [{"prefix": "order-"}]} passes order-placed, not invoice-order-x."""
        self.assertFiltered({"event": [{"prefix": "order-"}]}, [
            ("placed", message_attributes(event="order-placed")),
            ("invoice", message_attributes(event="invoice-order-x")),
        ], ["placed"])

    def test_numeric_range(self):
        """{"price": [{"numeric": [">", 10, "<=", 100]}]} on Number attributes passes 50 and 100,
        not 10, 5 nor 150."""
        self.assertFiltered({"price": [{"numeric": [">", 10, "<=", 100]}]}, [
            ("p50", message_attributes(price=50)),
            ("p100", message_attributes(price=100)),
            ("p10", message_attributes(price=10)),
            ("p5", message_attributes(price=5)),
            ("p150", message_attributes(price=150.5)),
        ], ["p50", "p100"])

    def test_numeric_equality(self):
        """{"n": [{"numeric": ["=", 3]}]} matches 3 and 3.0, not 4."""
        self.assertFiltered({"n": [{"numeric": ["=", 3]}]}, [
            ("three", message_attributes(n=3)),
            ("three-point-oh", {"n": {"DataType": "Number", "StringValue": "3.0"}}),
            ("four", message_attributes(n=4)),
        ], ["three", "three-point-oh"])

    def test_anything_but(self):
        """{"color": [{"anything-but": ["red", "green"]}]} passes blue, not red nor green."""
        self.assertFiltered({"color": [{"anything-but": ["red", "green"]}]}, [
            ("red", message_attributes(color="red")),
            ("blue", message_attributes(color="blue")),
            ("green", message_attributes(color="green")),
        ], ["blue"])

    def test_exists_true(self):
        """{"coupon": [{"exists": true}]} passes a message with the attribute, whatever its value,
        and not one without it."""
        self.assertFiltered({"coupon": [{"exists": True}]}, [
            ("with", message_attributes(coupon="SAVE10")),
            ("without", message_attributes(other="x")),
        ], ["with"])

    def test_exists_false(self):
        """{"coupon": [{"exists": false}]} passes a message without the attribute only."""
        self.assertFiltered({"coupon": [{"exists": False}]}, [
            ("with", message_attributes(coupon="SAVE10")),
            ("without", message_attributes(other="x")),
        ], ["without"])

    def test_string_array_attribute_matches_any_element(self):
        """A String.Array attribute matches when any element matches."""
        self.assertFiltered({"tag": ["urgent"]}, [
            ("has", message_attributes(tag=["low", "urgent"])),
            ("lacks", message_attributes(tag=["low", "later"])),
        ], ["has"])

    def test_every_key_must_match(self):
        """Keys are ANDed, values within a key ORed: {"color": ["red"], "size": ["S", "M"]} needs
        both attributes to match."""
        self.assertFiltered({"color": ["red"], "size": ["S", "M"]}, [
            ("both", message_attributes(color="red", size="M")),
            ("color only", message_attributes(color="red", size="XL")),
            ("size only", message_attributes(color="blue", size="S")),
            ("missing size", message_attributes(color="red")),
        ], ["both"])

    def test_filter_applies_to_enveloped_delivery(self):
        """Filtering works the same without raw delivery: the envelope of the matching message
        only."""
        self.assertFiltered({"color": ["red"]}, [
            ("red", message_attributes(color="red")),
            ("blue", message_attributes(color="blue")),
        ], ["red"], raw=False)

    def test_filter_policy_set_later_applies_to_next_publish(self):
        """A FilterPolicy set with SetSubscriptionAttributes filters the next publishes."""
        topic = self.create_topic("later")
        url, subscription = self.subscribed_queue(topic, raw=True)
        self.sns.set_subscription_attributes(SubscriptionArn=subscription, AttributeName="FilterPolicy",
                                             AttributeValue=json.dumps({"color": ["red"]}))
        self.sns.publish(TopicArn=topic, Message="blue", MessageAttributes=message_attributes(color="blue"))
        self.sns.publish(TopicArn=topic, Message="red", MessageAttributes=message_attributes(color="red"))
        self.assertEqual([m["Body"] for m in self.receive_notifications(url, 1)], ["red"])
        self.assertNothingDelivered(url)


class MessageBodyFilterTests(FilterTestCase):

    def test_message_body_scope_matches_nested_properties(self):
        """FilterPolicyScope MessageBody with a nested policy matches the JSON message's
        properties; a body that is not JSON never matches."""
        paid = json.dumps({"order": {"state": "paid", "total": 12}})
        open_ = json.dumps({"order": {"state": "open", "total": 12}})
        self.assertFiltered({"order": {"state": ["paid"]}}, [
            (paid, None), (open_, None), ("state paid, not json", None),
        ], [paid], scope="MessageBody")

    def test_message_body_scope_ignores_attributes(self):
        """In MessageBody scope the message attributes do not count: a body without the property
        does not match even with a matching attribute."""
        matching = json.dumps({"color": "red"})
        self.assertFiltered({"color": ["red"]}, [
            (matching, None),
            (json.dumps({"shade": "red"}), message_attributes(color="red")),
        ], [matching], scope="MessageBody")

    def test_message_body_operators(self):
        """In MessageBody scope prefix, numeric, anything-but and exists work on JSON values."""
        def body(**values):
            return json.dumps(values)
        policy = {"sku": [{"prefix": "AB-"}], "price": [{"numeric": [">=", 5]}],
                  "region": [{"anything-but": ["eu"]}], "gift": [{"exists": False}]}
        good = body(sku="AB-1", price=5, region="us")
        self.assertFiltered(policy, [
            (good, None),
            (body(sku="XY-1", price=5, region="us"), None),
            (body(sku="AB-2", price=4.99, region="us"), None),
            (body(sku="AB-3", price=9, region="eu"), None),
            (body(sku="AB-4", price=9, region="us", gift=True), None),
        ], [good], scope="MessageBody")

    def test_message_body_array_matches_any_element(self):
        """A JSON array in the body matches when any element matches."""
        has = json.dumps({"tags": ["x", "urgent"]})
        self.assertFiltered({"tags": ["urgent"]}, [(has, None), (json.dumps({"tags": ["x"]}), None)],
                            [has], scope="MessageBody")


class InvalidFilterPolicyTests(SnsTestCase):

    INVALID = {
        "not json": "{not json",
        "not an object": json.dumps(["red"]),
        "value not array": json.dumps({"color": "red"}),
        "unknown operator": json.dumps({"color": [{"bogus": "x"}]}),
        "numeric value not a number": json.dumps({"n": [{"numeric": [">", "ten"]}]}),
        "numeric bad operator": json.dumps({"n": [{"numeric": ["≠", 1]}]}),
        "exists not boolean": json.dumps({"n": [{"exists": "yes"}]}),
        "nested in attribute scope": json.dumps({"a": {"b": ["c"]}}),
        "more than 5 keys": json.dumps({k: ["x"] for k in "abcdef"}),
    }

    # moto 5.2.1 deviates: malformed JSON and a non-object policy give an HTML 500.
    def test_invalid_policies_at_subscribe_are_rejected(self):
        """Subscribe with an invalid FilterPolicy (malformed JSON, not an object, a bare value,
        an unknown operator, a bad numeric or exists match, nesting in attribute scope, more than
        five keys) -> InvalidParameter."""
        topic = self.create_topic("badsub")
        url = self.create_queue("badsub")
        endpoint = self.queue_arn(url)
        for label, policy in self.INVALID.items():
            with self.subTest(policy=label):
                with self.assertSnsError("InvalidParameter"):
                    self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=endpoint,
                                       Attributes={"FilterPolicy": policy}, ReturnSubscriptionArn=True)

    # moto 5.2.1 deviates: malformed JSON and a non-object policy give an HTML 500.
    def test_invalid_policies_at_set_subscription_attributes_are_rejected(self):
        """SetSubscriptionAttributes with an invalid FilterPolicy -> InvalidParameter, and the
        subscription keeps no policy."""
        topic = self.create_topic("badset")
        _, subscription = self.subscribed_queue(topic)
        for label, policy in self.INVALID.items():
            with self.subTest(policy=label):
                with self.assertSnsError("InvalidParameter"):
                    self.sns.set_subscription_attributes(SubscriptionArn=subscription,
                                                         AttributeName="FilterPolicy", AttributeValue=policy)
        self.assertNotIn("FilterPolicy", self.subscription_attributes(subscription))

    # moto 5.2.1 deviates: it accepts any scope.
    def test_unknown_filter_policy_scope_is_rejected(self):
        """FilterPolicyScope other than MessageAttributes or MessageBody -> InvalidParameter."""
        topic = self.create_topic("badscope")
        _, subscription = self.subscribed_queue(topic, filter_policy={"a": ["b"]})
        with self.assertSnsError("InvalidParameter"):
            self.sns.set_subscription_attributes(SubscriptionArn=subscription,
                                                 AttributeName="FilterPolicyScope", AttributeValue="Everything")
