"""Driving the aws CLI (`$AWS_CLI`, default `aws`) against the endpoint under test."""

import json
import os
import subprocess
import unittest
import uuid

from support.settings import ACCESS_KEY, ENDPOINT, REGION, SECRET_KEY

AWS_CLI = os.environ.get("AWS_CLI", "aws")


def cli_environment():
    """Only our credentials and region; no user config, pager, retries or endpoint override."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("AWS_") or k == "AWS_CLI"}
    env.update({
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_PAGER": "",
        "AWS_MAX_ATTEMPTS": "1",
    })
    return env


def cli_version():
    result = subprocess.run([AWS_CLI, "--version"], capture_output=True, text=True,
                            env=cli_environment(), timeout=60)
    return (result.stdout or result.stderr).strip()


class CliResult:
    def __init__(self, completed):
        self.returncode = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr

    @property
    def json(self):
        """The parsed JSON output ({} when the command printed nothing)."""
        return json.loads(self.stdout) if self.stdout.strip() else {}


class CliTestCase(unittest.TestCase):
    """Every test creates its own uniquely named queues and deletes them afterwards."""

    def aws(self, *args, service="sqs"):
        """Run `aws <service> <args>` (sqs unless told); returns a CliResult whatever the exit code."""
        command = [AWS_CLI, service, *args, "--endpoint-url", ENDPOINT, "--output", "json"]
        completed = subprocess.run(command, capture_output=True, text=True,
                                   env=cli_environment(), timeout=120)
        return CliResult(completed)

    def aws_ok(self, *args, service="sqs"):
        """Run `aws <service> <args>` and fail the test unless it exits 0; returns the parsed JSON."""
        result = self.aws(*args, service=service)
        self.assertEqual(result.returncode, 0, "aws {} {} failed: {}".format(service, args[0], result.stderr))
        return result.json

    def assertCliError(self, result, *codes):
        """The command failed and printed one of the error codes."""
        self.assertNotEqual(result.returncode, 0, "expected an error, got: " + result.stdout)
        self.assertTrue(any(code in result.stderr for code in codes),
                        "none of {} in: {}".format(codes, result.stderr))

    def unique_name(self, label):
        return "conf-cli-{}-{}".format(label, uuid.uuid4().hex[:12])

    def create_queue(self, label="q", attributes=None, name=None):
        """Create a queue through the CLI, deleted at the end of the test; returns its URL."""
        args = ["create-queue", "--queue-name", name or self.unique_name(label)]
        if attributes:
            args += ["--attributes", json.dumps(attributes)]
        url = self.aws_ok(*args)["QueueUrl"]
        self.addCleanup(self._delete_queue_quietly, url)
        return url

    def create_fifo_queue(self, label="q", attributes=None):
        """Create a FIFO queue named conf-cli-<label>-<random>.fifo, deleted at the end of the test."""
        return self.create_queue(name=self.unique_name(label) + ".fifo",
                                 attributes={"FifoQueue": "true", **(attributes or {})})

    def _delete_queue_quietly(self, url):
        # Cleanup is not under test: boto3, when this interpreter has it, saves
        # a CLI start-up (1-2 s) per test.
        try:
            from support.clients import sqs_client
        except ImportError:
            self.aws("delete-queue", "--queue-url", url)
            return
        try:
            sqs_client().delete_queue(QueueUrl=url)
        except Exception:  # already deleted by the test itself
            pass

    def queue_attributes(self, url, *names):
        return self.aws_ok("get-queue-attributes", "--queue-url", url,
                           "--attribute-names", *(names or ["All"]))["Attributes"]
