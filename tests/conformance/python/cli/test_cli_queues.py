"""aws sqs: queue commands (create, get-queue-url, list, attributes, tags, purge, delete)."""

from cli.cli_base import CliTestCase
from support.settings import ACCOUNT_ID


class CliQueueTests(CliTestCase):

    def test_create_queue_with_attributes(self):
        """create-queue --attributes: the URL ends in /<account>/<name> and attributes apply."""
        name = self.unique_name("create")
        url = self.create_queue(name=name, attributes={"VisibilityTimeout": "45", "DelaySeconds": "2"})
        self.assertTrue(url.endswith("/{}/{}".format(ACCOUNT_ID, name)), url)
        attributes = self.queue_attributes(url, "VisibilityTimeout", "DelaySeconds")
        self.assertEqual(attributes, {"VisibilityTimeout": "45", "DelaySeconds": "2"})

    def test_create_queue_again_with_equal_attributes_is_idempotent(self):
        """create-queue twice with the same attributes returns the same URL."""
        name = self.unique_name("idem")
        url = self.create_queue(name=name, attributes={"VisibilityTimeout": "40"})
        again = self.aws_ok("create-queue", "--queue-name", name,
                            "--attributes", '{"VisibilityTimeout":"40"}')["QueueUrl"]
        self.assertEqual(again, url)

    def test_create_queue_again_with_different_attributes_fails(self):
        """create-queue with different attributes -> QueueAlreadyExists."""
        name = self.unique_name("clash")
        self.create_queue(name=name, attributes={"VisibilityTimeout": "40"})
        result = self.aws("create-queue", "--queue-name", name,
                          "--attributes", '{"VisibilityTimeout":"41"}')
        self.assertCliError(result, "QueueAlreadyExists", "QueueNameExists")

    def test_create_queue_with_invalid_name_fails(self):
        """create-queue with a name containing '!' -> InvalidParameterValue."""
        result = self.aws("create-queue", "--queue-name", "bad!name")
        self.assertCliError(result, "InvalidParameterValue")

    def test_get_queue_url(self):
        """get-queue-url returns the URL of an existing queue."""
        name = self.unique_name("url")
        url = self.create_queue(name=name)
        self.assertEqual(self.aws_ok("get-queue-url", "--queue-name", name)["QueueUrl"], url)

    def test_get_queue_url_of_missing_queue_fails(self):
        """get-queue-url for an unknown queue -> AWS.SimpleQueueService.NonExistentQueue."""
        result = self.aws("get-queue-url", "--queue-name", self.unique_name("missing"))
        self.assertCliError(result, "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist")

    def test_list_queues_by_prefix(self):
        """list-queues --queue-name-prefix lists exactly the matching queues."""
        prefix = self.unique_name("list")
        urls = {self.create_queue(name=prefix + s) for s in ("-a", "-b", "-c")}
        listed = self.aws_ok("list-queues", "--queue-name-prefix", prefix).get("QueueUrls", [])
        self.assertEqual(set(listed), urls)

    def test_get_queue_attributes_all(self):
        """get-queue-attributes --attribute-names All reports the ARN and counters."""
        name = self.unique_name("attrs")
        attributes = self.queue_attributes(self.create_queue(name=name))
        self.assertEqual(attributes["QueueArn"], "arn:aws:sqs:us-east-1:{}:{}".format(ACCOUNT_ID, name))
        self.assertEqual(attributes["ApproximateNumberOfMessages"], "0")
        self.assertEqual(attributes["VisibilityTimeout"], "30")

    def test_set_queue_attributes(self):
        """set-queue-attributes changes a value that get-queue-attributes then reports."""
        url = self.create_queue("set")
        self.aws_ok("set-queue-attributes", "--queue-url", url, "--attributes", '{"VisibilityTimeout":"90"}')
        self.assertEqual(self.queue_attributes(url, "VisibilityTimeout")["VisibilityTimeout"], "90")

    def test_set_queue_attributes_out_of_range_fails(self):
        """set-queue-attributes VisibilityTimeout=43201 -> InvalidAttributeValue."""
        url = self.create_queue("range")
        result = self.aws("set-queue-attributes", "--queue-url", url,
                          "--attributes", '{"VisibilityTimeout":"43201"}')
        self.assertCliError(result, "InvalidAttributeValue")

    def test_tag_list_untag(self):
        """tag-queue, list-queue-tags and untag-queue."""
        url = self.create_queue("tags")
        self.aws_ok("tag-queue", "--queue-url", url, "--tags", '{"a":"1","b":"2"}')
        self.assertEqual(self.aws_ok("list-queue-tags", "--queue-url", url)["Tags"], {"a": "1", "b": "2"})
        self.aws_ok("untag-queue", "--queue-url", url, "--tag-keys", "a")
        self.assertEqual(self.aws_ok("list-queue-tags", "--queue-url", url)["Tags"], {"b": "2"})

    def test_delete_queue(self):
        """delete-queue removes the queue: get-queue-url then fails."""
        name = self.unique_name("delete")
        url = self.create_queue(name=name)
        self.aws_ok("delete-queue", "--queue-url", url)
        result = self.aws("get-queue-url", "--queue-name", name)
        self.assertCliError(result, "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist")
