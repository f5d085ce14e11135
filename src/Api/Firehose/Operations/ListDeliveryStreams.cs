using System.Globalization;
using Shoal.Actors.Catalog;
using Shoal.Actors.Common;
using Shoal.Actors.Firehose;
using Shoal.Actors.Streams;
using Shoal.Api.Protocols;

namespace Shoal.Api.Firehose.Operations;

/// <summary>Names in order, Limit a page (default 10), after ExclusiveStartDeliveryStreamName, of one DeliveryStreamType if given.</summary>
public static class ListDeliveryStreams
{
    public static async Task Handle(FirehoseRequest request)
    {
        var r = request.Reader;
        var limit = r.Int("Limit") ?? 10;
        if (limit is < 1 or > 10_000)
            throw new ApiException(FirehoseErrors.Validation, ValidationErrors.One(limit.ToString(CultureInfo.InvariantCulture), "limit",
                limit < 1 ? ValidationErrors.MinValue(1) : ValidationErrors.MaxValue(10_000)).Message);
        var type = r.String("DeliveryStreamType");
        string[] types = [DeliveryStreamConfig.DirectPut, DeliveryStreamConfig.KinesisStreamAsSource, "MSKAsSource", "DatabaseAsSource"];
        if (type is not null && !types.Contains(type))
            throw new ApiException(FirehoseErrors.Validation, ValidationErrors.One(type, "deliveryStreamType", ValidationErrors.OneOf(types)).Message);
        var after = r.String("ExclusiveStartDeliveryStreamName");
        if (await request.AskCatalog(new Actors.Catalog.ListDeliveryStreams(Account.Id, after, limit, type)) is not NameList page)
            throw new ApiException(FirehoseErrors.ServiceUnavailable, "The catalog did not answer; retry the request.");
        await request.Call.Respond(w =>
        {
            w.StringList("DeliveryStreamNames", "member", page.Names.Take(limit));
            w.Bool("HasMoreDeliveryStreams", page.Names.Count > limit);
        });
    }
}
