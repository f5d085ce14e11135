"""The endpoint under test and the fixed credentials; no SDK imports, so the CLI suite
can run under an interpreter without boto3."""

import os

ENDPOINT = os.environ.get("SHOAL_ENDPOINT", "http://127.0.0.1:4566")
REGION = "us-east-1"
ACCESS_KEY = "test"
SECRET_KEY = "test"
# The account id the emulator reports in queue URLs and ARNs.
ACCOUNT_ID = os.environ.get("SHOAL_ACCOUNT_ID", "000000000000")
# The address of the local HTTP subscriber in the SNS http-endpoint tests: the server under test
# must be able to reach it.
SUBSCRIBER_HOST = os.environ.get("SHOAL_SUBSCRIBER_HOST", "127.0.0.1")
