"""An SQS client that knows nothing about Shoal, run while the harness kills a broker behind its endpoint.

Usage: boto3_client.py ENDPOINT QUEUE_NAME SECONDS

Sends, receives and deletes through one endpoint for SECONDS with boto3's default configuration (its own
retries and timeouts, nothing tuned), then drains the queue. Any call that raises ends the run with a
traceback and exit code 1, as it would end an application; so does an acknowledged send that never comes
back. The last line reports the calls made and the slowest one.
"""
import sys
import time

import boto3
import botocore

endpoint, queue_name, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
sqs = boto3.client("sqs", endpoint_url=endpoint, region_name="us-east-1",
                   aws_access_key_id="test", aws_secret_access_key="test")
calls = 0
slowest = 0.0


def call(operation, **params):
    global calls, slowest
    started = time.monotonic()
    result = getattr(sqs, operation)(**params)
    calls += 1
    slowest = max(slowest, time.monotonic() - started)
    return result


url = call("create_queue", QueueName=queue_name)["QueueUrl"]
sent, received = set(), set()


def receive_and_delete(wait_seconds):
    messages = call("receive_message", QueueUrl=url, MaxNumberOfMessages=10,
                    VisibilityTimeout=5, WaitTimeSeconds=wait_seconds).get("Messages", [])
    for message in messages:
        received.add(message["MessageId"])
        call("delete_message", QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return len(messages)


deadline = time.monotonic() + seconds
n = 0
while time.monotonic() < deadline:
    sent.add(call("send_message", QueueUrl=url, MessageBody=f"m{n}")["MessageId"])
    n += 1
    receive_and_delete(0)

# Drain: a receive answered twice around a failover leaves its losing messages in flight for 5 s.
quiet_since = time.monotonic()
while time.monotonic() - quiet_since < 8:
    if receive_and_delete(1):
        quiet_since = time.monotonic()

missing = sent - received
print(f"boto3 {boto3.__version__} (botocore {botocore.__version__}): {calls} calls, {len(sent)} sends acknowledged, "
      f"{len(missing)} never received, slowest call {slowest:.1f}s")
sys.exit(1 if missing else 0)
