using Shoal.Actors.Streams;
using Shoal.Api.Protocols;

namespace Shoal.Api.Kinesis.Operations;

/// <summary>One record, routed as in PutRecords; a throughput refusal fails the call (ProvisionedThroughputExceededException).</summary>
public static class PutRecord
{
    public static async Task Handle(KinesisRequest request)
    {
        var name = request.StreamName();
        var record = PutRecords.Read(request.Reader);
        var stream = await request.Stream(name);
        if (StreamRules.ValidatePutRecord(record.Shape, stream.MaxRecordSizeKiB, name) is { } invalid) throw KinesisRequest.Error(invalid);
        var result = (await PutRecords.Put(request, stream, [record]))[0];
        if (result.SequenceNumber is null) throw new ApiException(KinesisErrors.ProvisionedThroughputExceeded, result.ErrorMessage ?? "Rate exceeded.");
        await request.Call.Respond(w =>
        {
            w.String("ShardId", ShardIds.Of(SequenceNumbers.Decode(result.SequenceNumber)!.Value.ShardIndex));
            w.String("SequenceNumber", result.SequenceNumber);
            w.String("EncryptionType", stream.EncryptionType);
        });
    }
}
