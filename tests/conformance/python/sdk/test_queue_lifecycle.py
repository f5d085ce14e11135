"""CreateQueue, GetQueueUrl, ListQueues and DeleteQueue on standard queues."""

from support.base import SqsTestCase
from support.settings import ACCOUNT_ID


class CreateQueueTests(SqsTestCase):

    def test_create_queue_returns_url_ending_in_account_and_name(self):
        """CreateQueue returns a QueueUrl of the form .../<account>/<name>."""
        name = self.unique_name("url")
        url = self.create_queue(name=name)
        self.assertTrue(url.endswith("/{}/{}".format(ACCOUNT_ID, name)), url)

    def test_create_queue_applies_attributes(self):
        """Attributes given to CreateQueue are reported by GetQueueAttributes."""
        url = self.create_queue("attrs", attributes={
            "VisibilityTimeout": "45", "DelaySeconds": "3", "MaximumMessageSize": "2048",
            "MessageRetentionPeriod": "3600", "ReceiveMessageWaitTimeSeconds": "2"})
        attributes = self.queue_attributes(url)
        self.assertEqual(attributes["VisibilityTimeout"], "45")
        self.assertEqual(attributes["DelaySeconds"], "3")
        self.assertEqual(attributes["MaximumMessageSize"], "2048")
        self.assertEqual(attributes["MessageRetentionPeriod"], "3600")
        self.assertEqual(attributes["ReceiveMessageWaitTimeSeconds"], "2")

    def test_create_queue_is_idempotent_with_equal_attributes(self):
        """Creating an existing queue again with the same attributes returns the same URL."""
        name = self.unique_name("idem")
        attributes = {"VisibilityTimeout": "40"}
        url = self.create_queue(name=name, attributes=attributes)
        again = self.sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
        self.assertEqual(again, url)

    def test_create_queue_with_different_attributes_fails(self):
        """Re-creating a queue with different attributes -> QueueNameExists (QueueAlreadyExists)."""
        name = self.unique_name("clash")
        self.create_queue(name=name, attributes={"VisibilityTimeout": "40"})
        with self.assertSqsError("QueueNameExists") as caught:
            self.sqs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "41"})
        self.assertIsInstance(caught.error, self.sqs.exceptions.QueueNameExists)

    def test_create_queue_rejects_invalid_names(self):
        """Names outside [A-Za-z0-9_-]{1,80} (or .fifo on a standard queue) are rejected."""
        for bad in ["has space", "dot.name", "slash/name", "star*", "x" * 81,
                    "ünïcode", "standard.fifo", ""]:
            # An empty name may equally be read as a missing parameter; the API
            # reference does not say which code AWS uses for it.
            codes = ("InvalidParameterValue", "MissingParameter") if bad == "" else ("InvalidParameterValue",)
            with self.subTest(name=bad):
                with self.assertSqsError(*codes):
                    url = self.unchecked_sqs.create_queue(QueueName=bad)["QueueUrl"]
                    self.addCleanup(self._delete_queue_quietly, url)

    def test_create_queue_accepts_longest_valid_name(self):
        """An 80-character name of letters, digits, '-' and '_' is valid."""
        name = (self.unique_name("max") + "_-" + "a" * 80)[:80]
        url = self.create_queue(name=name)
        self.assertTrue(url.endswith("/" + name))

    def test_create_queue_rejects_out_of_range_attribute(self):
        """CreateQueue with VisibilityTimeout above 43200 -> InvalidAttributeValue."""
        with self.assertSqsError("InvalidAttributeValue"):
            url = self.sqs.create_queue(QueueName=self.unique_name("range"),
                                        Attributes={"VisibilityTimeout": "43201"})["QueueUrl"]
            self.addCleanup(self._delete_queue_quietly, url)


class GetQueueUrlTests(SqsTestCase):

    def test_get_queue_url_returns_create_queue_url(self):
        """GetQueueUrl returns the URL CreateQueue returned."""
        name = self.unique_name("get")
        url = self.create_queue(name=name)
        self.assertEqual(self.sqs.get_queue_url(QueueName=name)["QueueUrl"], url)

    def test_get_queue_url_of_missing_queue_raises_typed_exception(self):
        """GetQueueUrl for an unknown name -> client.exceptions.QueueDoesNotExist."""
        with self.assertSqsError("QueueDoesNotExist") as caught:
            self.sqs.get_queue_url(QueueName=self.unique_name("missing"))
        self.assertIsInstance(caught.error, self.sqs.exceptions.QueueDoesNotExist)


class ListQueuesTests(SqsTestCase):

    def test_list_queues_filters_by_prefix(self):
        """ListQueues with QueueNamePrefix returns exactly the queues with that prefix."""
        prefix = self.unique_name("lp")
        urls = {self.create_queue(name=prefix + suffix) for suffix in ("-a", "-b")}
        other = self.create_queue("other")

        def check():
            listed = set(self.sqs.list_queues(QueueNamePrefix=prefix).get("QueueUrls", []))
            self.assertEqual(listed, urls)
            self.assertNotIn(other, listed)
        self.eventually(check)

    def test_list_queues_with_unmatched_prefix_is_empty(self):
        """ListQueues with a prefix nothing matches returns no QueueUrls."""
        listed = self.sqs.list_queues(QueueNamePrefix=self.unique_name("none"))
        self.assertEqual(listed.get("QueueUrls", []), [])

    def test_list_queues_pages_with_max_results_and_next_token(self):
        """MaxResults limits a page; NextToken continues until every queue is listed once."""
        prefix = self.unique_name("page")
        urls = {self.create_queue(name="{}-{}".format(prefix, i)) for i in range(5)}

        def check():
            listed, pages, token = [], 0, None
            while True:
                request = {"QueueNamePrefix": prefix, "MaxResults": 2}
                if token:
                    request["NextToken"] = token
                page = self.sqs.list_queues(**request)
                pages += 1
                self.assertLessEqual(len(page.get("QueueUrls", [])), 2)
                listed.extend(page.get("QueueUrls", []))
                token = page.get("NextToken")
                if not token or pages > 10:
                    break
            self.assertEqual(sorted(listed), sorted(urls), "every queue exactly once")
            self.assertEqual(pages, 3)
        self.eventually(check)

    def test_list_queues_rejects_max_results_out_of_range(self):
        """MaxResults must be 1..1000 -> InvalidParameterValue otherwise."""
        for bad in (0, 1001):
            with self.subTest(max_results=bad):
                with self.assertSqsError("InvalidParameterValue"):
                    self.unchecked_sqs.list_queues(MaxResults=bad)


class DeleteQueueTests(SqsTestCase):

    def test_delete_queue_removes_it(self):
        """After DeleteQueue, GetQueueUrl raises QueueDoesNotExist and ListQueues omits it."""
        name = self.unique_name("del")
        url = self.create_queue(name=name)
        self.sqs.delete_queue(QueueUrl=url)

        def check():
            with self.assertSqsError("QueueDoesNotExist"):
                self.sqs.get_queue_url(QueueName=name)
            self.assertNotIn(url, self.sqs.list_queues(QueueNamePrefix=name).get("QueueUrls", []))
        self.eventually(check)

    def test_operations_on_deleted_queue_raise_queue_does_not_exist(self):
        """SendMessage to a deleted queue -> QueueDoesNotExist."""
        url = self.create_queue("gone")
        self.sqs.delete_queue(QueueUrl=url)

        def check():
            with self.assertSqsError("QueueDoesNotExist") as caught:
                self.sqs.send_message(QueueUrl=url, MessageBody="x")
            self.assertIsInstance(caught.error, self.sqs.exceptions.QueueDoesNotExist)
        self.eventually(check)

    def test_delete_missing_queue_raises_queue_does_not_exist(self):
        """DeleteQueue on a queue that never existed -> QueueDoesNotExist."""
        url = self.create_queue("tmp").rsplit("/", 1)[0] + "/" + self.unique_name("never")
        with self.assertSqsError("QueueDoesNotExist"):
            self.sqs.delete_queue(QueueUrl=url)
