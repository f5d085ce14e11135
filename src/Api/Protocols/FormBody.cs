namespace Shoal.Api.Protocols;

/// <summary>application/x-www-form-urlencoded: botocore writes a space as '+', the JS SDK as %20.</summary>
public static class FormBody
{
    public static Dictionary<string, string> Parse(ReadOnlySpan<char> text, Dictionary<string, string>? into = null)
    {
        var result = into ?? new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var range in text.Split('&'))
        {
            var pair = text[range];
            if (pair.IsEmpty) continue;
            var equals = pair.IndexOf('=');
            var key = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            result[key] = value;
        }
        return result;
    }

    static string Decode(ReadOnlySpan<char> text)
    {
        var plain = text.ToString().Replace('+', ' ');
        try
        {
            return Uri.UnescapeDataString(plain);
        }
        catch (UriFormatException)
        {
            throw new ApiException(AwsErrors.MalformedRequest, "The request body is not valid form encoding.");
        }
    }
}
