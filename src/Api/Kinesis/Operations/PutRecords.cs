using Shoal.Actors.Common;
using Shoal.Actors.Streams;
using Shoal.Api.Protocols;

namespace Shoal.Api.Kinesis.Operations;

/// <summary>
/// Up to 500 records, each routed by its partition key's MD5 (or ExplicitHashKey) to the open shard whose range holds it;
/// each shard stores its part as one write, in parallel. A record the shard's throughput refuses fails alone.
/// </summary>
public static class PutRecords
{
    public static async Task Handle(KinesisRequest request)
    {
        var name = request.StreamName();
        var entries = request.Reader.Entries("Records", "Records");
        var records = entries.Select(Read).ToList();
        var stream = await request.Stream(name);
        if (StreamRules.ValidatePutRecords(records.Select(r => r.Shape).ToList(), stream.MaxRecordSizeKiB, name) is { } invalid) throw KinesisRequest.Error(invalid);
        var results = await Put(request, stream, records);
        await request.Call.Respond(w =>
        {
            w.Number("FailedRecordCount", results.Count(r => r.SequenceNumber is null));
            w.ObjectList("Records", "member", results, (e, result) =>
            {
                e.String("SequenceNumber", result.SequenceNumber);
                e.String("ShardId", result.SequenceNumber is null ? null : ShardIds.Of(SequenceNumbers.Decode(result.SequenceNumber)!.Value.ShardIndex));
                e.String("ErrorCode", result.ErrorCode);
                e.String("ErrorMessage", result.ErrorMessage);
            });
            w.String("EncryptionType", stream.EncryptionType);
        });
    }

    public sealed record Entry(RecordShape Shape, byte[] Data);

    public static Entry Read(IRequestReader r)
    {
        var data = Data(r.String("Data"));
        return new Entry(new RecordShape(data?.Length ?? 0, r.String("PartitionKey"), r.String("ExplicitHashKey")), data ?? []);
    }

    /// <summary>Data is base64 in the JSON; a value that is not is a SerializationException, as AWS answers.</summary>
    static byte[]? Data(string? base64)
    {
        if (base64 is null) return null;
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new ApiException(KinesisErrors.Serialization, "Data must be base64 encoded.");
        }
    }

    /// <summary>
    /// Stores validated records, each in its shard; the results in request order. Records that reached a shard a
    /// reshard had just closed are routed again by the stream's new map, once.
    /// </summary>
    public static async Task<PutRecordResult[]> Put(KinesisRequest request, StreamView stream, IReadOnlyList<Entry> records)
    {
        var results = new PutRecordResult?[records.Count];
        var closed = await PutOnce(request, stream, records, Enumerable.Range(0, records.Count).ToList(), results);
        if (closed.Count > 0)
        {
            stream = await request.Stream(stream.Name);
            if ((await PutOnce(request, stream, records, closed, results)).Count > 0)
                throw new ApiException(KinesisErrors.ServiceUnavailable, "The stream is resharding; retry the request.");
        }
        return results.Select(r => r!).ToArray();
    }

    /// <summary>Puts the given slots; returns those whose shard turned out closed.</summary>
    static async Task<List<int>> PutOnce(KinesisRequest request, StreamView stream, IReadOnlyList<Entry> records, IReadOnlyList<int> slots, PutRecordResult?[] results)
    {
        var open = HashKeys.OpenByHashKey(stream.Shards);
        var byShard = new Dictionary<int, List<IncomingRecord>>();
        foreach (var slot in slots)
        {
            var (key, rejection) = HashKeys.KeyOf(records[slot].Shape.PartitionKey!, records[slot].Shape.ExplicitHashKey);
            if (rejection is not null) throw KinesisRequest.Error(rejection);
            var shard = HashKeys.ShardFor(open, key) ?? throw new ApiException(KinesisErrors.ServiceUnavailable, "No open shard holds the hash key; retry the request.");
            if (!byShard.TryGetValue(shard.Index, out var list)) byShard[shard.Index] = list = [];
            list.Add(new IncomingRecord(slot, records[slot].Shape.PartitionKey!, records[slot].Data));
        }
        var replies = await Task.WhenAll(byShard.Select(pair => request.AskShard(new PutShardRecords(
            KinesisRequest.ShardEntity(stream, pair.Key), stream.Name, pair.Key, stream.RetentionHours, pair.Value, stream.EncryptionType, stream.OnDemand))));
        var closed = new List<int>();
        foreach (var (reply, shard) in replies.Zip(byShard.Keys))
        {
            switch (reply)
            {
                case Rejection rejection:
                    throw KinesisRequest.Error(rejection);
                case ShardIsClosed:
                    closed.AddRange(byShard[shard].Select(r => r.Slot));
                    break;
                default:
                    foreach (var result in ((ShardPutResult)reply).Results) results[result.Slot] = result;
                    break;
            }
        }
        return closed;
    }
}
