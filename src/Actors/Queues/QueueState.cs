using System.Globalization;
using R = Shoal.Actors.Queues.QueueAttributeRules;

namespace Shoal.Actors.Queues;

/// <summary>
/// A queue as its events left it. Mutable for speed (a backlog can be millions of messages),
/// but changed only by <see cref="Apply"/>, so snapshot plus tail equals a full replay.
/// </summary>
public sealed class QueueState
{
    readonly SortedDictionary<long, StoredMessage> _bySequence = new();
    readonly SortedSet<(long VisibleAt, long Sequence)> _byVisibility = new();
    // The messages received at least once, by when they become visible again: counts in-flight cheaply.
    readonly SortedSet<(long VisibleAt, long Sequence)> _received = new();
    // FIFO: each group's messages by sequence, so a receive takes a group's run without walking the queue.
    readonly Dictionary<string, SortedSet<long>> _byGroup = new(StringComparer.Ordinal);
    readonly Dictionary<string, string> _attributes = new();
    readonly Dictionary<string, string> _tags = new();
    readonly FifoWindow<DeduplicationEntry> _deduplication = new(e => e.Key, e => e.SentAt);
    readonly FifoWindow<ReceiveAttempt> _attempts = new(a => a.Id, a => a.At);
    // Messages handed to another queue and not yet confirmed by it.
    readonly HashSet<long> _moving = new();
    // Keys of messages other queues moved here, so a repeated hand-off (after a crash) stores nothing twice.
    readonly FifoWindow<MoveReceipt> _movedIn = new(r => r.Key, r => r.At, MoveReceipt.WindowMs);
    readonly List<MoveTaskView> _moveTasks = new();
    readonly MessageGroups _groups = new();

    public string Name { get; private set; } = "";
    public bool Exists { get; private set; }
    public long CreatedAt { get; private set; }
    public long LastModifiedAt { get; private set; }
    public long? DeletedAt { get; private set; }
    public long? LastPurgedAt { get; private set; }
    /// <summary>Sequence numbers never repeat within a queue's journal, across re-creation too.</summary>
    public long NextSequence { get; private set; } = 1;

    public IReadOnlyDictionary<string, string> Attributes => _attributes;
    public IReadOnlyDictionary<string, string> Tags => _tags;
    public int MessageCount => _bySequence.Count;
    /// <summary>Messages received at least once and not deleted: in flight, or visible again.</summary>
    public int ReceivedCount => _received.Count;
    /// <summary>Standard queues' message groups (fair-queue tenants); FIFO queues keep none.</summary>
    public MessageGroups Groups => _groups;

    // Typed views of the attributes the rules read on every message.
    public int VisibilityTimeoutSeconds { get; private set; }
    public int DelaySeconds { get; private set; }
    public int MaximumMessageSize { get; private set; }
    public long RetentionMs { get; private set; }
    public int ReceiveWaitTimeSeconds { get; private set; }
    public bool IsFifo { get; private set; }
    public bool ContentBasedDeduplication { get; private set; }
    public bool DeduplicationPerGroup { get; private set; }
    public RedrivePolicy? Redrive { get; private set; }
    /// <summary>Until when receives deliver messages past maxReceiveCount, because the target refused a move.</summary>
    public long RedriveBlockedUntil { get; private set; }

    /// <summary>Move tasks, oldest first: the running one (if any) and the latest finished ones.</summary>
    public IReadOnlyList<MoveTaskView> MoveTasks => _moveTasks;
    public MoveTaskView? RunningTask => _moveTasks.Count > 0 && _moveTasks[^1].Status == MoveTaskStatus.Running ? _moveTasks[^1] : null;
    public bool HasMovesPending => _moving.Count > 0;

    public QueueState() => RefreshTypedAttributes();

    /// <summary>The effective value of a settable attribute: set explicitly, or its default.</summary>
    public string? Attribute(string name) =>
        _attributes.TryGetValue(name, out var value)
            ? value
            : R.Defaults.GetValueOrDefault(name) ?? (IsFifo ? FifoRules.Defaults.GetValueOrDefault(name) : null);

    public StoredMessage? Find(long sequence) => _bySequence.GetValueOrDefault(sequence);

    /// <summary>Messages in the order they can be received: earliest visible first.</summary>
    public IEnumerable<StoredMessage> ByVisibility()
    {
        foreach (var (_, sequence) in _byVisibility)
            yield return _bySequence[sequence];
    }

    /// <summary>Messages oldest first.</summary>
    public IEnumerable<StoredMessage> BySequence() => _bySequence.Values;

    /// <summary>
    /// The stored messages among <paramref name="messageIds"/>, by MessageId. A walk over every message: only
    /// a resent send asks, which happens around a broker's failure, so no index is kept for it.
    /// </summary>
    public Dictionary<string, QueueMessage> FindByMessageId(IEnumerable<string> messageIds)
    {
        var wanted = messageIds.ToHashSet(StringComparer.Ordinal);
        var found = new Dictionary<string, QueueMessage>(StringComparer.Ordinal);
        foreach (var stored in _bySequence.Values)
            if (wanted.Contains(stored.Message.MessageId)) found[stored.Message.MessageId] = stored.Message;
        return found;
    }

    /// <summary>
    /// The messages of a FIFO group from <paramref name="sequence"/> on, oldest first. Callers start at the
    /// group's oldest live message, so few are skipped; a view (GetViewBetween) would count its whole range first.
    /// </summary>
    public IEnumerable<StoredMessage> GroupFrom(string group, long sequence)
    {
        if (!_byGroup.TryGetValue(group, out var sequences)) yield break;
        foreach (var next in sequences)
        {
            if (next >= sequence) yield return _bySequence[next];
        }
    }

    /// <summary>
    /// Received messages still hidden at <paramref name="now"/>: all received ones but those visible
    /// again, which sit at the front and are few (the next receives pick them up).
    /// </summary>
    public int InFlightCount(long now)
    {
        var visibleAgain = 0;
        foreach (var (visibleAt, _) in _received)
        {
            if (visibleAt > now) break;
            visibleAgain++;
        }
        return _received.Count - visibleAgain;
    }

    /// <summary>Received messages whose visibility timeout has run out: the front of the received ones.</summary>
    public IEnumerable<StoredMessage> VisibleAgain(long now)
    {
        foreach (var (visibleAt, sequence) in _received)
        {
            if (visibleAt > now) yield break;
            yield return _bySequence[sequence];
        }
    }

    public long? NextVisibleAt => _byVisibility.Count == 0 ? null : _byVisibility.Min.VisibleAt;

    /// <summary>When the next message that is hidden now (delayed or in flight) turns visible.</summary>
    public long? NextVisibleAfter(long now)
    {
        // A view's Count walks all of it; its first element is found in O(log n).
        foreach (var (visibleAt, _) in _byVisibility.GetViewBetween((now + 1, long.MinValue), (long.MaxValue, long.MaxValue)))
            return visibleAt;
        return null;
    }

    public bool IsExpired(StoredMessage message, long now) => message.Message.SentAt + RetentionMs <= now;

    /// <summary>A receive that finds this message moves it to the dead-letter queue instead of handing it out.</summary>
    public bool ShouldDeadLetter(StoredMessage message, long now) =>
        Redrive is { } policy && message.ReceiveCount >= policy.MaxReceiveCount && now >= RedriveBlockedUntil;

    /// <summary>Messages handed to another queue, not yet confirmed, oldest first.</summary>
    public IEnumerable<StoredMessage> Moving() => _moving.Order().Select(sequence => _bySequence[sequence]);

    /// <summary>Whether a message another queue moved here under this key arrived within the window.</summary>
    public bool HasMovedIn(string key, long now) => _movedIn.Find(key, now) is not null;

    /// <summary>The accepted message a FIFO send with this deduplication key duplicates, if within the window.</summary>
    public DeduplicationEntry? FindDuplicate(string key, long now) => _deduplication.Find(key, now);

    /// <summary>The FIFO receive that used this ReceiveRequestAttemptId within the window, if any.</summary>
    public ReceiveAttempt? FindAttempt(string id, long now) => _attempts.Find(id, now);

    /// <summary>Whether some deduplication or receive attempt id has outlived the window and can be forgotten.</summary>
    public bool HasExpiredFifoIds(long now) => _deduplication.HasExpired(now) || _attempts.HasExpired(now) || _movedIn.HasExpired(now);

    public QueueState Apply(IQueueEvent e)
    {
        switch (e)
        {
            case MessageSent sent:
                Add(new StoredMessage(sent.Message, sent.VisibleAt));
                NextSequence = Math.Max(NextSequence, sent.Message.Sequence + 1);
                if (sent.Message.MessageDeduplicationId is { } deduplicationId)
                {
                    _deduplication.Forget(sent.Message.SentAt);
                    _deduplication.Add(new DeduplicationEntry(
                        FifoRules.DeduplicationKey(DeduplicationPerGroup, sent.Message.MessageGroupId, deduplicationId),
                        sent.Message.MessageId, sent.Message.Sequence, sent.Message.SentAt));
                }
                if (sent.Moved is { } receipt)
                {
                    _movedIn.Forget(receipt.At);
                    _movedIn.Add(receipt);
                }
                break;
            case MessagesReceived received:
                foreach (var sequence in received.Sequences)
                {
                    if (!_bySequence.TryGetValue(sequence, out var message)) continue;
                    message.ReceiveCount++;
                    Reschedule(message, received.VisibleAt);
                    if (message.FirstReceivedAt == 0) message.FirstReceivedAt = received.At;
                    message.LastReceivedAt = received.At;
                }
                if (received.AttemptId is { } attemptId)
                {
                    _attempts.Forget(received.At);
                    _attempts.Add(new ReceiveAttempt(attemptId, received.At, received.VisibleAt, received.Sequences));
                }
                break;
            case MessageDeleted deleted:
                Remove(deleted.Sequence);
                break;
            case MessageVisibilityChanged changed:
                if (_bySequence.TryGetValue(changed.Sequence, out var target)) Reschedule(target, changed.VisibleAt);
                break;
            case MessagesExpired expired:
                foreach (var sequence in expired.Sequences) Remove(sequence);
                break;
            case QueuePurged purged:
                ClearMessages();
                LastPurgedAt = purged.At;
                break;
            case FifoIdsExpired expired:
                _deduplication.Forget(expired.At);
                _attempts.Forget(expired.At);
                _movedIn.Forget(expired.At);
                break;
            case MessagesMoving moving:
                foreach (var sequence in moving.Sequences)
                {
                    if (!_bySequence.TryGetValue(sequence, out var message)) continue;
                    message.MovingTo = moving.DestinationQueueId;
                    message.MoveTask = moving.TaskId;
                    Reschedule(message, StoredMessage.Parked);
                    _moving.Add(sequence);
                }
                break;
            case MessagesMoved moved:
                var removed = moved.Sequences.Count(Remove);
                if (moved.TaskId is { } movedBy) UpdateTask(movedBy, t => t with { Moved = t.Moved + removed });
                break;
            case MessagesMoveRefused refused:
                foreach (var sequence in refused.Sequences)
                {
                    if (!_bySequence.TryGetValue(sequence, out var message) || message.MovingTo is null) continue;
                    message.MovingTo = null;
                    message.MoveTask = null;
                    Reschedule(message, refused.At);
                    _moving.Remove(sequence);
                }
                if (refused.TaskId is null) RedriveBlockedUntil = refused.At + RedriveRules.BlockedAfterRefusalMs;
                break;
            case MoveTaskStarted started:
                _moveTasks.Add(new MoveTaskView(started.Task, MoveTaskStatus.Running, 0, null));
                if (_moveTasks.Count > MoveTaskRules.MaxListed) _moveTasks.RemoveAt(0);
                break;
            case MoveTaskEnded ended:
                UpdateTask(ended.TaskId, t => t with { Status = ended.Status, FailureReason = ended.FailureReason });
                break;
            case QueueCreated created:
                ClearMessages();
                ClearFifoIds();
                _moveTasks.Clear();
                RedriveBlockedUntil = 0;
                _attributes.Clear();
                _tags.Clear();
                Name = created.Name;
                Exists = true;
                CreatedAt = LastModifiedAt = created.At;
                DeletedAt = null;
                LastPurgedAt = null;
                SetAttributes(created.Attributes, creating: true);
                foreach (var (key, value) in created.Tags) _tags[key] = value;
                break;
            case QueueAttributesSet set:
                SetAttributes(set.Attributes);
                LastModifiedAt = set.At;
                break;
            case QueueTagged tagged:
                foreach (var (key, value) in tagged.Tags) _tags[key] = value;
                break;
            case QueueUntagged untagged:
                foreach (var key in untagged.TagKeys) _tags.Remove(key);
                break;
            case QueueDeleted deleted:
                ClearMessages();
                ClearFifoIds();
                _moveTasks.Clear();
                Exists = false;
                DeletedAt = deleted.At;
                break;
        }
        return this;
    }

    /// <summary>FifoQueue is fixed when the queue is created; only "true" is kept, so standard queues never report it.</summary>
    void SetAttributes(IReadOnlyDictionary<string, string> attributes, bool creating = false)
    {
        foreach (var (name, value) in attributes)
        {
            if (name == R.FifoQueue)
            {
                if (creating && value == "true") _attributes[name] = value;
            }
            // An empty value removes an optional policy, as SQS does.
            else if (value.Length == 0 && !R.Defaults.ContainsKey(name)) _attributes.Remove(name);
            else _attributes[name] = value;
        }
        RefreshTypedAttributes();
    }

    void RefreshTypedAttributes()
    {
        int Int(string name) => int.Parse(Attribute(name)!, CultureInfo.InvariantCulture);
        VisibilityTimeoutSeconds = Int(R.VisibilityTimeout);
        DelaySeconds = Int(R.DelaySeconds);
        MaximumMessageSize = Int(R.MaximumMessageSize);
        RetentionMs = Int(R.MessageRetentionPeriod) * 1000L;
        ReceiveWaitTimeSeconds = Int(R.ReceiveMessageWaitTimeSeconds);
        IsFifo = _attributes.GetValueOrDefault(R.FifoQueue) == "true";
        ContentBasedDeduplication = IsFifo && Attribute(FifoRules.ContentBasedDeduplication) == "true";
        DeduplicationPerGroup = IsFifo && Attribute(FifoRules.DeduplicationScope) == "messageGroup";
        Redrive = RedriveRules.ParsePolicy(Attribute(R.RedrivePolicy));
    }

    void UpdateTask(string taskId, Func<MoveTaskView, MoveTaskView> change)
    {
        var index = _moveTasks.FindIndex(t => t.Task.Id == taskId);
        if (index >= 0) _moveTasks[index] = change(_moveTasks[index]);
    }

    void ClearFifoIds()
    {
        _deduplication.Clear();
        _attempts.Clear();
        _movedIn.Clear();
    }

    void Add(StoredMessage message)
    {
        _bySequence[message.Sequence] = message;
        _byVisibility.Add((message.VisibleAt, message.Sequence));
        if (message.ReceiveCount > 0) _received.Add((message.VisibleAt, message.Sequence));
        if (message.MovingTo is not null) _moving.Add(message.Sequence);
        if (TenantOf(message) is { } tenant) _groups.Add(tenant, message.VisibleAt, message.Sequence, message.ReceiveCount > 0);
        if (FifoGroupOf(message) is { } group)
        {
            if (!_byGroup.TryGetValue(group, out var sequences)) _byGroup[group] = sequences = [];
            sequences.Add(message.Sequence);
        }
    }

    bool Remove(long sequence)
    {
        if (!_bySequence.Remove(sequence, out var message)) return false;
        _byVisibility.Remove((message.VisibleAt, sequence));
        _received.Remove((message.VisibleAt, sequence));
        _moving.Remove(sequence);
        if (TenantOf(message) is { } tenant) _groups.Remove(tenant, message.VisibleAt, sequence, message.ReceiveCount > 0);
        if (FifoGroupOf(message) is { } group && _byGroup.TryGetValue(group, out var sequences)
            && sequences.Remove(sequence) && sequences.Count == 0)
            _byGroup.Remove(group);
        return true;
    }

    void Reschedule(StoredMessage message, long visibleAt)
    {
        _byVisibility.Remove((message.VisibleAt, message.Sequence));
        var wasReceived = _received.Remove((message.VisibleAt, message.Sequence));
        if (TenantOf(message) is { } group)
            _groups.Reschedule(group, message.Sequence, message.VisibleAt, visibleAt, firstReceive: !wasReceived && message.ReceiveCount > 0);
        message.VisibleAt = visibleAt;
        _byVisibility.Add((visibleAt, message.Sequence));
        if (message.ReceiveCount > 0) _received.Add((visibleAt, message.Sequence));
    }

    /// <summary>The fair-queue tenant a message counts for; FIFO queues order their groups instead.</summary>
    string? TenantOf(StoredMessage message) => IsFifo ? null : message.Message.MessageGroupId;

    /// <summary>The FIFO group a message is ordered in; standard queues keep their tenants in the fair-queue index instead.</summary>
    string? FifoGroupOf(StoredMessage message) => IsFifo ? message.Message.MessageGroupId : null;

    void ClearMessages()
    {
        _bySequence.Clear();
        _byVisibility.Clear();
        _received.Clear();
        _moving.Clear();
        _groups.Clear();
        _byGroup.Clear();
    }

    public QueueSnapshot ToSnapshot() => new(
        Name, Exists, CreatedAt, LastModifiedAt, DeletedAt, LastPurgedAt, NextSequence,
        new Dictionary<string, string>(_attributes), new Dictionary<string, string>(_tags),
        _bySequence.Values.Select(m => new SnapshotMessage(m.Message, m.VisibleAt, m.ReceiveCount, m.FirstReceivedAt, m.LastReceivedAt,
            m.MovingTo, m.MoveTask)).ToList(),
        _deduplication.ToList(),
        _attempts.ToList(),
        _movedIn.ToList(),
        _moveTasks.ToList(),
        RedriveBlockedUntil);

    public static QueueState FromSnapshot(QueueSnapshot snapshot)
    {
        var state = new QueueState
        {
            Name = snapshot.Name,
            Exists = snapshot.Exists,
            CreatedAt = snapshot.CreatedAt,
            LastModifiedAt = snapshot.LastModifiedAt,
            DeletedAt = snapshot.DeletedAt,
            LastPurgedAt = snapshot.LastPurgedAt,
            NextSequence = snapshot.NextSequence,
            RedriveBlockedUntil = snapshot.RedriveBlockedUntil,
        };
        state.SetAttributes(snapshot.Attributes, creating: true);
        foreach (var (key, value) in snapshot.Tags) state._tags[key] = value;
        foreach (var m in snapshot.Messages)
            state.Add(new StoredMessage(m.Message, m.VisibleAt)
            {
                ReceiveCount = m.ReceiveCount, FirstReceivedAt = m.FirstReceivedAt, LastReceivedAt = m.LastReceivedAt,
                MovingTo = m.MovingTo, MoveTask = m.MoveTask,
            });
        foreach (var entry in snapshot.Deduplication ?? []) state._deduplication.Add(entry);
        foreach (var attempt in snapshot.ReceiveAttempts ?? []) state._attempts.Add(attempt);
        foreach (var receipt in snapshot.MovedIn ?? []) state._movedIn.Add(receipt);
        state._moveTasks.AddRange(snapshot.MoveTasks ?? []);
        return state;
    }
}

/// <summary>A queue's state frozen for the snapshot store: plain data, copied when taken.</summary>
public sealed record QueueSnapshot(
    string Name,
    bool Exists,
    long CreatedAt,
    long LastModifiedAt,
    long? DeletedAt,
    long? LastPurgedAt,
    long NextSequence,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<SnapshotMessage> Messages,
    IReadOnlyList<DeduplicationEntry>? Deduplication = null,
    IReadOnlyList<ReceiveAttempt>? ReceiveAttempts = null,
    IReadOnlyList<MoveReceipt>? MovedIn = null,
    IReadOnlyList<MoveTaskView>? MoveTasks = null,
    long RedriveBlockedUntil = 0);

/// <summary>A FIFO deduplication key (id, per group when so scoped) and the message first sent with it.</summary>
public sealed record DeduplicationEntry(string Key, string MessageId, long Sequence, long SentAt);

/// <summary>A FIFO receive made with a ReceiveRequestAttemptId: a retry within the window may return its messages again.</summary>
public sealed record ReceiveAttempt(string Id, long At, long VisibleAt, IReadOnlyList<long> Sequences);

public sealed record SnapshotMessage(QueueMessage Message, long VisibleAt, int ReceiveCount, long FirstReceivedAt, long LastReceivedAt,
    string? MovingTo = null, string? MoveTask = null);

/// <summary>
/// A message another queue moved here, by its key in that queue and when it arrived. Remembered for an
/// hour: a source retries an unconfirmed hand-off when it recovers, normally within seconds.
/// </summary>
public sealed record MoveReceipt(string Key, long At)
{
    public const long WindowMs = 3_600_000;
}
