using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using Akka.Event;
using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using Shoal.Actors.Sharding;
using S = Shoal.Actors.Topics.SubscriptionRules;

namespace Shoal.Actors.Topics;

public sealed partial class TopicActor
{
    /// <summary>
    /// A topic's outbox at work, inside its entity: per subscription a lane with one batch in flight, so a
    /// subscriber gets its messages in publish order (FIFO topics rely on it), and a failed batch is sent
    /// again, unchanged, after the delivery policy's delay. SQS subscribers get up to ten messages an ask,
    /// each under a key the queue stores once, so a retry after a lost answer or a crash adds nothing;
    /// HTTP/S subscribers get one POST a message. When retries run out, or the endpoint refuses for good
    /// (a deleted queue), the batch goes to the subscription's dead-letter queue, or is dropped as SNS does.
    /// Outcomes come back to the entity, which journals them.
    /// </summary>
    sealed class Delivery(string topicId, TimeProvider time, TopicSettings settings, IActorRef queues, IActorRef self, ILoggingAdapter log,
        Action<TimeSpan> schedule)
    {
        const int MaxSqsBatch = 10;
        static readonly TimeSpan QueueTimeout = TimeSpan.FromSeconds(10);
        /// <summary>SNS gives an HTTP/S endpoint 15 s to answer.</summary>
        static readonly TimeSpan HttpTimeout = TimeSpan.FromSeconds(15);
        /// <summary>The SenderId of messages SNS puts in SQS queues.</summary>
        const string SnsSenderId = "AIDAIT2UOQQY3AUEKVGXU";

        readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);

        sealed class Lane
        {
            public bool Busy;
            public int Retries;
            public long RetryAt;
            // An HTTP/S subscription's throttlePolicy: the earliest time of its next POST.
            public long NextPostAt;
            // The batch that failed for good, on its way to the dead-letter queue (only it: later messages are still to be tried).
            public IReadOnlyList<long>? DeadLetters;
            public bool ToDeadLetterQueue => DeadLetters is not null;
        }

        /// <summary>How one attempt ended. Accepted: delivered. Permanent: the endpoint will never take it.</summary>
        public sealed record Answer(string SubscriptionId, IReadOnlyList<long> Sequences, bool ToDeadLetterQueue, bool Accepted, bool Permanent, string Detail);

        /// <summary>After a recovery: every subscription with messages left starts again.</summary>
        public void Resume(TopicState state)
        {
            foreach (var subscription in state.Pending.Keys.ToList()) Pump(state, subscription, state.NextSequence - 1);
        }

        /// <summary>Sends the subscription's next batch, unless one is in flight or waiting for its retry.</summary>
        public void Pump(TopicState state, string subscriptionId, long committedThrough)
        {
            var lane = _lanes.TryGetValue(subscriptionId, out var existing) ? existing : _lanes[subscriptionId] = new Lane();
            if (lane.Busy || lane.RetryAt > time.NowMs()) return;
            if (state.FindSubscription(subscriptionId) is not { } subscription)
            {
                _lanes.Remove(subscriptionId);
                return;
            }
            // Nothing pending: the lane stays, so its throttle clock still spaces the next post.
            if (!state.Pending.TryGetValue(subscriptionId, out var pending)) return;
            // A RedrivePolicy removed meanwhile: the batch is tried at its endpoint again instead.
            if (lane.ToDeadLetterQueue && S.DeadLetterQueueOf(subscription.Attribute(S.RedrivePolicy)) is null) lane.DeadLetters = null;
            var toQueue = subscription.Protocol == S.Sqs || lane.ToDeadLetterQueue;
            var now = time.NowMs();
            if (!toQueue && lane.NextPostAt > now)
            {
                // Throttled (maxReceivesPerSecond): the lane waits like a retry.
                lane.RetryAt = lane.NextPostAt;
                schedule(TimeSpan.FromMilliseconds(lane.NextPostAt - now));
                return;
            }
            var sequences = lane.DeadLetters ?? pending.Where(s => s <= committedThrough).Take(toQueue ? MaxSqsBatch : 1).ToList();
            var batch = sequences.Where(pending.Contains).Select(s => state.FindPublished(s)).OfType<PublishedMessage>().ToList();
            if (batch.Count == 0)
            {
                lane.DeadLetters = null;
                return;
            }
            lane.Busy = true;
            lane.RetryAt = 0;
            if (lane.ToDeadLetterQueue) SendToQueue(state, subscription, batch, S.DeadLetterQueueOf(subscription.Attribute(S.RedrivePolicy))!, toDeadLetterQueue: true);
            else if (subscription.Protocol == S.Sqs) SendToQueue(state, subscription, batch, S.QueueNameOf(subscription.Endpoint)!, toDeadLetterQueue: false);
            else PostNotification(state, subscription, batch[0]);
        }

        /// <summary>Takes an attempt's outcome: the deliveries to record (null while they go on); a retry is scheduled.</summary>
        public EndDeliveries? Answered(TopicState state, Answer answer)
        {
            if (!_lanes.TryGetValue(answer.SubscriptionId, out var lane)) return null;
            lane.Busy = false;
            var subscription = state.FindSubscription(answer.SubscriptionId);
            if (answer.Accepted || subscription is null)
            {
                var outcome = answer.ToDeadLetterQueue ? DeliveryOutcome.DeadLettered : DeliveryOutcome.Delivered;
                lane.Retries = 0;
                lane.DeadLetters = null;
                return subscription is null ? null : new EndDeliveries(topicId, answer.SubscriptionId, answer.Sequences, outcome);
            }
            var retry = answer.Permanent ? null : NextRetry(state, subscription, lane);
            if (retry is { } delay)
            {
                lane.Retries++;
                lane.RetryAt = time.NowMs() + (long)delay.TotalMilliseconds;
                schedule(delay);
                return null;
            }
            lane.Retries = 0;
            // Out of retries, or refused for good: the dead-letter queue if there is one (and this was not it), else dropped.
            if (!answer.ToDeadLetterQueue && S.DeadLetterQueueOf(subscription.Attribute(S.RedrivePolicy)) is not null)
            {
                log.Info("Topic {0}: delivery to {1} failed ({2}); moving {3} message(s) to its dead-letter queue",
                    topicId, subscription.Endpoint, answer.Detail, answer.Sequences.Count);
                lane.DeadLetters = answer.Sequences;
                return null;
            }
            log.Warning("Topic {0}: delivery to {1} failed ({2}); {3} message(s) discarded, as SNS does without a dead-letter queue",
                topicId, subscription.Endpoint, answer.Detail, answer.Sequences.Count);
            lane.DeadLetters = null;
            return new EndDeliveries(topicId, answer.SubscriptionId, answer.Sequences, DeliveryOutcome.Discarded);
        }

        /// <summary>Lanes whose retry is due go again.</summary>
        public void RetryDue(TopicState state, long committedThrough)
        {
            var now = time.NowMs();
            var next = long.MaxValue;
            foreach (var (subscription, lane) in _lanes.ToList())
            {
                if (lane.Busy || lane.RetryAt == 0) continue;
                if (lane.RetryAt <= now)
                {
                    lane.RetryAt = 0;
                    Pump(state, subscription, committedThrough);
                }
                else next = Math.Min(next, lane.RetryAt);
            }
            if (next != long.MaxValue) schedule(TimeSpan.FromMilliseconds(next - now));
        }

        /// <summary>Lanes of subscriptions that are gone stop.</summary>
        public void Forget(TopicState state)
        {
            foreach (var subscription in _lanes.Keys.ToList())
                if (state.FindSubscription(subscription) is null) _lanes.Remove(subscription);
        }

        /// <summary>
        /// SQS (and dead-letter queues) by SNS's schedule for AWS-managed endpoints; HTTP/S by the effective
        /// delivery policy. Null: no retry left.
        /// </summary>
        TimeSpan? NextRetry(TopicState state, Subscription subscription, Lane lane)
        {
            var policy = subscription.Protocol == S.Sqs || lane.ToDeadLetterQueue
                ? RetryPolicy.AwsManagedEndpoint
                : EffectiveDeliveryPolicies.For(state.Attribute(TopicAttributeRules.DeliveryPolicy), subscription.Attribute(S.DeliveryPolicy)).HealthyRetryPolicy;
            return RetrySchedule.DelayBefore(policy, lane.Retries + 1);
        }

        void SendToQueue(TopicState state, Subscription subscription, IReadOnlyList<PublishedMessage> batch, string queueName, bool toDeadLetterQueue)
        {
            var messages = batch.Select(m =>
            {
                var key = $"{topicId}#{m.Sequence}#{subscription.Id}{(toDeadLetterQueue ? "#dlq" : "")}";
                return new MovedMessage(key, StableGuid(key), QueueMessageFor(state, subscription, m));
            }).ToList();
            var sequences = batch.Select(m => m.Sequence).ToList();
            var command = new AcceptNotifications(EntityIds.Queue(Account.Id, queueName), state.Arn, messages);
            queues.Ask<object>(command, QueueTimeout).PipeTo(self,
                success: reply => reply switch
                {
                    MovedMessagesAccepted => new Answer(subscription.Id, sequences, toDeadLetterQueue, true, false, "delivered"),
                    // A queue that does not exist (or cannot take this topic's messages) never will: SNS does not retry client errors.
                    Rejection { Code: ErrorCode.QueueDoesNotExist or ErrorCode.InvalidParameterValue } refusal =>
                        new Answer(subscription.Id, sequences, toDeadLetterQueue, false, true, refusal.Message),
                    Rejection other => new Answer(subscription.Id, sequences, toDeadLetterQueue, false, false, other.Message),
                    _ => new Answer(subscription.Id, sequences, toDeadLetterQueue, false, false, reply.GetType().Name),
                },
                failure: e => new Answer(subscription.Id, sequences, toDeadLetterQueue, false, false, e.GetType().Name));
        }

        /// <summary>What the queue stores: the envelope, or with RawMessageDelivery the message itself and its attributes.</summary>
        QueueMessage QueueMessageFor(TopicState state, Subscription subscription, PublishedMessage message)
        {
            var raw = subscription.RawMessageDelivery;
            var body = raw
                ? MessageStructureRules.MessageFor(message.Message, message.MessageStructure, S.Sqs)
                : Envelope(state, subscription, message);
            // String.Array reads in SQS as a String with a custom type label, so it arrives as published.
            var attributes = raw ? message.Attributes : new Dictionary<string, MessageAttributeValue>();
            return new QueueMessage(0, "", body, attributes, new Dictionary<string, MessageAttributeValue>(), SnsSenderId, 0,
                MessageDigest.OfBody(body), MessageDigest.OfAttributes(attributes), message.MessageGroupId, message.MessageDeduplicationId);
        }

        string Envelope(TopicState state, Subscription subscription, PublishedMessage message) =>
            NotificationEnvelope.ForNotification(new Notification(
                message.MessageId, state.Arn, message.Subject,
                MessageStructureRules.MessageFor(message.Message, message.MessageStructure, subscription.Protocol),
                message.PublishedAt, message.Attributes,
                state.IsFifo ? TopicDecider.SequenceNumber(message.Sequence) : null,
                SignatureVersionOf(state), settings.SigningCertUrl, UnsubscribeUrl(state, subscription)), settings.Signer);

        static SignatureVersion SignatureVersionOf(TopicState state) =>
            state.Attribute(TopicAttributeRules.SignatureVersion) == "2" ? SignatureVersion.Sha256WithRsa : SignatureVersion.Sha1WithRsa;

        string UnsubscribeUrl(TopicState state, Subscription subscription) =>
            $"{settings.PublicUrl}/?Action=Unsubscribe&SubscriptionArn={Uri.EscapeDataString(S.Arn(state.Arn, subscription.Id))}";

        void PostNotification(TopicState state, Subscription subscription, PublishedMessage message)
        {
            var raw = subscription.RawMessageDelivery;
            var body = raw ? MessageStructureRules.MessageFor(message.Message, message.MessageStructure, subscription.Protocol) : Envelope(state, subscription, message);
            var policy = EffectiveDeliveryPolicies.For(state.Attribute(TopicAttributeRules.DeliveryPolicy), subscription.Attribute(S.DeliveryPolicy));
            if (policy.MaxReceivesPerSecond is > 0 and var rate && _lanes.TryGetValue(subscription.Id, out var lane))
                lane.NextPostAt = time.NowMs() + 1000 / rate;
            var request = Request(subscription.Endpoint, body, policy.HeaderContentType, "Notification", message.MessageId, state.Arn);
            request.Headers.Add("x-amz-sns-subscription-arn", S.Arn(state.Arn, subscription.Id));
            if (raw) request.Headers.Add("x-amz-sns-rawdelivery", "true");
            var sequences = new[] { message.Sequence };
            Post(request).PipeTo(self,
                success: status => new Answer(subscription.Id, sequences, false, IsDelivered(status), false, $"HTTP {status}"),
                failure: e => new Answer(subscription.Id, sequences, false, false, false, e.GetType().Name));
        }

        /// <summary>SNS counts any answer from 200 to 499 as delivered; 5xx, no answer or 15 s of silence are retried.</summary>
        static bool IsDelivered(int status) => status is >= 200 and < 500;

        /// <summary>The SubscriptionConfirmation for an HTTP/S subscriber, tried by the default HTTP policy (3 more times, 20 s apart).</summary>
        public void RequestConfirmation(TopicState state, Subscription subscription)
        {
            var subscribeUrl = $"{settings.PublicUrl}/?Action=ConfirmSubscription&TopicArn={Uri.EscapeDataString(state.Arn)}&Token={subscription.Token}";
            var messageId = Guid.NewGuid().ToString();
            var body = NotificationEnvelope.ForSubscriptionConfirmation(new Confirmation(
                messageId, subscription.Token!, state.Arn, subscribeUrl, time.NowMs(), SignatureVersionOf(state), settings.SigningCertUrl), settings.Signer);
            var endpoint = subscription.Endpoint;
            var topicArn = state.Arn;
            _ = Task.Run(async () =>
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        var status = await Post(Request(endpoint, body, EffectiveDeliveryPolicy.DefaultHeaderContentType, "SubscriptionConfirmation", messageId, topicArn));
                        if (IsDelivered(status)) return;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                    }
                    if (RetrySchedule.DelayBefore(RetryPolicy.HttpDefault, attempt) is not { } delay) return;
                    await Task.Delay(delay);
                }
            });
        }

        static HttpRequestMessage Request(string endpoint, string body, string contentType, string type, string messageId, string topicArn)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, Encoding.UTF8) };
            request.Content.Headers.Remove("Content-Type");
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            request.Headers.Add("x-amz-sns-message-type", type);
            request.Headers.Add("x-amz-sns-message-id", messageId);
            request.Headers.Add("x-amz-sns-topic-arn", topicArn);
            request.Headers.TryAddWithoutValidation("User-Agent", "Amazon Simple Notification Service Agent");
            return request;
        }

        async Task<int> Post(HttpRequestMessage request)
        {
            using var timeout = new CancellationTokenSource(HttpTimeout);
            using var response = await settings.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return (int)response.StatusCode;
        }

        /// <summary>The same key always gives the same MessageId, so a redelivered copy looks like the first.</summary>
        static string StableGuid(string key) => new Guid(MD5.HashData(Encoding.UTF8.GetBytes(key))).ToString();
    }
}
