"""SNS TagResource, UntagResource and ListTagsForResource on topics; AddPermission and
RemovePermission, reflected in the topic's Policy attribute."""

import json

from support.sns import SnsTestCase

OTHER_ACCOUNTS = ["111122223333", "444455556666"]


def as_list(value):
    return value if isinstance(value, list) else [value]


class TopicTagTests(SnsTestCase):

    def tags_of(self, arn):
        return {t["Key"]: t["Value"] for t in self.sns.list_tags_for_resource(ResourceArn=arn)["Tags"]}

    def test_new_topic_has_no_tags(self):
        """ListTagsForResource of an untagged topic returns an empty list."""
        self.assertEqual(self.tags_of(self.create_topic("notags")), {})

    def test_tag_resource_adds_and_overwrites(self):
        """TagResource adds new keys and overwrites the value of existing ones."""
        arn = self.create_topic("tag", tags={"a": "1"})
        self.sns.tag_resource(ResourceArn=arn, Tags=[{"Key": "a", "Value": "one"}, {"Key": "b", "Value": "2"},
                                                     {"Key": "ünï", "Value": "cødé"}])
        self.assertEqual(self.tags_of(arn), {"a": "one", "b": "2", "ünï": "cødé"})

    def test_untag_resource_removes_keys(self):
        """UntagResource removes the named keys; a key the topic does not have is ignored."""
        arn = self.create_topic("untag", tags={"a": "1", "b": "2", "c": "3"})
        self.sns.untag_resource(ResourceArn=arn, TagKeys=["a", "c", "missing"])
        self.assertEqual(self.tags_of(arn), {"b": "2"})

    def test_tagging_a_topic_that_does_not_exist_is_resource_not_found(self):
        """TagResource, UntagResource and ListTagsForResource on a deleted topic -> 404
        ResourceNotFound (the only not-found error botocore's model gives these operations)."""
        arn = self.create_topic("tgone")
        self.sns.delete_topic(TopicArn=arn)
        calls = {
            "TagResource": lambda: self.sns.tag_resource(ResourceArn=arn, Tags=[{"Key": "a", "Value": "1"}]),
            "UntagResource": lambda: self.sns.untag_resource(ResourceArn=arn, TagKeys=["a"]),
            "ListTagsForResource": lambda: self.sns.list_tags_for_resource(ResourceArn=arn),
        }
        for operation, call in calls.items():
            with self.subTest(operation=operation):
                with self.assertSnsError("ResourceNotFound"):
                    call()


class PermissionTests(SnsTestCase):

    def statements(self, arn):
        return {s.get("Sid"): s for s in json.loads(self.topic_attributes(arn)["Policy"])["Statement"]}

    def test_add_permission_adds_a_statement_to_the_policy(self):
        """AddPermission adds a statement whose Sid is the Label, allowing the SNS: actions named
        to the accounts named on this topic; the default statement stays."""
        arn = self.create_topic("addperm")
        before = self.statements(arn)
        self.sns.add_permission(TopicArn=arn, Label="conf-share", AWSAccountId=OTHER_ACCOUNTS,
                                ActionName=["Publish", "Subscribe"])
        statements = self.statements(arn)
        self.assertTrue(set(before) <= set(statements), "AddPermission dropped a statement")
        statement = statements["conf-share"]
        self.assertEqual(statement["Effect"], "Allow")
        self.assertEqual(statement["Resource"], arn)
        self.assertEqual(set(as_list(statement["Action"])), {"SNS:Publish", "SNS:Subscribe"})
        principals = " ".join(as_list(statement["Principal"]["AWS"]))
        for account in OTHER_ACCOUNTS:
            self.assertIn(account, principals)

    def test_remove_permission_removes_the_statement(self):
        """RemovePermission with the Label removes that statement and leaves the others."""
        arn = self.create_topic("rmperm")
        self.sns.add_permission(TopicArn=arn, Label="keep", AWSAccountId=OTHER_ACCOUNTS[:1], ActionName=["Publish"])
        self.sns.add_permission(TopicArn=arn, Label="drop", AWSAccountId=OTHER_ACCOUNTS[1:], ActionName=["Publish"])
        self.sns.remove_permission(TopicArn=arn, Label="drop")
        statements = self.statements(arn)
        self.assertIn("keep", statements)
        self.assertNotIn("drop", statements)

    def test_add_permission_with_a_label_in_use_is_rejected(self):
        """AddPermission with a Label the policy already has -> InvalidParameter."""
        arn = self.create_topic("dupperm")
        self.sns.add_permission(TopicArn=arn, Label="same", AWSAccountId=OTHER_ACCOUNTS[:1], ActionName=["Publish"])
        with self.assertSnsError("InvalidParameter"):
            self.sns.add_permission(TopicArn=arn, Label="same", AWSAccountId=OTHER_ACCOUNTS[1:],
                                    ActionName=["Subscribe"])

    def test_add_permission_with_an_unknown_action_is_rejected(self):
        """AddPermission with an action that is no SNS topic action -> InvalidParameter."""
        arn = self.create_topic("badaction")
        with self.assertSnsError("InvalidParameter"):
            self.sns.add_permission(TopicArn=arn, Label="bad", AWSAccountId=OTHER_ACCOUNTS[:1],
                                    ActionName=["LaunchRockets"])

    def test_add_permission_to_a_missing_topic_is_not_found(self):
        """AddPermission on a topic that does not exist -> 404 NotFound."""
        arn = self.create_topic("permgone")
        self.sns.delete_topic(TopicArn=arn)
        with self.assertSnsError("NotFound"):
            self.sns.add_permission(TopicArn=arn, Label="x", AWSAccountId=OTHER_ACCOUNTS[:1], ActionName=["Publish"])
