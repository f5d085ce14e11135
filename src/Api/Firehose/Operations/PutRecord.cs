using Shoal.Actors.Firehose;

namespace Shoal.Api.Firehose.Operations;

/// <summary>One record into the buffer: the reply (its RecordId) comes once the record is in the journal.</summary>
public static class PutRecord
{
    public static async Task Handle(FirehoseRequest request)
    {
        var name = request.DeliveryStreamName();
        var record = request.Reader.Object("Record") ?? throw new Protocols.ApiException(Protocols.FirehoseErrors.Validation,
            "1 validation error detected: Value null at 'record' failed to satisfy constraint: Member must not be null");
        var data = FirehoseRequest.Data(record);
        if (DeliveryStreamRules.ValidateBatch([data.Length], batch: false) is { } invalid) throw FirehoseRequest.Error(invalid);
        var reply = await request.Ask(new PutFirehoseRecords(FirehoseRequest.IdOf(name), [data]));
        await request.Reply<FirehoseRecordsAccepted>(reply, (w, accepted) =>
        {
            w.String("RecordId", accepted.RecordIds[0]);
            w.Bool("Encrypted", false);
        });
    }
}
