using Shoal.Actors.Firehose;
using Shoal.Actors.Streams;
using Shoal.Api.Protocols;

namespace Shoal.Api.Firehose;

/// <summary>Firehose tags: a list of {Key, Value}, keys 1-128 and values up to 256 characters, 50 a delivery stream.</summary>
public static class Tags
{
    public static IReadOnlyDictionary<string, string> Read(IRequestReader r, string member)
    {
        var tags = new Dictionary<string, string>();
        var entries = r.Entries(member, member);
        var path = char.ToLowerInvariant(member[0]) + member[1..];
        if (entries.Count > DeliveryStreamDecider.MaxTags)
            throw new ApiException(FirehoseErrors.Validation, ValidationErrors.One(null, path, ValidationErrors.MaxLength(DeliveryStreamDecider.MaxTags)).Message.Replace("Value null at", "Value at"));
        foreach (var entry in entries)
        {
            var key = entry.String("Key");
            if (key is null or { Length: 0 or > 128 })
                throw new ApiException(FirehoseErrors.Validation, ValidationErrors.One(key, path + ".member.key", key is null ? ValidationErrors.NotNull : ValidationErrors.MaxLength(128)).Message);
            var value = entry.String("Value") ?? "";
            if (value.Length > 256)
                throw new ApiException(FirehoseErrors.Validation, ValidationErrors.One(value, path + ".member.value", ValidationErrors.MaxLength(256)).Message);
            tags[key] = value;
        }
        return tags;
    }
}
