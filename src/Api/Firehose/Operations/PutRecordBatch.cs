using Shoal.Actors.Firehose;

namespace Shoal.Api.Firehose.Operations;

/// <summary>
/// Up to 500 records (4 MiB) into the buffer in one journal write: all are taken or none, so FailedPutCount is 0 on
/// success; a failed write is an error for the whole call, which the SDKs retry.
/// </summary>
public static class PutRecordBatch
{
    public static async Task Handle(FirehoseRequest request)
    {
        var name = request.DeliveryStreamName();
        var records = request.Reader.Entries("Records", "Records").Select(FirehoseRequest.Data).ToList();
        if (DeliveryStreamRules.ValidateBatch(records.Select(r => r.Length).ToList(), batch: true) is { } invalid) throw FirehoseRequest.Error(invalid);
        var reply = await request.Ask(new PutFirehoseRecords(FirehoseRequest.IdOf(name), records));
        await request.Reply<FirehoseRecordsAccepted>(reply, (w, accepted) =>
        {
            w.Number("FailedPutCount", 0);
            w.Bool("Encrypted", false);
            w.ObjectList("RequestResponses", "member", accepted.RecordIds, (e, id) => e.String("RecordId", id));
        });
    }
}
