using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using S = Shoal.Actors.Topics.SubscriptionRules;
using T = Shoal.Actors.Topics.TopicAttributeRules;

namespace Shoal.Actors.Topics;

/// <summary>What a topic command yields: the reply to send once the events are committed.</summary>
public readonly record struct TopicDecision(object Reply, IReadOnlyList<ITopicEvent> Events)
{
    public static TopicDecision Answer(object reply) => new(reply, []);
    public static TopicDecision Reject(ErrorCode code, string message) => new(new Rejection(code, message), []);
}

/// <summary>The rules of an SNS topic: pure, with time passed in as epoch milliseconds.</summary>
public static class TopicDecider
{
    const int MaxTags = 50;
    const int MaxFifoSubscriptions = 100;
    const int SubscriptionsPerPage = 100;

    static readonly Rejection NoSuchTopic = new(ErrorCode.NotFound, "Topic does not exist");
    static readonly Rejection NoSuchSubscription = new(ErrorCode.NotFound, "Subscription does not exist");

    public static TopicDecision Decide(TopicState state, ITopicCommand command, long now)
    {
        switch (command)
        {
            case CreateTopic create:
                return Create(state, create, now);
            case DeleteTopic:
                // Deleting a topic that does not exist is not an error.
                return state.Exists ? new TopicDecision(new Done(), [new TopicDeleted(now)]) : TopicDecision.Answer(new Done());
            case EndDeliveries end:
                return EndDeliveries(state, end);
        }
        if (!state.Exists)
            return TopicDecision.Answer(command is TagTopic or UntagTopic or ListTopicTags
                ? new Rejection(ErrorCode.ResourceNotFound, "Resource does not exist")
                : command is GetSubscriptionAttributes or Topics.SetSubscriptionAttribute ? NoSuchSubscription : NoSuchTopic);
        return command switch
        {
            GetTopicAttributes => TopicDecision.Answer(new TopicAttributesResult(TopicAttributes(state))),
            SetTopicAttribute set => SetAttribute(state, set),
            Subscribe subscribe => Subscribe(state, subscribe, now),
            ConfirmSubscription confirm => Confirm(state, confirm),
            Unsubscribe unsubscribe => state.FindSubscription(unsubscribe.SubscriptionId) is null
                ? TopicDecision.Answer(new Done())
                : new TopicDecision(new Done(), [new Unsubscribed(unsubscribe.SubscriptionId)]),
            GetSubscriptionAttributes get => state.FindSubscription(get.SubscriptionId) is { } found
                ? TopicDecision.Answer(new SubscriptionAttributesResult(SubscriptionAttributes(state, found)))
                : TopicDecision.Answer(NoSuchSubscription),
            SetSubscriptionAttribute set => SetSubscriptionAttribute(state, set),
            ListTopicSubscriptions list => ListSubscriptions(state, list),
            Publish publish => Publish(state, publish, now),
            TagTopic tag => Tag(state, tag),
            UntagTopic untag => new TopicDecision(new Done(), [new TopicUntagged(untag.TagKeys)]),
            ListTopicTags => TopicDecision.Answer(new TopicTagsResult(new Dictionary<string, string>(state.Tags))),
            AddTopicPermission add => PolicyChange(TopicPermissionRules.Add(Policy(state), state.Arn, add.Label, add.AccountIds, add.Actions)),
            RemoveTopicPermission remove => PolicyChange(TopicPermissionRules.Remove(Policy(state), remove.Label)),
            _ => TopicDecision.Reject(ErrorCode.InvalidParameter, $"{command.GetType().Name} is not supported."),
        };
    }

    static TopicDecision Create(TopicState state, CreateTopic create, long now)
    {
        var fifo = create.Attributes.GetValueOrDefault(T.FifoTopic) == "true";
        if (T.ValidateName(create.Name, fifo) is { } badName) return TopicDecision.Answer(badName);
        if (T.ValidateCreate(create.Attributes, fifo) is { } badAttribute) return TopicDecision.Answer(badAttribute);
        if (ValidateTags(create.Tags, 0) is { } badTags) return TopicDecision.Answer(badTags);
        // Idempotent: the existing topic's ARN, unless the request names other tags for it.
        if (state.Exists)
            return create.Tags.Count > 0 && create.Tags.Any(t => state.Tags.GetValueOrDefault(t.Key) != t.Value)
                ? TopicDecision.Reject(ErrorCode.InvalidParameter, "Invalid parameter: Tags Reason: Topic already exists with different tags")
                : TopicDecision.Answer(new TopicCreatedResult(state.Arn));
        var attributes = create.Attributes.Where(a => a.Key != T.FifoTopic || fifo).ToDictionary();
        return new TopicDecision(new TopicCreatedResult(T.Arn(create.Name)), [new TopicCreated(create.Name, attributes, create.Tags, now)]);
    }

    static TopicDecision SetAttribute(TopicState state, SetTopicAttribute set)
    {
        if (T.Validate(set.Name, set.Value, state.IsFifo) is { } bad) return TopicDecision.Answer(bad);
        return new TopicDecision(new Done(), [new TopicAttributeSet(set.Name, set.Value)]);
    }

    static string Policy(TopicState state) => state.Attribute(T.Policy) ?? T.DefaultPolicy(state.Arn);

    static TopicDecision PolicyChange((string? Policy, Rejection? Rejection) change) =>
        change.Rejection is { } rejection
            ? TopicDecision.Answer(rejection)
            : new TopicDecision(new Done(), [new TopicAttributeSet(T.Policy, change.Policy!)]);

    public static IReadOnlyDictionary<string, string> TopicAttributes(TopicState state)
    {
        var subscriptions = state.Subscriptions.ToList();
        var attributes = new Dictionary<string, string>
        {
            ["TopicArn"] = state.Arn,
            ["Owner"] = Account.Id,
            [T.Policy] = Policy(state),
            [T.DisplayName] = state.Attribute(T.DisplayName) ?? "",
            ["SubscriptionsPending"] = subscriptions.Count(s => !s.Confirmed).ToString(CultureInfo.InvariantCulture),
            ["SubscriptionsConfirmed"] = subscriptions.Count(s => s.Confirmed).ToString(CultureInfo.InvariantCulture),
            ["SubscriptionsDeleted"] = state.SubscriptionsDeleted.ToString(CultureInfo.InvariantCulture),
            ["EffectiveDeliveryPolicy"] = EffectiveDeliveryPolicies.TopicJson(state.Attribute(T.DeliveryPolicy)),
        };
        if (state.IsFifo)
        {
            attributes[T.FifoTopic] = "true";
            attributes[T.ContentBasedDeduplication] = state.ContentBasedDeduplication ? "true" : "false";
            attributes[T.FifoThroughputScope] = state.Attribute(T.FifoThroughputScope) ?? "Topic";
        }
        foreach (var (name, value) in state.Attributes)
            if (name != T.FifoTopic) attributes[name] = value;
        return attributes;
    }

    static TopicDecision Subscribe(TopicState state, Subscribe subscribe, long now)
    {
        if (S.ValidateEndpoint(subscribe.Protocol, subscribe.Endpoint, state.IsFifo) is { } badEndpoint) return TopicDecision.Answer(badEndpoint);
        var scope = subscribe.Attributes.GetValueOrDefault(S.FilterPolicyScope);
        foreach (var (name, value) in subscribe.Attributes)
            if (S.Validate(name, value, subscribe.Protocol, scope, atSubscribe: true) is { } bad) return TopicDecision.Answer(bad);
        var endpoint = subscribe.Endpoint!;
        if (state.Subscriptions.FirstOrDefault(s => s.Protocol == subscribe.Protocol && s.Endpoint == endpoint) is { } existing)
        {
            // Subscribing again is idempotent, unless it asks for other attributes.
            if (subscribe.Attributes.Any(a => (existing.Attribute(a.Key) ?? "") != a.Value))
                return TopicDecision.Reject(ErrorCode.InvalidParameter, "Invalid parameter: Attributes Reason: Subscription already exists with different attributes");
            return TopicDecision.Answer(new SubscribeResult(S.Arn(state.Arn, existing.Id), !existing.Confirmed));
        }
        if (state.IsFifo && state.Subscriptions.Count() >= MaxFifoSubscriptions)
            return TopicDecision.Reject(ErrorCode.SubscriptionLimitExceeded, "Subscription limit exceeded");
        var confirmed = !S.NeedsConfirmation(subscribe.Protocol);
        // A queue of the topic owner's account is confirmed by the owner's own Subscribe call: authenticated.
        var subscription = new Subscription(subscribe.SubscriptionId, subscribe.Protocol, endpoint,
            new Dictionary<string, string>(subscribe.Attributes), confirmed, confirmed ? null : subscribe.Token, now, ConfirmationWasAuthenticated: confirmed);
        return new TopicDecision(new SubscribeResult(S.Arn(state.Arn, subscription.Id), !confirmed), [new Subscribed(subscription)]);
    }

    static TopicDecision Confirm(TopicState state, ConfirmSubscription confirm)
    {
        var subscription = state.Subscriptions.FirstOrDefault(s => s.Token is not null && s.Token == confirm.Token);
        if (subscription is null) return TopicDecision.Reject(ErrorCode.InvalidParameter, "Invalid parameter: Token");
        var result = new SubscribeResult(S.Arn(state.Arn, subscription.Id), Pending: false);
        return subscription.Confirmed
            ? TopicDecision.Answer(result)
            : new TopicDecision(result, [new SubscriptionConfirmed(subscription.Id, confirm.AuthenticateOnUnsubscribe)]);
    }

    public static IReadOnlyDictionary<string, string> SubscriptionAttributes(TopicState state, Subscription subscription)
    {
        var attributes = new Dictionary<string, string>
        {
            ["SubscriptionArn"] = S.Arn(state.Arn, subscription.Id),
            ["TopicArn"] = state.Arn,
            ["Owner"] = Account.Id,
            ["Protocol"] = subscription.Protocol,
            ["Endpoint"] = subscription.Endpoint,
            ["ConfirmationWasAuthenticated"] = subscription.ConfirmationWasAuthenticated ? "true" : "false",
            ["PendingConfirmation"] = subscription.Confirmed ? "false" : "true",
            [S.RawMessageDelivery] = subscription.RawMessageDelivery ? "true" : "false",
            ["SubscriptionPrincipal"] = $"arn:aws:iam::{Account.Id}:root",
        };
        if (S.NeedsConfirmation(subscription.Protocol))
            attributes["EffectiveDeliveryPolicy"] = EffectiveDeliveryPolicies.SubscriptionJson(
                state.Attribute(T.DeliveryPolicy), subscription.Attribute(S.DeliveryPolicy));
        foreach (var (name, value) in subscription.Attributes) attributes[name] = value;
        if (subscription.Attribute(S.FilterPolicy) is { Length: > 0 } && !attributes.ContainsKey(S.FilterPolicyScope))
            attributes[S.FilterPolicyScope] = "MessageAttributes";
        return attributes;
    }

    static TopicDecision SetSubscriptionAttribute(TopicState state, SetSubscriptionAttribute set)
    {
        if (state.FindSubscription(set.SubscriptionId) is not { } subscription) return TopicDecision.Answer(NoSuchSubscription);
        // A scope change is checked against the policy already there, a policy against the scope already there.
        var scope = set.Name == S.FilterPolicyScope ? set.Value : subscription.Attribute(S.FilterPolicyScope);
        if (S.Validate(set.Name, set.Value, subscription.Protocol, scope, atSubscribe: false) is { } bad) return TopicDecision.Answer(bad);
        if (set.Name == S.FilterPolicyScope && subscription.Attribute(S.FilterPolicy) is { Length: > 0 } policy
            && FilterPolicyRules.Validate(policy, S.ScopeOf(set.Value)).Rejection is { } conflict)
            return TopicDecision.Answer(conflict);
        return new TopicDecision(new Done(), [new SubscriptionAttributeSet(subscription.Id, set.Name, set.Value)]);
    }

    static TopicDecision ListSubscriptions(TopicState state, ListTopicSubscriptions list)
    {
        var subscriptions = state.Subscriptions.ToList();
        var start = 0;
        if (!string.IsNullOrEmpty(list.NextToken))
        {
            var after = ReadToken(list.NextToken);
            var index = after is null ? -1 : subscriptions.FindIndex(s => s.Id == after);
            if (index < 0) return TopicDecision.Reject(ErrorCode.InvalidParameter, "Invalid parameter: NextToken");
            start = index + 1;
        }
        var page = subscriptions.Skip(start).Take(SubscriptionsPerPage).ToList();
        var token = start + page.Count < subscriptions.Count ? WriteToken(page[^1].Id) : null;
        return TopicDecision.Answer(new SubscriptionList(page.Select(s => View(state, s)).ToList(), token));
    }

    public static SubscriptionView View(TopicState state, Subscription subscription) =>
        new(subscription.Confirmed ? S.Arn(state.Arn, subscription.Id) : "PendingConfirmation", subscription.Protocol, subscription.Endpoint, state.Arn);

    static string WriteToken(string id) => Convert.ToBase64String(Encoding.UTF8.GetBytes("after:" + id));

    static string? ReadToken(string token)
    {
        var bytes = new byte[token.Length];
        if (!Convert.TryFromBase64String(token, bytes, out var written)) return null;
        var text = Encoding.UTF8.GetString(bytes, 0, written);
        return text.StartsWith("after:", StringComparison.Ordinal) ? text["after:".Length..] : null;
    }

    static TopicDecision Publish(TopicState state, Publish publish, long now)
    {
        if (publish.IsBatch && BatchRules.Validate(publish.Entries.Select(e => e.Id).ToList(), "PublishBatchRequestEntries") is { } badBatch)
            return TopicDecision.Answer(badBatch);
        if (publish.IsBatch && publish.Entries.Sum(PublishRules.Size) is var total && total > PublishRules.MaxMessageBytes)
            return TopicDecision.Reject(ErrorCode.BatchRequestTooLong,
                $"The length of all the messages put together is more than the limit. Max allowed {PublishRules.MaxMessageBytes} bytes, received {total} bytes.");
        var successful = new List<PublishedEntry>(publish.Entries.Count);
        var failed = new List<EntryFailure>();
        var events = new List<ITopicEvent>(publish.Entries.Count);
        var sequence = state.NextSequence;
        var publishedNow = new Dictionary<string, PublishedEntry>(StringComparer.Ordinal);
        foreach (var entry in publish.Entries)
        {
            if (PublishRules.Validate(state, entry) is { } failure)
            {
                if (!publish.IsBatch) return TopicDecision.Answer(failure);
                failed.Add(new EntryFailure(entry.Id, failure.Code, failure.Message));
                continue;
            }
            string? deduplicationId = null;
            if (state.IsFifo)
            {
                deduplicationId = PublishRules.DeduplicationId(entry);
                var key = state.DeduplicationKey(deduplicationId, entry.MessageGroupId);
                // Within the 5-minute window a repeated id is accepted and stores nothing: the first's ids come back.
                if (state.FindDeduplication(key, now) is { } first)
                {
                    successful.Add(new PublishedEntry(entry.Id, first.MessageId, SequenceNumber(first.Sequence)));
                    continue;
                }
                if (publishedNow.TryGetValue(key, out var earlier))
                {
                    successful.Add(earlier with { Id = entry.Id });
                    continue;
                }
            }
            else if (publish.Resent && state.FindPublishedById(entry.MessageId) is { } stored)
            {
                // The first copy arrived after all (the API resent it when a broker left): not published twice.
                successful.Add(new PublishedEntry(entry.Id, stored.MessageId, null));
                continue;
            }
            var message = new PublishedMessage(sequence++, entry.MessageId, entry.Message!, entry.Subject, entry.MessageStructure,
                entry.Attributes, now, entry.MessageGroupId, deduplicationId);
            events.Add(new MessagePublished(message, Recipients(state, message)));
            var published = new PublishedEntry(entry.Id, message.MessageId, state.IsFifo ? SequenceNumber(message.Sequence) : null);
            if (deduplicationId is not null) publishedNow[state.DeduplicationKey(deduplicationId, entry.MessageGroupId)] = published;
            successful.Add(published);
        }
        return new TopicDecision(new PublishResult(successful, failed), events);
    }

    /// <summary>The confirmed subscriptions whose filter policy (if any) lets the message through, in subscription order.</summary>
    static List<string> Recipients(TopicState state, PublishedMessage message)
    {
        var recipients = new List<string>();
        foreach (var subscription in state.Subscriptions)
        {
            if (!subscription.Confirmed) continue;
            if (state.PolicyOf(subscription.Id) is { } policy && !policy.Matches(message.Attributes, MessageStructureRules.MessageFor(message.Message, message.MessageStructure, subscription.Protocol)))
                continue;
            recipients.Add(subscription.Id);
        }
        return recipients;
    }

    /// <summary>A FIFO topic's SequenceNumber: 20 digits, increasing per topic.</summary>
    public static string SequenceNumber(long sequence) => sequence.ToString("D20", CultureInfo.InvariantCulture);

    static TopicDecision EndDeliveries(TopicState state, EndDeliveries end)
    {
        var still = state.Pending.TryGetValue(end.SubscriptionId, out var pending)
            ? end.Sequences.Where(pending.Contains).ToList()
            : [];
        return new TopicDecision(new Done(), still.Count == 0 ? [] : [new DeliveriesEnded(end.SubscriptionId, still, end.Outcome)]);
    }

    static TopicDecision Tag(TopicState state, TagTopic tag)
    {
        if (ValidateTags(tag.Tags, state.Tags.Keys.Count(k => !tag.Tags.ContainsKey(k))) is { } bad) return TopicDecision.Answer(bad);
        return new TopicDecision(new Done(), [new TopicTagged(tag.Tags)]);
    }

    static Rejection? ValidateTags(IReadOnlyDictionary<string, string> tags, int kept)
    {
        if (tags.Count + kept > MaxTags)
            return new Rejection(ErrorCode.TagLimitExceeded, "Could not complete request: tag quota of per resource exceeded");
        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 128 || key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                return new Rejection(ErrorCode.InvalidParameter, $"Invalid parameter: Tags Reason: Tag key [{key}] is not valid");
            if (value.Length > 256)
                return new Rejection(ErrorCode.InvalidParameter, $"Invalid parameter: Tags Reason: Tag value of key [{key}] is too long");
        }
        return null;
    }
}
