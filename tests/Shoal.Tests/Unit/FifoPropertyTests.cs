using System.Globalization;
using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using Xunit.Sdk;
using static Shoal.Tests.Unit.TestQueue;
using F = Shoal.Actors.Queues.FifoRules;
using R = Shoal.Actors.Queues.QueueAttributeRules;

namespace Shoal.Tests.Unit;

/// <summary>
/// The FIFO rules under seeded random histories: sends (single and batch, random groups, repeated
/// deduplication ids), receives (random size and visibility timeout, 0 included), deletes and
/// visibility changes with handles old and new, and time passing. A model of the stored messages
/// checks every receive:
/// <list type="bullet">
/// <item>a message is never handed out while in flight;</item>
/// <item>every earlier message of its group still in the queue comes ahead of it in the same receive, so
/// a group is consumed in send order and a redelivery never jumps ahead of an earlier message;</item>
/// <item>a group's next new message goes to a receive only while no other receive holds a message of the
/// group in flight, and first deliveries follow the send order of the messages that were not duplicates;</item>
/// <item>a receive takes as many messages of a group as it can before the next group;</item>
/// <item>a repeated deduplication id within 5 minutes returns the original MessageId, SequenceNumbers increase.</item>
/// </list>
/// A group may still be held by two receives at once in one way, as in SQS: an earlier message made
/// visible again (visibility change, expiry) goes to a new receive while later ones are in flight from
/// the old receive. Each run ends with a drain that must deliver every message that was not a duplicate.
/// </summary>
[Trait("Tier", "Unit")]
public class FifoPropertyTests
{
    const int Runs = 200;
    const int Steps = 300;

    [Fact]
    public void Groups_are_received_in_send_order_one_receive_at_a_time_and_every_message_is_delivered()
    {
        var seen = new HashSet<string>();
        for (var seed = 1; seed <= Runs; seed++) seen.UnionWith(Run(seed));

        // The histories are only worth something if together they reached every situation the rules distinguish.
        Assert.Empty(FifoHistory.Situations.Except(seen));
    }

    /// <summary>One seeded history; a failure names its seed, so it can be replayed alone with this.</summary>
    internal static IReadOnlySet<string> Run(int seed) => new FifoHistory(seed).Run(Steps);
}

/// <summary>One random history against one FIFO queue, and the model that judges it.</summary>
internal sealed class FifoHistory
{
    /// <summary>What the model knows of a message that was stored (duplicates never are).</summary>
    sealed class Sent(string id, long sequence, string group, int position)
    {
        public string Id { get; } = id;
        public long Sequence { get; } = sequence;
        public string Group { get; } = group;
        /// <summary>Its place in its group's send order.</summary>
        public int Position { get; } = position;
        public bool Deleted { get; set; }
        public int ReceiveCount { get; set; }
        public string? LatestHandle { get; set; }
        public long VisibleAt { get; set; }
        /// <summary>Which receive (numbered from 1) handed it out last.</summary>
        public int ReceivedBy { get; set; }
        public bool InFlight(long now) => !Deleted && ReceiveCount > 0 && VisibleAt > now;
    }

    readonly int _seed;
    readonly Random _random;
    readonly TestQueue _queue;
    readonly string[] _groups;
    readonly bool _perGroupDeduplication;
    readonly int _queueVisibilitySeconds;
    readonly Dictionary<string, Sent> _sent = new(StringComparer.Ordinal);
    readonly Dictionary<long, Sent> _bySequence = [];
    readonly Dictionary<string, List<Sent>> _sendOrder = new(StringComparer.Ordinal);
    /// <summary>Deduplication key (id, or group and id) → the message first sent with it, and when.</summary>
    readonly Dictionary<string, (string MessageId, long At)> _deduplication = new(StringComparer.Ordinal);
    readonly List<string> _usedDeduplicationIds = [];
    readonly List<(string Handle, Sent Message)> _handles = [];
    /// <summary>Per group, how many of its messages have had their first delivery.</summary>
    readonly Dictionary<string, int> _firstDelivered = new(StringComparer.Ordinal);
    readonly Queue<string> _recent = new();
    readonly HashSet<string> _seen = [];
    long _now = T0;
    int _step;
    int _receives;
    int _counter;
    long _lastSequence;
    int _stored;

    public FifoHistory(int seed)
    {
        _seed = seed;
        _random = new Random(seed);
        _groups = Enumerable.Range(0, _random.Next(1, 6)).Select(i => $"g{i}").ToArray();
        _perGroupDeduplication = _random.Next(2) == 0;
        _queueVisibilitySeconds = new[] { 1, 5, 30 }[_random.Next(3)];
        (string, string)[] attributes = _perGroupDeduplication
            ? [(R.FifoQueue, "true"), (R.VisibilityTimeout, Text(_queueVisibilitySeconds)), (F.DeduplicationScope, "messageGroup"), (F.FifoThroughputLimit, "perMessageGroupId")]
            : [(R.FifoQueue, "true"), (R.VisibilityTimeout, Text(_queueVisibilitySeconds))];
        _queue = CreatedNamed("property.fifo", attributes);
        foreach (var group in _groups)
        {
            _sendOrder[group] = [];
            _firstDelivered[group] = 0;
        }
    }

    /// <summary>What a run may reach; <see cref="Run"/> returns those it did.</summary>
    public static readonly string[] Situations =
    [
        "duplicate", "deduplication id reused after the window", "batch", "group held back", "several groups in one receive",
        "redelivery", "redelivery while a later message is in flight", "receive with visibility 0",
        "visibility changed", "superseded handle", "expired handle refused", "tick",
    ];

    public IReadOnlySet<string> Run(int steps)
    {
        try
        {
            for (_step = 0; _step < steps; _step++)
            {
                var roll = _random.Next(100);
                if (roll < 30) Send();
                else if (roll < 55) Receive(_random.Next(1, 11), RandomVisibilityTimeout());
                else if (roll < 70) Delete();
                else if (roll < 80) ChangeVisibility();
                else if (roll < 83) Tick();
                else Advance(_random.Next(0, 40_001));
                CheckModelMatchesState();
            }
            Drain();
            return _seen;
        }
        catch (Exception e)
        {
            throw new XunitException(
                $"FIFO property failed for seed {_seed} at step {_step} (+{_now - T0} ms; groups {_groups.Length}, " +
                $"deduplication per {(_perGroupDeduplication ? "group" : "queue")}, queue visibility {_queueVisibilitySeconds} s): {e.Message}\n" +
                $"replay with FifoPropertyTests.Run({_seed}); last operations:\n  {string.Join("\n  ", _recent)}");
        }
    }

    // ---- operations ----

    void Send()
    {
        var batch = _random.Next(5) == 0;
        if (batch) _seen.Add("batch");
        var entries = Enumerable.Range(0, batch ? _random.Next(2, 6) : 1).Select(i => NewEntry($"e{i}")).ToList();
        var reply = batch ? _queue.SendBatch(_now, [.. entries]) : _queue.SendReply(entries[0], _now);
        var result = Expect.Reply<SendResult>(reply);
        Check(result.Failed.Count == 0, $"a valid send failed: {string.Join(", ", result.Failed.Select(f => f.Message))}");
        Check(result.Successful.Count == entries.Count, "every entry has a result");

        foreach (var entry in entries)
        {
            var sent = result.Successful.Single(s => s.Id == entry.Id);
            var key = _perGroupDeduplication ? entry.MessageGroupId + "\n" + entry.MessageDeduplicationId : entry.MessageDeduplicationId!;
            if (_deduplication.TryGetValue(key, out var original) && _now - original.At < F.DeduplicationWindowMs)
            {
                Check(sent.MessageId == original.MessageId,
                    $"a repeat of deduplication id {entry.MessageDeduplicationId} within 5 minutes got {sent.MessageId}, not the original {original.MessageId}");
                Note($"send {entry.MessageGroupId}/{entry.MessageDeduplicationId}: duplicate of {Short(original.MessageId)}");
                _seen.Add("duplicate");
                continue;
            }
            if (_deduplication.ContainsKey(key)) _seen.Add("deduplication id reused after the window");
            Check(sent.MessageId == entry.MessageId, $"a new message was taken for a duplicate of {sent.MessageId}");
            var sequence = long.Parse(sent.SequenceNumber!, CultureInfo.InvariantCulture);
            Check(sequence > _lastSequence, $"SequenceNumber {sequence} does not follow {_lastSequence}");
            _lastSequence = sequence;
            _deduplication[key] = (entry.MessageId, _now);
            var order = _sendOrder[entry.MessageGroupId!];
            var message = new Sent(entry.MessageId, sequence, entry.MessageGroupId!, order.Count) { VisibleAt = _now };
            order.Add(message);
            _sent[message.Id] = message;
            _bySequence[sequence] = message;
            _stored++;
            Note($"send {message.Group}#{message.Position} {Short(message.Id)} dedup {entry.MessageDeduplicationId}");
        }
    }

    SendEntry NewEntry(string id)
    {
        var repeat = _usedDeduplicationIds.Count > 0 && _random.Next(5) == 0;
        var deduplicationId = repeat ? _usedDeduplicationIds[_random.Next(_usedDeduplicationIds.Count)] : $"d{_counter++}";
        if (!repeat) _usedDeduplicationIds.Add(deduplicationId);
        var bytes = new byte[16];
        _random.NextBytes(bytes);
        return new SendEntry(id, new Guid(bytes).ToString(), $"body {_counter++}", DelaySeconds: null,
            Msg.NoAttributes, Msg.NoAttributes, _groups[_random.Next(_groups.Length)], deduplicationId);
    }

    int? RandomVisibilityTimeout() => _random.Next(6) switch
    {
        0 => null,
        1 => 0,
        2 => 1,
        3 => 2,
        4 => 10,
        _ => 30,
    };

    /// <summary>A receive; checks each message it hands out against the model and returns them.</summary>
    IReadOnlyList<ReceivedMessage> Receive(int max, int? visibilityTimeout)
    {
        var received = _queue.Receive(_now, max, visibilityTimeout);
        var number = ++_receives;
        var earlierInThisReceive = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in received)
        {
            if (!_sent.TryGetValue(m.Message.MessageId, out var message)) throw Failure($"received {m.Message.MessageId}, which was never stored");
            if (message.Deleted) Fail($"received {Describe(message)} after it was deleted");
            if (message.InFlight(_now)) Fail($"received {Describe(message)} while it is in flight (receive {message.ReceivedBy})");
            var group = _sendOrder[message.Group];
            // Strict order: every earlier message of the group still in the queue comes first in this same receive.
            for (var i = 0; i < message.Position; i++)
            {
                var earlier = group[i];
                if (!earlier.Deleted && !earlierInThisReceive.Contains(earlier.Id))
                    Fail($"receive {number} handed out {Describe(message)} ahead of {Describe(earlier)}, " +
                        (earlier.InFlight(_now) ? $"which is in flight from receive {earlier.ReceivedBy}" : "which was not handed out before it"));
            }
            if (message.ReceiveCount > 0)
            {
                _seen.Add("redelivery");
                if (group.Skip(message.Position + 1).Any(later => later.InFlight(_now))) _seen.Add("redelivery while a later message is in flight");
            }
            else
            {
                // A group's new message goes only to a receive while no other receive holds a message of the group in flight.
                var holder = group.FirstOrDefault(other => other.InFlight(_now) && !earlierInThisReceive.Contains(other.Id));
                if (holder is not null)
                    Fail($"receive {number} handed out {Describe(message)} while {Describe(holder)} is in flight from receive {holder.ReceivedBy}");
                if (message.Position != _firstDelivered[message.Group])
                    Fail($"first delivery of {Describe(message)} but the next in send order is #{_firstDelivered[message.Group]}");
                _firstDelivered[message.Group]++;
            }
            message.ReceiveCount++;
            if (m.ReceiveCount != message.ReceiveCount) Fail($"{Describe(message)} reports receive count {m.ReceiveCount}, expected {message.ReceiveCount}");
            message.LatestHandle = m.ReceiptHandle;
            message.VisibleAt = _now + (visibilityTimeout ?? _queueVisibilitySeconds) * 1000L;
            message.ReceivedBy = number;
            _handles.Add((m.ReceiptHandle, message));
            earlierInThisReceive.Add(message.Id);
        }
        CheckGroupRuns(number, received, max);
        if (visibilityTimeout == 0 && received.Count > 0) _seen.Add("receive with visibility 0");
        if (received.Select(m => _sent[m.Message.MessageId].Group).Distinct().Count() > 1) _seen.Add("several groups in one receive");
        if (received.Count < max && _sendOrder.Values.Any(HeldBack)) _seen.Add("group held back");
        Note($"receive {number} (max {max}, visibility {visibilityTimeout?.ToString(CultureInfo.InvariantCulture) ?? "queue"}): " +
            string.Join(" ", received.Select(m => Describe(_sent[m.Message.MessageId]))));
        return received;
    }

    /// <summary>
    /// A receive takes as many of a group's messages as it can: they are adjacent, and a group's run ends only
    /// at the receive's limit (the last run of a full receive) or before a message that is not receivable.
    /// </summary>
    void CheckGroupRuns(int number, IReadOnlyList<ReceivedMessage> received, int max)
    {
        var messages = received.Select(m => _sent[m.Message.MessageId]).ToList();
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (i + 1 < messages.Count && messages[i + 1].Group == message.Group) continue;
            if (messages.Skip(i + 1).Any(m => m.Group == message.Group))
                Fail($"receive {number} split group {message.Group}: {string.Join(" ", messages.Select(Describe))}");
            if (i + 1 == messages.Count && messages.Count == max) continue;
            var next = _sendOrder[message.Group].Skip(message.Position + 1).FirstOrDefault(m => !m.Deleted);
            if (next is not null && !next.InFlight(_now))
                Fail($"receive {number} ended group {message.Group}'s run at {Describe(message)} though {Describe(next)} was receivable");
        }
    }

    /// <summary>A message of the group is receivable by itself but waits behind an earlier one in flight.</summary>
    bool HeldBack(List<Sent> group)
    {
        var inFlight = group.FindIndex(m => m.InFlight(_now));
        return inFlight >= 0 && group.Skip(inFlight + 1).Any(m => !m.Deleted && !m.InFlight(_now));
    }

    /// <summary>Mostly the latest handle of a message in flight, as a consumer deletes what it holds; else any handle given out.</summary>
    (string Handle, Sent Message) PickHandle()
    {
        if (_random.Next(3) > 0)
        {
            var held = _sent.Values.Where(m => m.InFlight(_now)).ToList();
            if (held.Count > 0)
            {
                var message = held[_random.Next(held.Count)];
                return (message.LatestHandle!, message);
            }
        }
        return _handles[_random.Next(_handles.Count)];
    }

    void Delete()
    {
        if (_handles.Count == 0) return;
        var (handle, message) = PickHandle();
        var latest = !message.Deleted && handle == message.LatestHandle;
        var reply = _queue.Delete(handle, _now);
        if (latest && !message.InFlight(_now))
        {
            // Past the visibility timeout the handle has expired: the message stays for the next receive.
            Check(reply is Rejection { Code: ErrorCode.InvalidParameterValue }, $"deleting {Describe(message)} with its expired handle answered {reply}");
            _seen.Add("expired handle refused");
            Note($"delete {Describe(message)} with its expired handle: refused");
            return;
        }
        // A handle superseded by a later receive, or of a deleted message, succeeds and deletes nothing.
        Expect.Reply<EntriesResult>(reply);
        if (latest)
        {
            message.Deleted = true;
            _stored--;
        }
        else if (!message.Deleted) _seen.Add("superseded handle");
        Note($"delete {Describe(message)} with {(latest ? "its latest" : "an old")} handle");
    }

    void ChangeVisibility()
    {
        if (_handles.Count == 0) return;
        var (handle, message) = PickHandle();
        var seconds = new[] { 0, 1, 5, 30 }[_random.Next(4)];
        var reply = _queue.ChangeVisibility(handle, seconds, _now);
        var allowed = !message.Deleted && handle == message.LatestHandle && message.InFlight(_now);
        if (allowed)
        {
            Expect.Reply<EntriesResult>(reply);
            message.VisibleAt = _now + seconds * 1000L;
            _seen.Add("visibility changed");
        }
        else
        {
            Check(reply is Rejection, $"changing the visibility of {Describe(message)} was accepted, with its " +
                $"{(handle == message.LatestHandle ? "latest" : "superseded")} handle, though it is {(message.Deleted ? "deleted" : "not in flight")}");
        }
        Note($"change visibility of {Describe(message)} to {seconds} s: {(allowed ? "done" : "refused")}");
    }

    /// <summary>The entity's periodic tick: forgets deduplication ids older than the window.</summary>
    void Tick()
    {
        Expect.Reply<Done>(_queue.Run(new ExpireMessages(_queue.QueueId), _now));
        Note("tick");
        _seen.Add("tick");
    }

    void Advance(long ms)
    {
        _now += ms;
        Note($"advance {ms} ms");
    }

    /// <summary>Past every visibility timeout, receive and delete until the queue is empty: everything sent arrives.</summary>
    void Drain()
    {
        Advance(43_200_000 + 1);
        for (var round = 0; ; round++)
        {
            var received = Receive(10, 30);
            if (received.Count == 0) break;
            Check(round < 10_000, "the drain does not end");
            foreach (var m in received)
            {
                Expect.Reply<EntriesResult>(_queue.Delete(m.ReceiptHandle, _now));
                _sent[m.Message.MessageId].Deleted = true;
                _stored--;
            }
            CheckModelMatchesState();
        }
        foreach (var (group, order) in _sendOrder)
            Check(_firstDelivered[group] == order.Count,
                $"group {group}: {order.Count - _firstDelivered[group]} of its {order.Count} messages were never delivered");
        Check(_queue.State.MessageCount == 0, $"{_queue.State.MessageCount} messages are left after the drain");
    }

    // ---- checks ----

    /// <summary>The model and the queue agree on which messages are stored, their receive counts and visibility.</summary>
    void CheckModelMatchesState()
    {
        var stored = 0;
        foreach (var m in _queue.State.BySequence())
        {
            stored++;
            if (!_bySequence.TryGetValue(m.Sequence, out var message) || message.Deleted || message.Id != m.Message.MessageId)
                Fail($"the queue holds {m.Message.MessageId}, which the model does not");
            else if (m.ReceiveCount != message.ReceiveCount || m.VisibleAt != message.VisibleAt)
                Fail($"{Describe(message)}: the queue has receive count {m.ReceiveCount} and visibility at +{m.VisibleAt - T0} ms, " +
                    $"the model {message.ReceiveCount} and +{message.VisibleAt - T0} ms");
        }
        if (stored != _stored) Fail($"the queue holds {stored} messages, the model {_stored}");
    }

    /// <summary>For checks off the hot path; those inside loops call <see cref="Fail"/> so their message is only built on failure.</summary>
    static void Check(bool condition, string message)
    {
        if (!condition) Fail(message);
    }

    static void Fail(string message) => throw Failure(message);

    static InvalidOperationException Failure(string message) => new(message);

    void Note(string operation)
    {
        _recent.Enqueue($"{_step}: +{_now - T0} ms {operation}");
        if (_recent.Count > 25) _recent.Dequeue();
    }

    string Describe(Sent? message) =>
        message is null ? "nothing" : $"{message.Group}#{message.Position}{(message.InFlight(_now) ? "(in flight)" : "")}";

    static string Short(string id) => id[..8];

    static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
