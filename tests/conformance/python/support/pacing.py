"""Keeping a Kinesis (or Firehose) client within AWS's per-operation rate limits.

AWS Kinesis limits how often each operation may be called (the API reference of each operation,
aws-limits.md §5.3): five GetRecords and five GetShardIterator calls per second per shard, one
SubscribeToShard call per second per consumer and shard, one DescribeLimits per second, ten
DescribeStream and twenty DescribeStreamSummary / DescribeStreamConsumer per second per account,
five per second for the other control-plane operations. A call over the limit fails with
LimitExceededException or ProvisionedThroughputExceededException, and the tests run with retries
off, so the server under test (which may enforce these limits, as Shoal does by default) must not
see the suite itself exceed them. `pace_kinesis` makes a botocore client wait, before each call,
until the call is within its limit. PutRecord, PutRecords and ListShards are not paced: the
throughput test exceeds the write limit on purpose.

The pacing state is shared by every client in the process, as the limits are per account, per
shard or per consumer, not per client.
"""

import threading
import time

# Calls per second allowed by AWS for operations paced per account.
PER_ACCOUNT = {
    "DescribeLimits": 1,
    "DescribeStream": 10,
    "DescribeStreamSummary": 20,
    "DescribeStreamConsumer": 20,
}
DEFAULT_PER_ACCOUNT = 5
UNPACED = {"PutRecord", "PutRecords", "ListShards"}
# Calls per second per shard (GetRecords, GetShardIterator) and per consumer and shard.
PER_SHARD = {"GetRecords": 5, "GetShardIterator": 5}
PER_CONSUMER_SHARD = {"SubscribeToShard": 1}
# A margin above each minimum interval, for clock granularity and a loaded machine.
MARGIN = 1.15

_lock = threading.Lock()
_last_call = {}
# ShardIterator -> (stream, shard) it reads, so that GetRecords is paced per shard.
_iterator_shard = {}


def _wait_turn(key, per_second):
    interval = MARGIN / per_second
    with _lock:
        now = time.monotonic()
        start = max(now, _last_call.get(key, 0.0) + interval)
        _last_call[key] = start
    if start > now:
        time.sleep(start - now)


def _stream_of(params):
    return params.get("StreamName") or params.get("StreamARN")


def _before_call(params, model, **_):
    name = model.name
    if name in UNPACED:
        return
    if name == "GetShardIterator":
        _wait_turn((name, _stream_of(params), params.get("ShardId")), PER_SHARD[name])
    elif name == "GetRecords":
        shard = _iterator_shard.get(params.get("ShardIterator"))
        _wait_turn((name,) + (shard or ("unknown iterator",)), PER_SHARD[name])
    elif name in PER_CONSUMER_SHARD:
        _wait_turn((name, params.get("ConsumerARN"), params.get("ShardId")), PER_CONSUMER_SHARD[name])
    else:
        _wait_turn((name,), PER_ACCOUNT.get(name, DEFAULT_PER_ACCOUNT))


def _after_call(parsed, model, context=None, **_):
    params = (context or {}).get("shoal_params") or {}
    if model.name == "GetShardIterator" and parsed.get("ShardIterator"):
        _iterator_shard[parsed["ShardIterator"]] = (_stream_of(params), params.get("ShardId"))
    elif model.name == "GetRecords" and parsed.get("NextShardIterator"):
        shard = _iterator_shard.pop(params.get("ShardIterator"), None)
        if shard:
            _iterator_shard[parsed["NextShardIterator"]] = shard


def _remember_params(params, model, context, **_):
    context["shoal_params"] = dict(params)


def pace_kinesis(client):
    """Install the pacing on a botocore Kinesis client; returns the client."""
    events = client.meta.events
    events.register("before-parameter-build.kinesis", _before_call)
    events.register("before-parameter-build.kinesis", _remember_params)
    events.register("after-call.kinesis", _after_call)
    return client


# Firehose: DescribeDeliveryStream 10 per second, the other control-plane operations 5 per second
# per account (Firehose quotas); PutRecord and PutRecordBatch are not paced.
FIREHOSE_PER_SECOND = {"DescribeDeliveryStream": 10}
FIREHOSE_UNPACED = {"PutRecord", "PutRecordBatch"}


def _before_firehose_call(model, **_):
    if model.name not in FIREHOSE_UNPACED:
        _wait_turn(("firehose", model.name), FIREHOSE_PER_SECOND.get(model.name, DEFAULT_PER_ACCOUNT))


def pace_firehose(client):
    """Install the Firehose pacing on a botocore Firehose client; returns the client."""
    client.meta.events.register("before-parameter-build.firehose", _before_firehose_call)
    return client
