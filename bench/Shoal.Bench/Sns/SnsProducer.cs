using Shoal.Bench.Http;
using Shoal.Bench.Load;
using Shoal.Bench.Metrics;

namespace Shoal.Bench.Sns;

/// <summary>Publish or PublishBatch to one topic over one connection.</summary>
internal sealed class SnsProducer(RunContext run, RawHttpConnection connection, SnsRequests requests)
    : HttpProducer(run, connection)
{
    protected override (ReadOnlyMemory<byte> Request, Op Op) Build(long firstId, int count) =>
        Run.Scenario.BatchSize() > 1
            ? (requests.PublishBatch(Run.Codec, firstId, count), Op.SnsPublishBatch)
            : (requests.Publish(Run.Codec, firstId), Op.SnsPublish);

    protected override string ErrorKind(int status, ReadOnlySpan<byte> body) => SnsResponses.ErrorKind(status, body);

    protected override int Acknowledged(ReadOnlySpan<byte> body, int count)
    {
        if (Run.Scenario.BatchSize() == 1)
        {
            if (SnsResponses.HasMessageId(body)) return 1;
            Run.Stats.AddError("Publish reply without MessageId");
            return 0;
        }
        var (mask, failed, firstFailure) = SnsResponses.BatchResult(body);
        return CheckBatch("PublishBatch", mask, failed, firstFailure, count);
    }
}
