using System.Diagnostics;
using Akka.Actor;
using Shoal.Actors.Common;
using Shoal.Actors.Streams;
using Shoal.Api.Protocols;

namespace Shoal.Api.Kinesis.Operations;

/// <summary>
/// Enhanced fan-out: a 200 reply of event-stream messages (aws-wire.md §7), the initial-response first (botocore needs
/// it), then a SubscribeToShardEvent whenever records are committed, or an empty one every few seconds while the shard
/// is quiet. The reply ends after five minutes, or after the event that reaches a closed shard's end (with its
/// ChildShards). Errors found before the reply starts are ordinary 400s; after, exception messages.
/// </summary>
public static class SubscribeToShard
{
    /// <summary>How long a watch waits for records before an empty event goes out.</summary>
    const int WaitMs = 5_000;
    /// <summary>Time beyond the wait for the shard to answer; a shard that moved is watched again after it.</summary>
    static readonly TimeSpan AnswerMargin = TimeSpan.FromSeconds(5);
    /// <summary>How often a live subscription checks that its consumer is still registered.</summary>
    static readonly TimeSpan ConsumerCheckEvery = TimeSpan.FromSeconds(5);

    public static async Task Handle(KinesisRequest request)
    {
        var r = request.Reader;
        var arn = r.String("ConsumerARN");
        if (ConsumerRules.ValidateArn(arn) is { } badArn) throw KinesisRequest.Error(badArn);
        var shardId = r.String("ShardId") ?? throw KinesisRequest.Error(ValidationErrors.One(null, "shardId", ValidationErrors.NotNull));
        var position = r.Object("StartingPosition") ?? throw KinesisRequest.Error(ValidationErrors.One(null, "startingPosition", ValidationErrors.NotNull));
        var start = new IteratorStart(position.String("Type") ?? "", position.String("SequenceNumber"),
            position.Decimal("Timestamp") is { } seconds ? ShardIterators.EpochMillis(seconds) : null);

        var (streamName, consumerName) = ConsumerRules.ParseArn(arn)!.Value;
        var stream = await request.Stream(streamName);
        var consumer = KinesisRequest.Consumer(stream, consumerName, arn);
        if (consumer.StatusAt(request.Now) is not "ACTIVE" and var status) throw KinesisRequest.Error(ConsumerRules.NotActive(arn!, status));
        var index = ShardIds.IndexOf(shardId);
        if (index is null || index >= stream.Shards.Count) throw KinesisRequest.Error(StreamRules.ShardDoesNotExist(shardId, streamName));

        var shardEntity = KinesisRequest.ShardEntity(stream, index.Value);
        var subscriptionId = Guid.NewGuid().ToString("N");
        var opened = await request.AskShard(new OpenSubscription(shardEntity, streamName, index.Value, stream.RetentionHours, start, arn!, subscriptionId));
        if (opened is Rejection rejection) throw KinesisRequest.Error(rejection);
        var response = request.Call.Http.Response;
        try
        {
            response.StatusCode = 200;
            response.ContentType = EventStream.ContentType;
            response.Headers["x-amzn-RequestId"] = request.Call.RequestId;
            await Send(response, EventStream.Event("initial-response", "{}"u8), request.Call.Aborted);
            await Stream(request, stream, index.Value, consumer.Name, arn!, subscriptionId, ((SubscriptionOpened)opened).Position);
        }
        catch (Exception) when (request.Call.Aborted.IsCancellationRequested)
        {
            // The client closed the subscription: nothing more to send.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The reply has started, so the failure goes out as the stream's last message.
            await Send(response, EventStream.Exception(KinesisErrors.InternalFailure.Shape, "The subscription failed; subscribe again."), request.Call.Aborted);
        }
        finally
        {
            request.TellShard(new CloseSubscription(shardEntity, arn!, subscriptionId));
        }
    }

    static async Task Stream(KinesisRequest request, StreamView stream, int index, string consumerName, string consumerArn, string subscriptionId, long position)
    {
        var response = request.Call.Http.Response;
        var aborted = request.Call.Aborted;
        var started = Stopwatch.GetTimestamp();
        var checkedConsumer = started;
        var shard = stream.Shards[index];
        var shardEntity = KinesisRequest.ShardEntity(stream, index);
        while (!aborted.IsCancellationRequested)
        {
            var left = ConsumerRules.SubscriptionLifetime - Stopwatch.GetElapsedTime(started);
            if (left <= TimeSpan.Zero) return;
            var wait = (int)Math.Min(WaitMs, Math.Max(1, left.TotalMilliseconds));
            object reply;
            try
            {
                reply = await request.AskShard(new WatchShard(shardEntity, stream.Name, index, stream.RetentionHours, position, consumerArn, subscriptionId, wait),
                    TimeSpan.FromMilliseconds(wait) + AnswerMargin);
            }
            catch (AskTimeoutException)
            {
                continue; // the shard is moving or recovering: watch it again where it lives now
            }
            catch (OperationCanceledException)
            {
                return; // the client went away
            }

            if (reply is Rejection refused)
            {
                await Send(response, EventStream.Exception(KinesisErrors.Of(refused.Code).Shape, refused.Message), aborted);
                return;
            }
            var records = (ShardRecords)reply;
            if (Stopwatch.GetElapsedTime(checkedConsumer) >= ConsumerCheckEvery)
            {
                checkedConsumer = Stopwatch.GetTimestamp();
                var deregistered = await CurrentStream(request, stream.Name) switch
                {
                    StreamView current => current.CreatedAt != stream.CreatedAt || current.Consumer(consumerName, consumerArn) is null,
                    null => false, // no answer in time: checked again at the next event
                    _ => true, // the stream was deleted
                };
                if (deregistered)
                {
                    var gone = ConsumerRules.NotFound(consumerArn, stream.Name);
                    await Send(response, EventStream.Exception(KinesisErrors.Of(gone.Code).Shape, gone.Message), aborted);
                    return;
                }
            }
            position = records.NextPosition;
            var atEnd = records.ClosedEnd is { } end && position >= end;
            // The children are in the map once the reshard that closed the shard is recorded, before its end is read.
            if (atEnd && await CurrentStream(request, stream.Name) is StreamView latest) stream = latest;
            await Send(response, Event(records, index, position, atEnd ? stream : null, shard), aborted);
            if (atEnd) return;
        }
    }

    /// <summary>The stream now (a view, or the rejection of a deleted one); null if its entity did not answer in time.</summary>
    static async Task<object?> CurrentStream(KinesisRequest request, string name)
    {
        try
        {
            return await request.AskStream(new GetStream(KinesisRequest.StreamIdOf(name)));
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    static byte[] Event(ShardRecords read, int index, long next, StreamView? endedIn, StreamShard shard)
    {
        using var json = new JsonResponseWriter();
        json.ObjectList("Records", "member", read.Records, KinesisRequest.WriteRecord);
        json.String("ContinuationSequenceNumber", SequenceNumbers.Preceding(index, next));
        json.Number("MillisBehindLatest", read.MillisBehindLatest);
        if (endedIn is not null) KinesisRequest.WriteChildShards(json, endedIn, shard);
        return EventStream.Event("SubscribeToShardEvent", json.Finish().Span);
    }

    static async Task Send(Microsoft.AspNetCore.Http.HttpResponse response, byte[] message, CancellationToken aborted)
    {
        await response.Body.WriteAsync(message, aborted);
        await response.Body.FlushAsync(aborted);
    }
}
