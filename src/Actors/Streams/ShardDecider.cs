using Shoal.Actors.Common;

namespace Shoal.Actors.Streams;

/// <summary>What a shard command yields: the reply to send once the events are committed.</summary>
public readonly record struct ShardDecision(object Reply, IReadOnlyList<IShardEvent> Events)
{
    public static ShardDecision Answer(object reply) => new(reply, []);
}

/// <summary>The rules of one shard's log: pure, with time passed in and the throughput meters' verdicts given.</summary>
public static class ShardDecider
{
    /// <summary>GetRecords returns at most this many bytes of data a call.</summary>
    public const long MaxReadBytes = 10 * 1024 * 1024;
    public const int MaxReadRecords = 10_000;

    /// <summary>Each admitted record takes the next position; one the write meter refused fails alone, as PutRecords reports.</summary>
    public static ShardDecision Put(ShardState state, PutShardRecords put, IReadOnlyList<bool> admitted, long now)
    {
        if (state.Closed) return ShardDecision.Answer(new ShardIsClosed(put.ShardIndex));
        var results = new List<PutRecordResult>(put.Records.Count);
        var stored = new List<ShardRecord>(put.Records.Count);
        var position = state.Next;
        // Arrival times never go backwards within a shard, so AT_TIMESTAMP can search them.
        var arrival = Math.Max(now, state.Records.Count > 0 ? state.Records[^1].ArrivedAt : now);
        for (var i = 0; i < put.Records.Count; i++)
        {
            var record = put.Records[i];
            if (!admitted[i])
            {
                var refusal = ShardThroughput.RateExceeded(ShardIds.Of(put.ShardIndex), put.StreamName);
                results.Add(new PutRecordResult(record.Slot, null, "ProvisionedThroughputExceededException", refusal.Message));
                continue;
            }
            var sequence = SequenceNumbers.Encode(put.ShardIndex, position);
            stored.Add(new ShardRecord(position++, sequence, arrival, record.PartitionKey, record.Data, put.EncryptionType));
            results.Add(new PutRecordResult(record.Slot, sequence));
        }
        return new ShardDecision(new ShardPutResult(results), stored.Count == 0 ? [] : [new RecordsPut(stored)]);
    }

    /// <summary>A SubscribeToShardEvent carries at most this much data (or one larger record), so events stay small and steady.</summary>
    public const long MaxEventBytes = 2 * 1024 * 1024;

    /// <summary>Up to Limit records (and 10 MiB) from the position; a position before the trim horizon reads from it.</summary>
    public static ShardRecords Read(ShardState state, ReadShard read, long now) => Read(state, read.Position, Math.Max(read.Limit, 1), MaxReadBytes, now);

    /// <summary>
    /// Up to <paramref name="limit"/> records and <paramref name="maxBytes"/> of data (at least one record) from the
    /// position; a limit of 0 reads none but still tells how far behind the position is.
    /// </summary>
    public static ShardRecords Read(ShardState state, long from, int limit, long maxBytes, long now)
    {
        var position = Math.Max(from, state.FirstRetained);
        limit = Math.Clamp(limit, 0, MaxReadRecords);
        var records = new List<ShardRecord>();
        long bytes = 0;
        while (position < state.Next && records.Count < limit)
        {
            var record = state.At(position)!;
            if (records.Count > 0 && bytes + record.Data.Length > maxBytes) break;
            records.Add(record);
            bytes += record.Data.Length;
            position++;
        }
        var behind = position >= state.Next ? 0 : Math.Max(0, now - state.At(position)!.ArrivedAt);
        return new ShardRecords(records, position, behind, state.Closed ? state.Next : null);
    }

    /// <summary>Where a subscription starts, with the consumer's lease taken; a lease another subscription holds is ResourceInUse.</summary>
    public static object Open(ShardState state, SubscriptionLeases leases, OpenSubscription open, long now)
    {
        var (position, rejection) = ShardIterators.StartingPosition(open.Start, state.Log(open.ShardIndex), state.FirstAtOrAfter, open.StreamName, now);
        if (rejection is not null) return rejection;
        return leases.TryHold(open.ConsumerArn, open.SubscriptionId, now)
            ? new SubscriptionOpened(position)
            : ConsumerRules.AlreadySubscribed(open.ConsumerArn, ShardIds.Of(open.ShardIndex));
    }

    public static ShardDecision Close(ShardState state, CloseShard close, long now) =>
        new(new ShardEnded(close.ShardIndex, state.Next), state.Closed ? [] : [new ShardClosed(now)]);

    public static object Locate(ShardState state, LocateIterator locate, long now)
    {
        var (position, rejection) = ShardIterators.StartingPosition(locate.Start, state.Log(locate.ShardIndex), state.FirstAtOrAfter, locate.StreamName, now);
        return rejection ?? (object)new IteratorPosition(position);
    }

    /// <summary>Records older than the retention period expire; null when nothing has.</summary>
    public static RecordsTrimmed? Expire(ShardState state, int retentionHours, long now)
    {
        var horizon = now - retentionHours * 3_600_000L;
        var first = state.FirstAtOrAfter(horizon);
        return first > state.FirstRetained ? new RecordsTrimmed(first, state.Next) : null;
    }
}
