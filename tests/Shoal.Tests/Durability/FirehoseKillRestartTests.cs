using Shoal.Tests.Support;

namespace Shoal.Tests.Durability;

/// <summary>
/// A Firehose buffer across kill -9: a RecordId in the reply means the record is in the journal, so records still
/// buffered when the node dies are delivered once it is back, without another put to wake the delivery stream.
/// </summary>
[Trait("Tier", "Durability")]
public sealed class FirehoseKillRestartTests : IDisposable
{
    readonly string _dataDir = Directory.CreateTempSubdirectory("shoal-firehose-durability-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task Buffered_records_are_delivered_after_kill_9_and_restart()
    {
        var name = Unique.Name("fh-crash");
        var bucket = "b-" + name.ToLowerInvariant();
        var records = Enumerable.Range(0, 50).Select(i => $"record {i}\n").ToList();
        using (var node = await NodeProcess.Start(_dataDir))
        {
            // A 60 s interval: nothing is delivered before the kill.
            await FirehoseJson.CreateActive(node.Endpoint, name, new() { ["ExtendedS3DestinationConfiguration"] = FirehoseJson.S3(bucket, "crash/", 60) });
            await FirehoseJson.PutBatch(node.Endpoint, name, records.Take(25));
            await FirehoseJson.PutBatch(node.Endpoint, name, records.Skip(25));
            node.KillHard();
        }
        Assert.Empty(FirehoseJson.Objects(Path.Combine(_dataDir, "s3"), bucket, "crash"));

        using var restarted = await NodeProcess.Start(_dataDir);
        await Eventually.Holds(() =>
        {
            var delivered = FirehoseJson.Objects(Path.Combine(_dataDir, "s3"), bucket, "crash").Select(o => o.Content);
            Assert.Equal(string.Concat(records), string.Concat(delivered));
            return Task.CompletedTask;
        }, seconds: 90);
    }
}
