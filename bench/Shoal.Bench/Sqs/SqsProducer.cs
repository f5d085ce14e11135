using Shoal.Bench.Http;
using Shoal.Bench.Load;
using Shoal.Bench.Metrics;

namespace Shoal.Bench.Sqs;

/// <summary>SendMessage or SendMessageBatch over one connection; to a FIFO queue, over this producer's message groups.</summary>
internal sealed class SqsProducer(RunContext run, RawHttpConnection connection, SqsRequests requests)
    : HttpProducer(run, connection)
{
    private readonly GroupCursor? _groups = run.Fifo?.ForProducer(run.NextProducerIndex());

    protected override (ReadOnlyMemory<byte> Request, Op Op) Build(long firstId, int count) =>
        Run.Scenario.BatchSize() > 1
            ? (requests.SendMessageBatch(Run.Codec, firstId, count, Run.Fifo, _groups), Op.SendMessageBatch)
            : (requests.SendMessage(Run.Codec, firstId, Run.Fifo, _groups), Op.SendMessage);

    protected override string ErrorKind(int status, ReadOnlySpan<byte> body) => SqsResponses.ErrorKind(status, body);

    protected override int Acknowledged(ReadOnlySpan<byte> body, int count)
    {
        try
        {
            if (Run.Scenario.BatchSize() == 1)
            {
                if (SqsResponses.HasMessageId(body)) return 1;
                Run.Stats.AddError("SendMessage reply without MessageId");
                return 0;
            }
            var (mask, failed, firstFailure) = SqsResponses.BatchResult(body);
            return CheckBatch("SendMessageBatch", mask, failed, firstFailure, count);
        }
        catch (System.Text.Json.JsonException)
        {
            Run.Stats.AddError("malformed JSON reply", count);
            return 0;
        }
    }
}
