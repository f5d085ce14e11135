using Shoal.Actors.Common;
using Shoal.Actors.Firehose;
using Shoal.Actors.Sharding;
using Shoal.Api.Protocols;

namespace Shoal.Api.Firehose;

/// <summary>A Firehose call: the decoded JSON 1.1 request plus the way to its delivery stream and the catalog.</summary>
public sealed class FirehoseRequest(AwsCall call, Entities entities, TimeProvider time)
{
    static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public AwsCall Call => call;
    public IRequestReader Reader => call.Reader;
    public long Now => time.GetUtcNow().ToUnixTimeMilliseconds();
    public Entities Entities => entities;

    /// <summary>The DeliveryStreamName, checked against the model's 1-64 of [a-zA-Z0-9_.-].</summary>
    public string DeliveryStreamName()
    {
        var name = Reader.String("DeliveryStreamName");
        if (DeliveryStreamRules.ValidateName(name) is { } invalid) throw Error(invalid);
        return name!;
    }

    public static string IdOf(string name) => EntityIds.DeliveryStream(Account.Id, name);

    public Task<object> Ask(IDeliveryStreamCommand command) => entities.Ask(entities.DeliveryStreams, command, AskTimeout, call.Aborted);

    public Task<object> AskCatalog(object command) => entities.Ask(entities.Catalog, command, AskTimeout, call.Aborted);

    /// <summary>The delivery stream as it is now, or the error the entity answered (ResourceNotFoundException).</summary>
    public async Task<DeliveryStreamView> DeliveryStream(string name) =>
        await Ask(new GetDeliveryStream(IdOf(name))) switch
        {
            DeliveryStreamView view => view,
            Rejection rejection => throw Error(rejection),
            var other => throw new InvalidOperationException($"GetDeliveryStream answered {other.GetType().Name}"),
        };

    /// <summary>An entity's or a rule's rejection as the Firehose error it is on the wire.</summary>
    public static ApiException Error(Rejection rejection) => new(FirehoseErrors.Of(rejection.Code), rejection.Message);

    public static ApiException InvalidArgument(string message) => new(FirehoseErrors.InvalidArgument, message);

    /// <summary>Answers with the result, or with the Firehose error an entity replied.</summary>
    public Task Reply<T>(object reply, Action<IResponseWriter, T> write) => reply switch
    {
        Rejection failure => call.Fail(FirehoseErrors.Of(failure.Code), failure.Message),
        T result => call.Respond(writer => write(writer, result)),
        _ => throw new InvalidOperationException($"{call.Action} got an unexpected reply {reply.GetType().Name}."),
    };

    /// <summary>An action with an empty result: "{}".</summary>
    public Task Reply(object reply) =>
        reply is Rejection rejection ? call.Fail(FirehoseErrors.Of(rejection.Code), rejection.Message) : call.Respond(_ => { });

    /// <summary>Record.Data is base64 in the JSON; a value that is not is a SerializationException.</summary>
    public static byte[] Data(IRequestReader record)
    {
        var base64 = record.String("Data") ?? throw new ApiException(FirehoseErrors.Validation,
            "1 validation error detected: Value null at 'record.data' failed to satisfy constraint: Member must not be null");
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new ApiException(FirehoseErrors.Serialization, "Data must be base64 encoded.");
        }
    }

    /// <summary>Firehose timestamps: epoch seconds with milliseconds.</summary>
    public static double Seconds(long epochMs) => epochMs / 1000.0;
}
