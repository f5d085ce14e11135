"""aws sqs: dead-letter queues (RedrivePolicy, list-dead-letter-source-queues) and message move
tasks (start-, list-, cancel-message-move-task; not in aws CLI v2 2.9, whose model predates them)."""

import json
import subprocess
import time

from cli.cli_base import AWS_CLI, CliTestCase, cli_environment, cli_version
from support.settings import ACCOUNT_ID, ENDPOINT, REGION

TASK_SECONDS = 30.0


def redrive(target_arn, max_receive_count):
    return json.dumps({"deadLetterTargetArn": target_arn, "maxReceiveCount": max_receive_count})


def has_move_tasks():
    """Whether this CLI knows the move task commands (an unknown one fails with "Invalid choice")."""
    result = subprocess.run([AWS_CLI, "sqs", "list-message-move-tasks", "--source-arn", "x", "--endpoint-url", ENDPOINT],
                            capture_output=True, text=True, env=cli_environment(), timeout=120)
    return "invalid choice" not in result.stderr.lower()


class CliDeadLetterTests(CliTestCase):

    def queue_arn(self, url):
        return self.queue_attributes(url, "QueueArn")["QueueArn"]

    def create_pair(self, label):
        dlq = self.create_queue(label + "-dlq")
        source = self.create_queue(label + "-src", attributes={"RedrivePolicy": redrive(self.queue_arn(dlq), 1)})
        return source, dlq

    def dead_letter_one(self, source, dlq, body):
        """Sends a message, receives it once (visibility 0) and again: the second receive dead-letters it."""
        message_id = self.aws_ok("send-message", "--queue-url", source, "--message-body", body)["MessageId"]
        for _ in range(2):
            self.aws_ok("receive-message", "--queue-url", source, "--visibility-timeout", "0")
        return message_id

    def test_redrive_policy_is_set_and_reported(self):
        """create-queue --attributes RedrivePolicy: get-queue-attributes returns the policy."""
        source, dlq = self.create_pair("report")
        policy = json.loads(self.queue_attributes(source, "RedrivePolicy")["RedrivePolicy"])
        self.assertEqual(policy["deadLetterTargetArn"], self.queue_arn(dlq))
        self.assertEqual(int(policy["maxReceiveCount"]), 1)

    def test_missing_dead_letter_target_fails(self):
        """A RedrivePolicy naming no existing queue -> InvalidParameterValue."""
        missing = "arn:aws:sqs:{}:{}:{}".format(REGION, ACCOUNT_ID, self.unique_name("nodlq"))
        result = self.aws("create-queue", "--queue-name", self.unique_name("nodlq-src"),
                          "--attributes", json.dumps({"RedrivePolicy": redrive(missing, 2)}))
        self.assertCliError(result, "InvalidParameterValue")

    def test_dead_letter_reaches_the_dlq_with_its_source_arn(self):
        """Past maxReceiveCount the message is in the DLQ, same MessageId, with DeadLetterQueueSourceArn;
        list-dead-letter-source-queues names the source."""
        source, dlq = self.create_pair("move")
        message_id = self.dead_letter_one(source, dlq, "poison")
        messages = self.aws_ok("receive-message", "--queue-url", dlq, "--wait-time-seconds", "10",
                               "--attribute-names", "All").get("Messages", [])
        self.assertEqual(len(messages), 1)
        self.assertEqual(messages[0]["MessageId"], message_id)
        self.assertEqual(messages[0]["Attributes"]["DeadLetterQueueSourceArn"], self.queue_arn(source))
        listed = self.aws_ok("list-dead-letter-source-queues", "--queue-url", dlq)
        self.assertEqual(listed["queueUrls"], [source])

    def test_move_task_returns_messages_and_cancel_of_a_finished_task_fails(self):
        """start-message-move-task sends the dead letter back; list-message-move-tasks shows COMPLETED;
        cancel-message-move-task of a task no longer running -> ResourceNotFoundException."""
        if not has_move_tasks():
            self.skipTest("{} has no message move task commands (its SQS model predates them)".format(
                cli_version().split()[0]))
        source, dlq = self.create_pair("task")
        self.dead_letter_one(source, dlq, "again")
        dlq_arn = self.queue_arn(dlq)
        deadline = time.monotonic() + TASK_SECONDS
        while int(self.queue_attributes(dlq, "ApproximateNumberOfMessages")["ApproximateNumberOfMessages"]) < 1:
            self.assertLess(time.monotonic(), deadline, "the message never reached the DLQ")
            time.sleep(0.2)
        handle = self.aws_ok("start-message-move-task", "--source-arn", dlq_arn)["TaskHandle"]
        while True:
            task = self.aws_ok("list-message-move-tasks", "--source-arn", dlq_arn)["Results"][0]
            if task["Status"] == "COMPLETED":
                break
            self.assertLess(time.monotonic(), deadline, "the task did not complete: " + json.dumps(task))
            time.sleep(0.5)
        self.assertEqual(task["ApproximateNumberOfMessagesMoved"], 1)
        messages = self.aws_ok("receive-message", "--queue-url", source, "--wait-time-seconds", "5").get("Messages", [])
        self.assertEqual([m["Body"] for m in messages], ["again"])
        self.assertCliError(self.aws("cancel-message-move-task", "--task-handle", handle), "ResourceNotFoundException")
