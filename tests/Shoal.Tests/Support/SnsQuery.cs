using System.Xml.Linq;

namespace Shoal.Tests.Support;

/// <summary>
/// SNS over its Query protocol, as every SNS client speaks it (the .NET SNS SDK is not in this machine's
/// package mirror; the conformance suites drive boto3, the aws CLI and the JS SDK). Unsigned, which Shoal
/// accepts; an ErrorResponse becomes an <see cref="SnsError"/> with its code.
/// </summary>
public sealed class SnsQuery(string endpoint)
{
    static readonly XNamespace Ns = "http://sns.amazonaws.com/doc/2010-03-31/";
    static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task<XElement> Call(string action, params (string Name, string Value)[] parameters)
    {
        var form = new List<KeyValuePair<string, string>> { new("Action", action), new("Version", "2010-03-31") };
        form.AddRange(parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)));
        using var response = await Http.PostAsync(endpoint, new FormUrlEncodedContent(form));
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync());
        if (document.Root!.Name.LocalName == "ErrorResponse")
        {
            var error = document.Root.Element(Ns + "Error")!;
            throw new SnsError((int)response.StatusCode, error.Element(Ns + "Code")!.Value, error.Element(Ns + "Message")!.Value);
        }
        return document.Root.Element(Ns + $"{action}Result") ?? new XElement(Ns + $"{action}Result");
    }

    public static string Value(XElement result, string name) => result.Descendants(Ns + name).First().Value;

    /// <summary>An Attributes map (entry/key/value) of a Get*Attributes result.</summary>
    public static Dictionary<string, string> Attributes(XElement result) =>
        result.Descendants(Ns + "entry").ToDictionary(e => e.Element(Ns + "key")!.Value, e => e.Element(Ns + "value")!.Value);

    public async Task<string> CreateTopic(string name, params (string Name, string Value)[] attributes)
    {
        var parameters = attributes.SelectMany((a, i) => new[] { ($"Attributes.entry.{i + 1}.key", a.Name), ($"Attributes.entry.{i + 1}.value", a.Value) });
        return Value(await Call("CreateTopic", [("Name", name), .. parameters]), "TopicArn");
    }

    public async Task<string> Subscribe(string topicArn, string protocol, string endpoint, params (string Name, string Value)[] attributes)
    {
        var parameters = attributes.SelectMany((a, i) => new[] { ($"Attributes.entry.{i + 1}.key", a.Name), ($"Attributes.entry.{i + 1}.value", a.Value) });
        return Value(await Call("Subscribe", [("TopicArn", topicArn), ("Protocol", protocol), ("Endpoint", endpoint), ("ReturnSubscriptionArn", "true"), .. parameters]),
            "SubscriptionArn");
    }

    /// <summary>Publishes and returns the MessageId; attributes are (name, type, value).</summary>
    public async Task<string> Publish(string topicArn, string message, (string Name, string Type, string Value)[]? attributes = null,
        params (string Name, string Value)[] more)
    {
        var parameters = (attributes ?? []).SelectMany((a, i) => new[]
        {
            ($"MessageAttributes.entry.{i + 1}.Name", a.Name),
            ($"MessageAttributes.entry.{i + 1}.Value.DataType", a.Type),
            ($"MessageAttributes.entry.{i + 1}.Value.{(a.Type.StartsWith("Binary") ? "BinaryValue" : "StringValue")}", a.Value),
        });
        return Value(await Call("Publish", [("TopicArn", topicArn), ("Message", message), .. parameters, .. more]), "MessageId");
    }
}

public sealed class SnsError(int status, string code, string message) : Exception($"{code} ({status}): {message}")
{
    public int Status { get; } = status;
    public string Code { get; } = code;
}
