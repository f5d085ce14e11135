using System.Collections.Concurrent;
using Shoal.Tests.Support;

namespace Shoal.Tests.Durability;

/// <summary>
/// A Kinesis shard's log across kill -9: a sequence number in a PutRecords reply means the record is committed, so
/// after the node is killed under load and restarted every acknowledged record is read back from its shard, with its
/// data, in sequence order.
/// </summary>
[Trait("Tier", "Durability")]
public sealed class StreamKillRestartTests : IDisposable
{
    readonly string _dataDir = Directory.CreateTempSubdirectory("shoal-stream-durability-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task Every_acknowledged_record_is_read_back_in_order_after_kill_9()
    {
        var stream = Unique.Name("durable-stream");
        var acknowledged = new ConcurrentDictionary<string, (string Shard, string Data)>();
        using (var node = await NodeProcess.Start(_dataDir))
        {
            await KinesisJson.CreateActiveStream(node.Endpoint, stream, shards: 2);
            using var stop = new CancellationTokenSource();
            var producers = Enumerable.Range(0, 4).Select(p => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    try
                    {
                        await KinesisJson.PutTen(node.Endpoint, stream, $"p{p}", i, acknowledged);
                    }
                    catch (Exception)
                    {
                        return; // the node is gone: an unacknowledged batch may or may not have been stored
                    }
                }
            })).ToList();
            await Task.Delay(1500);
            node.KillHard();
            stop.Cancel();
            await Task.WhenAll(producers);
        }
        Assert.True(acknowledged.Count > 100, $"only {acknowledged.Count} records were acknowledged before the kill");

        using var restarted = await NodeProcess.Start(_dataDir, null, "--Shoal:Streams:Throughput", "relaxed");
        await KinesisJson.AssertEveryRecordReadBack(restarted.Endpoint, stream, acknowledged);
    }
}
