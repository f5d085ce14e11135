using System.Globalization;
using Shoal.Actors.Common;
using Shoal.Actors.Sharding;
using R = Shoal.Actors.Queues.QueueAttributeRules;

namespace Shoal.Actors.Queues;

/// <summary>What a command yields: the reply to send once the events are committed.</summary>
public readonly record struct Decision(object Reply, IReadOnlyList<IQueueEvent> Events)
{
    public static Decision Answer(object reply) => new(reply, []);
    public static Decision Reject(ErrorCode code, string message) => new(new Rejection(code, message), []);
}

/// <summary>The rules of a standard queue: pure, with time passed in as epoch milliseconds.</summary>
public static class QueueDecider
{
    public const long RecreateAfterDeleteMs = 60_000;
    public const long PurgeIntervalMs = 60_000;
    const int MaxExpiredPerTick = 10_000;
    const int MaxTags = 50;
    public const int MaxInFlight = 120_000;
    /// <summary>A message stays hidden at most 12 hours from its latest receive.</summary>
    const long MaxVisibilityMs = 43_200_000;

    static readonly Rejection NoSuchQueue = new(ErrorCode.QueueDoesNotExist, "The specified queue does not exist.");

    public static Decision Decide(QueueState state, IQueueCommand command, long now)
    {
        if (command is CreateQueue create) return Create(state, create, now);
        if (!state.Exists) return Decision.Answer(NoSuchQueue);
        return command switch
        {
            SendMessages send => Send(state, send, now),
            ReceiveMessages receive => Receive(state, receive, now),
            DeleteMessages delete => Delete(state, delete, now),
            ChangeVisibility change => ChangeVisibility(state, change, now),
            GetQueue => Decision.Answer(new GetQueueResult(state.Name)),
            GetQueueAttributes get => GetAttributes(state, get, now),
            SetQueueAttributes set => SetAttributes(state, set, now),
            PurgeQueue => Purge(state, now),
            DeleteQueue => new Decision(new Done(), [new QueueDeleted(now)]),
            TagQueue tag => Tag(state, tag),
            UntagQueue untag => new Decision(new Done(), [new QueueUntagged(untag.TagKeys)]),
            ListQueueTags => Decision.Answer(new TagsResult(new Dictionary<string, string>(state.Tags))),
            AddPermission add => PolicyChange(PermissionRules.Add(state.Attribute(R.Policy), R.Arn(state.Name), add.Label, add.AccountIds, add.Actions), now),
            RemovePermission remove => PolicyChange(PermissionRules.Remove(state.Attribute(R.Policy), R.Arn(state.Name), remove.Label), now),
            ExpireMessages => Expire(state, now),
            AcceptMovedMessages accept => AcceptMoved(state, accept, now),
            AcceptNotifications accept => AcceptNotifications(state, accept, now),
            HandOffAnswered answered => HandOffAnswered(state, answered, now),
            StartMoveTask start => MoveTaskRules.Start(state, start, now),
            ListMoveTasks list => MoveTaskRules.List(state, list),
            CancelMoveTask cancel => MoveTaskRules.Cancel(state, cancel, now),
            PumpMoveTask => MoveTaskRules.Pump(state, now),
            _ => Decision.Reject(ErrorCode.UnsupportedOperation, $"{command.GetType().Name} is not supported."),
        };
    }

    /// <summary>How long a receive may wait: its own WaitTimeSeconds, else the queue's default.</summary>
    public static int WaitTimeSeconds(QueueState state, ReceiveMessages receive) =>
        receive.WaitTimeSeconds ?? state.ReceiveWaitTimeSeconds;

    static Decision Create(QueueState state, CreateQueue create, long now)
    {
        if (R.ValidateName(create.Name) is { } badName) return Decision.Answer(badName);
        if (R.Validate(create.Attributes) is { } badAttribute) return Decision.Answer(badAttribute);
        if (FifoRules.ValidateCreate(create.Name, create.Attributes) is { } badFifo) return Decision.Answer(badFifo);
        if (ValidateTags(create.Tags, 0) is { } badTags) return Decision.Answer(badTags);
        if (state.Exists)
        {
            foreach (var (name, value) in create.Attributes)
            {
                var current = state.Attribute(name) ?? (name == R.FifoQueue ? "false" : "");
                if (current != value)
                    return Decision.Reject(ErrorCode.QueueNameExists,
                        $"A queue already exists with the same name and a different value for attribute {name}");
            }
            return Decision.Answer(new CreateQueueResult(state.Name));
        }
        if (state.DeletedAt is { } deletedAt && now - deletedAt < RecreateAfterDeleteMs)
            return Decision.Reject(ErrorCode.QueueDeletedRecently,
                "You must wait 60 seconds after deleting a queue before you can create another with the same name.");
        var attributes = EncryptionRules.WithImplied(create.Attributes, _ => null);
        return new Decision(new CreateQueueResult(create.Name), [new QueueCreated(create.Name, attributes, create.Tags, now)]);
    }

    static Decision Send(QueueState state, SendMessages send, long now)
    {
        if (send.IsBatch)
        {
            if (BatchRules.Validate(send.Entries.Select(e => e.Id).ToList(), "SendMessageBatchRequestEntry") is { } badBatch)
                return Decision.Answer(badBatch);
            var total = send.Entries.Sum(e => MessageRules.Size(e.Body ?? "", e.Attributes));
            if (total > R.MaxMessageSizeLimit)
                return Decision.Reject(ErrorCode.BatchRequestTooLong,
                    $"Batch requested message too long. Max allowed {R.MaxMessageSizeLimit} bytes, received {total} bytes.");
            // FIFO: a missing group or deduplication id fails the whole request, not just its entry, as in SQS.
            if (state.IsFifo && FifoRules.ValidateBatchIds(state, send.Entries) is { } missing) return Decision.Answer(missing);
        }
        var successful = new List<SentEntry>(send.Entries.Count);
        var failed = new List<EntryFailure>();
        var events = new List<IQueueEvent>(send.Entries.Count);
        var sequence = state.NextSequence;
        // FIFO: ids accepted earlier in this same batch deduplicate later entries too.
        var sentNow = new Dictionary<string, DeduplicationEntry>(StringComparer.Ordinal);
        // A resent copy finds its first if that was stored after all (FIFO queues deduplicate it anyway).
        var storedBefore = send.Resent && !state.IsFifo ? state.FindByMessageId(send.Entries.Select(e => e.MessageId)) : null;
        foreach (var entry in send.Entries)
        {
            if (ValidateEntry(state, entry) is { } failure)
            {
                if (!send.IsBatch) return Decision.Answer(failure);
                failed.Add(new EntryFailure(entry.Id, failure.Code, failure.Message));
                continue;
            }
            if (storedBefore?.GetValueOrDefault(entry.MessageId) is { } first)
            {
                successful.Add(new SentEntry(entry.Id, first.MessageId, first.Md5OfBody, first.Md5OfAttributes,
                    MessageDigest.OfAttributes(entry.SystemAttributes), null));
                continue;
            }
            var body = entry.Body!;
            var deduplicationId = state.IsFifo ? FifoRules.DeduplicationId(entry) : null;
            if (deduplicationId is not null)
            {
                var key = FifoRules.DeduplicationKey(state.DeduplicationPerGroup, entry.MessageGroupId, deduplicationId);
                // A duplicate succeeds with the original's MessageId and stores nothing.
                if ((state.FindDuplicate(key, now) ?? sentNow.GetValueOrDefault(key)) is { } original)
                {
                    successful.Add(new SentEntry(entry.Id, original.MessageId, MessageDigest.OfBody(body), MessageDigest.OfAttributes(entry.Attributes),
                        MessageDigest.OfAttributes(entry.SystemAttributes), FifoRules.SequenceNumber(original.Sequence)));
                    continue;
                }
                sentNow[key] = new DeduplicationEntry(key, entry.MessageId, sequence, now);
            }
            var message = new QueueMessage(sequence++, entry.MessageId, body, entry.Attributes, entry.SystemAttributes,
                send.SenderId, SentAt: now, MessageDigest.OfBody(body), MessageDigest.OfAttributes(entry.Attributes),
                entry.MessageGroupId, deduplicationId);
            // FIFO messages take the queue's delay only (their own DelaySeconds can only be 0).
            var delaySeconds = state.IsFifo ? state.DelaySeconds : entry.DelaySeconds ?? state.DelaySeconds;
            events.Add(new MessageSent(message, VisibleAt: now + delaySeconds * 1000L));
            successful.Add(new SentEntry(entry.Id, message.MessageId, message.Md5OfBody, message.Md5OfAttributes,
                MessageDigest.OfAttributes(entry.SystemAttributes), state.IsFifo ? FifoRules.SequenceNumber(message.Sequence) : null));
        }
        return new Decision(new SendResult(successful, failed), events);
    }

    static Rejection? ValidateEntry(QueueState state, SendEntry entry) =>
        MessageRules.ValidateBody(entry.Body)
        ?? (state.IsFifo ? FifoRules.ValidateEntry(state, entry) : FifoRules.ValidateStandardEntry(entry))
        ?? MessageRules.ValidateDelay(entry.DelaySeconds)
        ?? MessageRules.ValidateAttributes(entry.Attributes)
        ?? MessageRules.ValidateSystemAttributes(entry.SystemAttributes)
        ?? MessageRules.ValidateSize(MessageRules.Size(entry.Body!, entry.Attributes), state.MaximumMessageSize);

    static Decision Receive(QueueState state, ReceiveMessages receive, long now)
    {
        if (receive.MaxNumberOfMessages is < 1 or > 10)
            return Decision.Reject(ErrorCode.InvalidParameterValue,
                $"Value {receive.MaxNumberOfMessages} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.");
        if (receive.VisibilityTimeout is < 0 or > 43_200)
            return Decision.Reject(ErrorCode.InvalidParameterValue,
                $"Value {receive.VisibilityTimeout} for parameter VisibilityTimeout is invalid. Reason: Must be >= 0 and <= 43200, if provided.");
        if (receive.WaitTimeSeconds is < 0 or > 20)
            return Decision.Reject(ErrorCode.InvalidParameterValue,
                $"Value {receive.WaitTimeSeconds} for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.");

        var tag = ReceiptHandle.TagOf(receive.QueueId);
        // ReceiveRequestAttemptId matters on FIFO queues only, as in SQS.
        var attemptId = state.IsFifo ? receive.ReceiveRequestAttemptId : null;
        if (attemptId is not null)
        {
            if (FifoRules.ValidateAttemptId(attemptId) is { } badAttempt) return Decision.Answer(badAttempt);
            // A retry gets the same messages and receipt handles back, and changes nothing.
            if (FifoRules.RetriedAttempt(state, attemptId, now) is { } again)
                return Decision.Answer(new ReceiveResult(again.Select(m => Received(tag, m, m.ReceiveCount, m.FirstReceivedAt)).ToList()));
        }

        // Standard queues hold at most 120,000 messages in flight: a short poll past that is
        // refused with OverLimit, a long poll just finds nothing. Counting costs a walk over the
        // hidden messages, so only a queue that holds that many messages pays for it.
        if (!state.IsFifo && state.MessageCount >= MaxInFlight && state.InFlightCount(now) >= MaxInFlight)
            return WaitTimeSeconds(state, receive) == 0
                ? Decision.Reject(ErrorCode.OverLimit, $"The maximum number of in-flight messages ({MaxInFlight}) for this queue has been reached.")
                : Decision.Answer(ReceiveResult.Empty);

        // Messages received maxReceiveCount times go to the dead-letter queue instead of out again.
        var deadLetters = state.Redrive is null ? null : new List<long>();
        var picked = state.IsFifo
            ? FifoRules.Pick(state, receive.MaxNumberOfMessages, now, deadLetters)
            : FairPick(state, receive.MaxNumberOfMessages, now, deadLetters) ?? PickVisible(state, receive.MaxNumberOfMessages, now, deadLetters);
        var events = new List<IQueueEvent>(2);
        if (deadLetters is { Count: > 0 })
            events.Add(new MessagesMoving(deadLetters, EntityIds.Queue(Account.Id, state.Redrive!.DeadLetterTargetName), TaskId: null));
        if (picked.Count == 0) return new Decision(ReceiveResult.Empty, events);

        var visibleAt = now + (receive.VisibilityTimeout ?? state.VisibilityTimeoutSeconds) * 1000L;
        var received = picked.Select(m => Received(tag, m, m.ReceiveCount + 1, m.FirstReceivedAt == 0 ? now : m.FirstReceivedAt)).ToList();
        events.Add(new MessagesReceived(picked.Select(m => m.Sequence).ToList(), now, visibleAt, attemptId));
        return new Decision(new ReceiveResult(received), events);
    }

    /// <summary>At most this many dead letters leave per receive, so one receive stays one small write.</summary>
    public const int MaxDeadLettersPerReceive = 100;

    /// <summary>A message as handed out by its <paramref name="receiveCount"/>-th receive.</summary>
    static ReceivedMessage Received(uint tag, StoredMessage m, int receiveCount, long firstReceivedAt) =>
        new(m.Message, new ReceiptHandle(tag, m.Sequence, receiveCount, Guid.Parse(m.Message.MessageId)).Encode(), receiveCount, firstReceivedAt);

    /// <summary>Standard queues: the earliest visible messages, in no promised order; dead letters set aside.</summary>
    static List<StoredMessage> PickVisible(QueueState state, int max, long now, List<long>? deadLetters)
    {
        var picked = new List<StoredMessage>(max);
        foreach (var message in state.ByVisibility())
        {
            if (!message.IsVisible(now) || picked.Count == max) break;
            if (state.IsExpired(message, now)) continue;
            if (deadLetters is not null && state.ShouldDeadLetter(message, now))
            {
                if (deadLetters.Count < MaxDeadLettersPerReceive) deadLetters.Add(message.Sequence);
                continue;
            }
            picked.Add(message);
        }
        return picked;
    }

    /// <summary>The fair-queue pick when some tenant is noisy (else null), with its dead letters set aside.</summary>
    static List<StoredMessage>? FairPick(QueueState state, int max, long now, List<long>? deadLetters)
    {
        var picked = FairQueueRules.Pick(state, max, now);
        if (picked is null || deadLetters is null) return picked;
        picked.RemoveAll(message =>
        {
            if (!state.ShouldDeadLetter(message, now)) return false;
            if (deadLetters.Count < MaxDeadLettersPerReceive) deadLetters.Add(message.Sequence);
            return true;
        });
        return picked;
    }

    /// <summary>
    /// Messages another queue hands over: stored once per key (a retried hand-off adds nothing), if this
    /// queue is of the same type and, for dead letters, its RedriveAllowPolicy lets the source in.
    /// </summary>
    static Decision AcceptMoved(QueueState state, AcceptMovedMessages accept, long now)
    {
        var sourceName = RedriveRules.QueueNameOf(accept.SourceArn) ?? "";
        if (RedriveRules.IsFifoName(sourceName) != state.IsFifo)
            return Decision.Reject(ErrorCode.InvalidParameterValue, "The destination queue must be the same type of queue as the source.");
        if (accept.IsDeadLetter && !RedriveRules.Allows(state.Attribute(R.RedriveAllowPolicy), accept.SourceArn))
            return Decision.Reject(ErrorCode.InvalidParameterValue,
                $"Queue {R.Arn(state.Name)} does not allow {accept.SourceArn} to use it as a dead-letter queue.");
        var events = new List<IQueueEvent>(accept.Messages.Count);
        var sequence = state.NextSequence;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var moved in accept.Messages)
        {
            if (state.HasMovedIn(moved.Key, now) || !keys.Add(moved.Key)) continue;
            var message = RedriveRules.Arrived(moved, accept.IsDeadLetter, accept.SourceArn, state.IsFifo, sequence++, now);
            events.Add(new MessageSent(message, now + state.DelaySeconds * 1000L, new MoveReceipt(moved.Key, now)));
        }
        return new Decision(new MovedMessagesAccepted(events.Count), events);
    }

    /// <summary>
    /// A topic's notifications: a standard topic delivers only to standard queues (SNS refuses the subscription
    /// otherwise); a FIFO topic's carry their group and deduplication id, which this queue's window applies to.
    /// </summary>
    static Decision AcceptNotifications(QueueState state, AcceptNotifications accept, long now)
    {
        var fromFifo = accept.TopicArn.EndsWith(FifoRules.Suffix, StringComparison.Ordinal);
        if (state.IsFifo && !fromFifo)
            return Decision.Reject(ErrorCode.InvalidParameterValue, "A standard SNS topic cannot deliver to a FIFO queue.");
        var events = new List<IQueueEvent>(accept.Messages.Count);
        var sequence = state.NextSequence;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var deduplicationKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var notification in accept.Messages)
        {
            if (state.HasMovedIn(notification.Key, now) || !keys.Add(notification.Key)) continue;
            var message = notification.Message with { Sequence = sequence, MessageId = notification.MessageId, SentAt = now };
            if (!state.IsFifo) message = message with { MessageDeduplicationId = null };
            else if (message.MessageDeduplicationId is { } id)
            {
                var key = FifoRules.DeduplicationKey(state.DeduplicationPerGroup, message.MessageGroupId, id);
                if (state.FindDuplicate(key, now) is not null || !deduplicationKeys.Add(key)) continue;
            }
            sequence++;
            events.Add(new MessageSent(message, now + state.DelaySeconds * 1000L, new MoveReceipt(notification.Key, now)));
        }
        return new Decision(new MovedMessagesAccepted(events.Count), events);
    }

    /// <summary>
    /// The target's answer to a hand-off: accepted messages leave; refused ones come back (and, for a move
    /// task, the task fails). Messages no longer on their way there (purged, expired) are left alone.
    /// </summary>
    static Decision HandOffAnswered(QueueState state, HandOffAnswered answered, long now)
    {
        var still = answered.Sequences.Where(s => state.Find(s)?.MovingTo == answered.DestinationQueueId).ToList();
        if (answered.Refusal is not { } refusal)
            return new Decision(new Done(), still.Count == 0 ? [] : [new MessagesMoved(still, answered.TaskId)]);
        var events = new List<IQueueEvent>(2);
        if (still.Count > 0) events.Add(new MessagesMoveRefused(still, answered.TaskId, refusal.Message, now));
        if (answered.TaskId is { } taskId && state.RunningTask?.Task.Id == taskId)
            events.Add(new MoveTaskEnded(taskId, MoveTaskStatus.Failed, refusal.Message, now));
        return new Decision(new Done(), events);
    }

    static Decision Delete(QueueState state, DeleteMessages delete, long now)
    {
        var tag = ReceiptHandle.TagOf(delete.QueueId);
        return DecideEntries(delete.Entries, delete.IsBatch, e => e.Id, "DeleteMessageBatchRequestEntry", entry =>
        {
            if (!ReceiptHandle.TryDecode(entry.ReceiptHandle, out var handle) || handle.QueueTag != tag)
                return (InvalidHandle(entry.ReceiptHandle), null);
            // A stale handle (the message was received again since) succeeds without deleting, as in SQS.
            // A message on its way to another queue is no longer this handle's to delete.
            if (state.Find(handle.Sequence) is not { MovingTo: null } message || message.ReceiveCount != handle.ReceiveCount)
                return (null, null);
            // FIFO: past its visibility timeout the handle has expired, since the message is its group's to hand out again.
            if (state.IsFifo && !message.IsInFlight(now))
                return (new Rejection(ErrorCode.InvalidParameterValue,
                    $"Value {entry.ReceiptHandle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired."), null);
            return (null, new MessageDeleted(handle.Sequence));
        });
    }

    static Decision ChangeVisibility(QueueState state, ChangeVisibility change, long now)
    {
        var tag = ReceiptHandle.TagOf(change.QueueId);
        return DecideEntries(change.Entries, change.IsBatch, e => e.Id, "ChangeMessageVisibilityBatchRequestEntry", entry =>
            CheckVisibilityChange(state, entry, tag, now, out var sequence) is { } failure
                ? (failure, null)
                : (null, new MessageVisibilityChanged(sequence, now + entry.VisibilityTimeout * 1000L)));
    }

    /// <summary>
    /// Decides each entry of a receipt-handle action on its own. A batch reports rejected entries
    /// beside the successful ones; the single action answers with its entry's rejection.
    /// </summary>
    static Decision DecideEntries<T>(IReadOnlyList<T> entries, bool isBatch, Func<T, string> id, string entryName,
        Func<T, (Rejection? Rejection, IQueueEvent? Event)> decide)
    {
        if (isBatch && BatchRules.Validate(entries.Select(id).ToList(), entryName) is { } badBatch)
            return Decision.Answer(badBatch);
        var successful = new List<string>(entries.Count);
        var failed = new List<EntryFailure>();
        var events = new List<IQueueEvent>(entries.Count);
        foreach (var entry in entries)
        {
            var (rejection, e) = decide(entry);
            if (rejection is not null)
            {
                if (!isBatch) return Decision.Answer(rejection);
                failed.Add(new EntryFailure(id(entry), rejection.Code, rejection.Message));
                continue;
            }
            if (e is not null) events.Add(e);
            successful.Add(id(entry));
        }
        return new Decision(new EntriesResult(successful, failed), events);
    }

    static Rejection? CheckVisibilityChange(QueueState state, VisibilityEntry entry, uint tag, long now, out long sequence)
    {
        sequence = 0;
        if (entry.VisibilityTimeout is < 0 or > 43_200)
            return new Rejection(ErrorCode.InvalidParameterValue,
                $"Value {entry.VisibilityTimeout} for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200.");
        if (!ReceiptHandle.TryDecode(entry.ReceiptHandle, out var handle) || handle.QueueTag != tag)
            return InvalidHandle(entry.ReceiptHandle);
        sequence = handle.Sequence;
        var message = state.Find(handle.Sequence);
        if (message is null || message.ReceiveCount != handle.ReceiveCount || message.MovingTo is not null)
            return new Rejection(ErrorCode.InvalidParameterValue,
                $"Value {entry.ReceiptHandle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.");
        if (!message.IsInFlight(now))
            return new Rejection(ErrorCode.MessageNotInflight, "Message is not in flight.");
        if (now + entry.VisibilityTimeout * 1000L - message.LastReceivedAt > MaxVisibilityMs)
            return new Rejection(ErrorCode.InvalidParameterValue,
                $"Value {entry.VisibilityTimeout} for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [43200 seconds]");
        return null;
    }

    static Rejection InvalidHandle(string handle) =>
        new(ErrorCode.ReceiptHandleIsInvalid, $"The input receipt handle \"{handle}\" is not a valid receipt handle.");

    static Decision GetAttributes(QueueState state, GetQueueAttributes get, long now)
    {
        var names = get.Names.Count == 0 ? [] : get.Names;
        foreach (var name in names)
        {
            if (name != "All" && !R.IsKnown(name))
                return Decision.Reject(ErrorCode.InvalidAttributeName, $"Unknown Attribute {name}.");
        }
        var all = names.Contains("All");
        var result = new Dictionary<string, string>();
        void Put(string name, string? value)
        {
            if (value is not null && (all || names.Contains(name))) result[name] = value;
        }
        if (all || names.Any(n => n.StartsWith("ApproximateNumberOfMessages", StringComparison.Ordinal)))
        {
            var (visible, inFlight, delayed) = Count(state, now);
            Put(R.ApproximateNumberOfMessages, Text(visible));
            Put(R.ApproximateNumberOfMessagesNotVisible, Text(inFlight));
            Put(R.ApproximateNumberOfMessagesDelayed, Text(delayed));
        }
        Put(R.CreatedTimestamp, Text(state.CreatedAt / 1000));
        Put(R.LastModifiedTimestamp, Text(state.LastModifiedAt / 1000));
        Put(R.QueueArn, R.Arn(state.Name));
        foreach (var (name, value) in R.Defaults) Put(name, state.Attribute(name) ?? value);
        if (state.IsFifo)
            foreach (var name in FifoRules.Defaults.Keys) Put(name, state.Attribute(name));
        foreach (var (name, value) in state.Attributes) Put(name, value);
        return Decision.Answer(new QueueAttributesResult(result));
    }

    static (long Visible, long InFlight, long Delayed) Count(QueueState state, long now)
    {
        long visible = 0, inFlight = 0, delayed = 0;
        foreach (var message in state.BySequence())
        {
            if (state.IsExpired(message, now)) continue;
            if (message.IsInFlight(now)) inFlight++;
            else if (message.IsDelayed(now)) delayed++;
            else visible++;
        }
        return (visible, inFlight, delayed);
    }

    static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    static Decision PolicyChange((string? Policy, Rejection? Rejection) change, long now) =>
        change.Rejection is { } rejection
            ? Decision.Answer(rejection)
            : new Decision(new Done(), [new QueueAttributesSet(new Dictionary<string, string> { [R.Policy] = change.Policy! }, now)]);

    static Decision SetAttributes(QueueState state, SetQueueAttributes set, long now)
    {
        if (set.Attributes.Keys.FirstOrDefault(R.ReadOnly.Contains) is { } readOnly)
            return Decision.Reject(ErrorCode.InvalidAttributeName, $"Unknown Attribute {readOnly}.");
        if (R.Validate(set.Attributes) is { } failure) return Decision.Answer(failure);
        if (set.Attributes.TryGetValue(R.FifoQueue, out var fifo) && fifo != (state.IsFifo ? "true" : "false"))
            return Decision.Reject(ErrorCode.InvalidAttributeValue, $"Invalid value for the parameter {R.FifoQueue}. Reason: Modifying queue type is not supported.");
        if (FifoRules.ValidateAttributes(set.Attributes, state.IsFifo, state.Attribute) is { } badFifo) return Decision.Answer(badFifo);
        var attributes = EncryptionRules.WithImplied(set.Attributes, name => state.Attributes.GetValueOrDefault(name));
        return new Decision(new Done(), [new QueueAttributesSet(attributes, now)]);
    }

    static Decision Purge(QueueState state, long now)
    {
        if (state.LastPurgedAt is { } last && now - last < PurgeIntervalMs)
            return Decision.Reject(ErrorCode.PurgeQueueInProgress,
                $"Only one PurgeQueue operation on {state.Name} is allowed every 60 seconds.");
        return new Decision(new Done(), [new QueuePurged(now)]);
    }

    static Decision Tag(QueueState state, TagQueue tag)
    {
        if (ValidateTags(tag.Tags, state.Tags.Keys.Count(k => !tag.Tags.ContainsKey(k))) is { } failure)
            return Decision.Answer(failure);
        return new Decision(new Done(), [new QueueTagged(tag.Tags)]);
    }

    static Rejection? ValidateTags(IReadOnlyDictionary<string, string> tags, int otherTags)
    {
        if (tags.Count + otherTags > MaxTags)
            return new Rejection(ErrorCode.InvalidParameterValue, $"Too many tags added for queue. A queue can have at most {MaxTags} tags.");
        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 128)
                return new Rejection(ErrorCode.InvalidParameterValue, $"Tag key '{key}' must be between 1 and 128 characters long.");
            if (value.Length > 256)
                return new Rejection(ErrorCode.InvalidParameterValue, $"Tag value for key '{key}' must be at most 256 characters long.");
        }
        return null;
    }

    static Decision Expire(QueueState state, long now)
    {
        var expired = new List<long>();
        foreach (var message in state.BySequence())
        {
            if (!state.IsExpired(message, now) || expired.Count == MaxExpiredPerTick) break;
            expired.Add(message.Sequence);
        }
        var events = new List<IQueueEvent>(2);
        if (expired.Count > 0) events.Add(new MessagesExpired(expired));
        if (state.HasExpiredFifoIds(now)) events.Add(new FifoIdsExpired(now));
        return new Decision(new Done(), events);
    }
}
