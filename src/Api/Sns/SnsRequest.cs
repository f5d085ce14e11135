using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using Shoal.Actors.Sharding;
using Shoal.Actors.Topics;
using Shoal.Api.Protocols;

namespace Shoal.Api.Sns;

/// <summary>An SNS call: the decoded Query request plus the way to its topic and catalog entities.</summary>
public sealed class SnsRequest(AwsCall call, Entities entities)
{
    static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public AwsCall Call => call;
    public IRequestReader Reader => call.Reader;

    /// <summary>The topic a TopicArn parameter names; an ARN that names none is NotFound, as SNS answers.</summary>
    public string TopicId(string parameter = "TopicArn")
    {
        var arn = Reader.String(parameter) ?? throw new ApiException(SnsErrors.InvalidParameter, $"Invalid parameter: {parameter}");
        var name = TopicAttributeRules.NameOf(arn)
                   ?? throw new ApiException(SnsErrors.InvalidParameter, $"Invalid parameter: {parameter} Reason: An ARN must have at least 6 elements, not {arn.Split(':').Length}");
        return EntityIds.Topic(Account.Id, name);
    }

    /// <summary>The topic and subscription a SubscriptionArn names.</summary>
    public (string TopicId, string SubscriptionId) Subscription(string parameter = "SubscriptionArn")
    {
        var arn = Reader.String(parameter) ?? throw new ApiException(SnsErrors.InvalidParameter, $"Invalid parameter: {parameter}");
        var (topic, id) = SubscriptionRules.Parse(arn) ?? throw new ApiException(SnsErrors.InvalidParameter, $"Invalid parameter: {parameter}");
        return (EntityIds.Topic(Account.Id, topic), id);
    }

    /// <summary>Required parameters are InvalidParameter in SNS when missing, not MissingParameter.</summary>
    public string Required(string name) =>
        Reader.String(name) is { Length: > 0 } value ? value : throw new ApiException(SnsErrors.InvalidParameter, $"Invalid parameter: {name}");

    public IReadOnlyDictionary<string, string> Attributes() => Reader.StringMap("Attributes", "Attributes.entry", "key", "value");

    public IReadOnlyDictionary<string, string> Tags() => Reader.StringMap("Tags", "Tags.member", "Key", "Value");

    public IReadOnlyDictionary<string, MessageAttributeValue> MessageAttributes(IRequestReader? reader = null)
    {
        try
        {
            return (reader ?? Reader).MessageAttributes("MessageAttributes", "MessageAttributes.entry");
        }
        catch (ApiException e)
        {
            throw new ApiException(SnsErrors.InvalidParameter, "Invalid parameter: " + e.Message);
        }
    }

    public Task<object> AskTopic(ITopicCommand command) => entities.Ask(entities.Topics, command, AskTimeout, call.Aborted);

    public Task<object> AskCatalog(object command) => entities.Ask(entities.Catalog, command, AskTimeout, call.Aborted);

    /// <summary>Answers with the result, or with the SNS error an entity replied.</summary>
    public Task Reply<T>(object reply, Action<XmlResponseWriter, T> write) => reply switch
    {
        Rejection failure => call.Fail(SnsErrors.Of(failure.Code), failure.Message),
        T result => call.RespondXml(writer => write(writer, result)),
        _ => throw new InvalidOperationException($"{call.Action} got an unexpected reply {reply.GetType().Name}."),
    };

    /// <summary>Answers an action that has no result.</summary>
    public Task Reply(object reply) =>
        reply is Rejection rejection ? call.Fail(SnsErrors.Of(rejection.Code), rejection.Message) : call.Respond();
}
