namespace Shoal.Actors.Firehose;

/// <summary>One delivery stream: its configuration, the records buffered and not yet delivered, and how far its source was read.</summary>
public sealed class DeliveryStreamState
{
    readonly List<BufferedRecord> _buffer = [];
    readonly Dictionary<int, SourceCheckpoint> _checkpoints = [];

    public DeliveryStreamConfig? Config { get; private set; }
    public bool Exists { get; private set; }
    public long CreatedAt { get; private set; }
    /// <summary>The sequence the next buffered record takes; sequences run on across deliveries, never reused.</summary>
    public long NextSequence { get; private set; } = 1;
    public IReadOnlyList<BufferedRecord> Buffer => _buffer;
    public IReadOnlyDictionary<int, SourceCheckpoint> Checkpoints => _checkpoints;
    public long BufferedBytes { get; private set; }

    public DeliveryStreamView? View(long now) =>
        Exists && Config is { } config ? new DeliveryStreamView(config, DeliveryStreamRules.StatusAt(CreatedAt, now), CreatedAt, 1) : null;

    public void Apply(IDeliveryStreamEvent e)
    {
        switch (e)
        {
            case DeliveryStreamCreated created:
                Config = created.Config;
                Exists = true;
                CreatedAt = created.At;
                _buffer.Clear();
                _checkpoints.Clear();
                BufferedBytes = 0;
                break;
            case DeliveryStreamDeleted:
                Exists = false;
                _buffer.Clear();
                _checkpoints.Clear();
                BufferedBytes = 0;
                break;
            case FirehoseRecordsBuffered buffered:
                foreach (var record in buffered.Records)
                {
                    _buffer.Add(record);
                    BufferedBytes += record.Data.Length;
                    NextSequence = Math.Max(NextSequence, record.Sequence + 1);
                }
                if (buffered.Checkpoint is { } checkpoint) _checkpoints[checkpoint.ShardIndex] = checkpoint;
                break;
            case FirehoseBatchDelivered delivered:
                var count = _buffer.TakeWhile(r => r.Sequence <= delivered.ThroughSequence).Count();
                BufferedBytes -= _buffer.Take(count).Sum(r => (long)r.Data.Length);
                _buffer.RemoveRange(0, count);
                break;
            case DeliveryStreamTagged tagged when Config is { } config:
                var tags = new Dictionary<string, string>(config.Tags);
                foreach (var (key, value) in tagged.Tags) tags[key] = value;
                Config = config with { Tags = tags };
                break;
            case DeliveryStreamUntagged untagged when Config is { } config:
                Config = config with { Tags = config.Tags.Where(t => !untagged.TagKeys.Contains(t.Key)).ToDictionary() };
                break;
        }
    }

    public DeliveryStreamSnapshot ToSnapshot() => new(Config, Exists, CreatedAt, NextSequence, _buffer.ToList(), _checkpoints.Values.ToList());

    public static DeliveryStreamState FromSnapshot(DeliveryStreamSnapshot snapshot)
    {
        var state = new DeliveryStreamState
        {
            Config = snapshot.Config,
            Exists = snapshot.Exists,
            CreatedAt = snapshot.CreatedAt,
            NextSequence = snapshot.NextSequence,
        };
        state._buffer.AddRange(snapshot.Buffer);
        state.BufferedBytes = snapshot.Buffer.Sum(r => (long)r.Data.Length);
        foreach (var checkpoint in snapshot.Checkpoints) state._checkpoints[checkpoint.ShardIndex] = checkpoint;
        return state;
    }
}
