using Akka.Actor;
using Shoal.Actors.Common;
using Shoal.Actors.Sharding;
using Shoal.Actors.Streams;

namespace Shoal.Actors.Firehose;

public sealed partial class DeliveryStreamActor
{
    /// <summary>
    /// Reads a KinesisStreamAsSource's shards through the stream-shard region, as any consumer does (its reads count
    /// against each shard's 5 a second). A shard not read before starts at the delivery stream's creation time
    /// (AT_TIMESTAMP), so what was put from then on is delivered, and a crash before the first checkpoint skips nothing.
    /// </summary>
    public sealed class SourceReader(IActorRef streams, IActorRef shards)
    {
        static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
        /// <summary>Records a read takes from one shard: a few MiB at most, well within a batch.</summary>
        const int ReadLimit = 1000;

        public sealed record ShardRead(SourceCheckpoint Checkpoint, IReadOnlyList<byte[]> Records);

        /// <summary>What one round of reads found, shard by shard; Error when the stream could not be read at all.</summary>
        public sealed record Read(long CreatedAt, IReadOnlyList<ShardRead> Shards, string? Error = null);

        public async Task<Read> ReadAll(KinesisSource source, long createdAt, IReadOnlyList<SourceCheckpoint> checkpoints)
        {
            var streamName = StreamRules.NameOfArn(source.KinesisStreamArn)!;
            if (await streams.Ask<object>(new GetStream(EntityIds.Stream(Account.Id, streamName)), AskTimeout) is not StreamView stream)
                return new Read(createdAt, [], $"the stream {streamName} is not there");
            var byShard = checkpoints.ToDictionary(c => c.ShardIndex);
            var reads = new List<ShardRead>();
            foreach (var shard in stream.Shards)
            {
                var known = byShard.GetValueOrDefault(shard.Index);
                if (known is { Finished: true }) continue;
                var entity = EntityIds.StreamShard(Account.Id, stream.Name, stream.CreatedAt, shard.Index);
                var position = known?.NextPosition;
                if (position is null)
                {
                    var start = new IteratorStart(ShardIterators.AtTimestamp, Timestamp: createdAt);
                    if (await shards.Ask<object>(new LocateIterator(entity, stream.Name, shard.Index, stream.RetentionHours, start), AskTimeout) is not IteratorPosition located)
                        continue;
                    position = located.Position;
                }
                if (await shards.Ask<object>(new ReadShard(entity, stream.Name, shard.Index, stream.RetentionHours, position.Value, ReadLimit), AskTimeout) is not ShardRecords read)
                    continue; // Throttled or moving: the next round reads it.
                var finished = read.ClosedEnd is { } end && read.NextPosition >= end;
                if (read.Records.Count > 0 || finished || known is null)
                    reads.Add(new ShardRead(new SourceCheckpoint(shard.Index, read.NextPosition, finished), read.Records.Select(r => r.Data).ToList()));
            }
            return new Read(createdAt, reads);
        }
    }
}
