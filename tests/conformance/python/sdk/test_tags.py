"""TagQueue, UntagQueue, ListQueueTags and tags given at CreateQueue."""

from support.base import SqsTestCase


class TagTests(SqsTestCase):

    def tags_of(self, url):
        return self.sqs.list_queue_tags(QueueUrl=url).get("Tags", {})

    def test_new_queue_has_no_tags(self):
        """ListQueueTags on an untagged queue returns no tags."""
        self.assertEqual(self.tags_of(self.create_queue("notags")), {})

    def test_tags_given_at_creation_are_listed(self):
        """CreateQueue's tags parameter tags the queue."""
        url = self.create_queue("ctags", tags={"team": "blue", "env": "test"})
        self.assertEqual(self.tags_of(url), {"team": "blue", "env": "test"})

    def test_tag_queue_adds_and_overwrites(self):
        """TagQueue adds new keys and overwrites existing ones."""
        url = self.create_queue("tag", tags={"a": "1"})
        self.sqs.tag_queue(QueueUrl=url, Tags={"a": "one", "b": "2", "ünï": "cødé"})
        self.assertEqual(self.tags_of(url), {"a": "one", "b": "2", "ünï": "cødé"})

    def test_untag_queue_removes_keys(self):
        """UntagQueue removes the named keys; unknown keys are ignored."""
        url = self.create_queue("untag", tags={"a": "1", "b": "2", "c": "3"})
        self.sqs.untag_queue(QueueUrl=url, TagKeys=["a", "c", "missing"])
        self.assertEqual(self.tags_of(url), {"b": "2"})

    def test_tagging_a_missing_queue_fails(self):
        """TagQueue on a deleted queue -> QueueDoesNotExist."""
        url = self.create_queue("tgone")
        self.sqs.delete_queue(QueueUrl=url)
        with self.assertSqsError("QueueDoesNotExist"):
            self.sqs.tag_queue(QueueUrl=url, Tags={"a": "1"})
