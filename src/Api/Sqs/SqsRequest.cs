using Akka.Actor;
using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using Shoal.Actors.Sharding;
using Shoal.Api.Protocols;


namespace Shoal.Api.Sqs;

/// <summary>An SQS call: the decoded request plus the way to its queue and catalog entities.</summary>
public sealed class SqsRequest(AwsCall call, Entities entities)
{
    /// <summary>Beyond the 20 s long poll, so a parked receive always answers before the ask gives up.</summary>
    static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    static readonly TimeSpan LongPollMargin = TimeSpan.FromSeconds(10);

    public AwsCall Call => call;
    public IRequestReader Reader => call.Reader;

    /// <summary>
    /// The queue named by QueueUrl's last path segment (clients send any URL verbatim,
    /// aws-wire.md §6), a bare name, or, for old Query clients, the request path.
    /// </summary>
    public string QueueId()
    {
        var url = Reader.String("QueueUrl");
        if (string.IsNullOrEmpty(url))
        {
            url = call.Http.Request.Path.Value;
            if (string.IsNullOrEmpty(url) || url == "/")
                throw new ApiException(AwsErrors.MissingParameter, "The request must contain the parameter QueueUrl.");
        }
        var name = url.TrimEnd('/');
        return QueueIdOf(name[(name.LastIndexOf('/') + 1)..]);
    }

    /// <summary>A name no queue can have names no queue: QueueDoesNotExist, as SQS answers.</summary>
    public static string QueueIdOf(string name) =>
        QueueAttributeRules.ValidateName(name) is null
            ? EntityIds.Queue(Account.Id, name)
            : throw new ApiException(AwsErrors.QueueDoesNotExist, "The specified queue does not exist.");

    public string QueueUrl(string name) => $"http://{call.Host}/{Account.Id}/{name}";

    public Task<object> AskQueue(IQueueCommand command, int waitSeconds = 0) =>
        entities.Ask(entities.Queues, command, AskTimeout + (waitSeconds > 0 ? TimeSpan.FromSeconds(waitSeconds) + LongPollMargin : TimeSpan.Zero), call.Aborted);

    public Task<object> AskCatalog(object command) => entities.Ask(entities.Catalog, command, AskTimeout, call.Aborted);

    /// <summary>Answers with the result, or with the AWS error an entity replied.</summary>
    public Task Reply<T>(object reply, Action<IResponseWriter, T> write) => reply switch
    {
        Rejection failure => call.Fail(AwsErrors.Of(failure.Code), failure.Message),
        T result => call.Respond(writer => write(writer, result)),
        _ => throw new InvalidOperationException($"{call.Action} got an unexpected reply {reply.GetType().Name}."),
    };

    /// <summary>Answers an action that has no result: the Query reply then has no Result element.</summary>
    public Task Reply(object reply) =>
        reply is Rejection rejection ? call.Fail(AwsErrors.Of(rejection.Code), rejection.Message) : call.Respond();

    public static void WriteFailed(IResponseWriter writer, IReadOnlyList<EntryFailure> failed) =>
        writer.ObjectList("Failed", "BatchResultErrorEntry", failed, (w, f) =>
        {
            w.String("Id", f.Id);
            w.Bool("SenderFault", f.SenderFault);
            w.String("Code", AwsErrors.Of(f.Code).QueryCode);
            w.String("Message", f.Message);
        });
}
