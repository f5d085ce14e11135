namespace Shoal.Actors.Streams;

/// <summary>A stream as its events left it: its shard map (with lineage), retention and tags.</summary>
public sealed class StreamState
{
    readonly Dictionary<string, string> _tags = new(StringComparer.Ordinal);
    readonly List<StreamShard> _shards = [];
    readonly List<StreamConsumer> _consumers = [];

    public string Name { get; private set; } = "";
    public bool Exists { get; private set; }
    public bool OnDemand { get; private set; }
    public long CreatedAt { get; private set; }
    public int RetentionHours { get; private set; } = StreamRules.DefaultRetentionHours;
    public int MaxRecordSizeKiB { get; private set; } = StreamRules.DefaultMaxRecordSizeKiB;
    public IReadOnlyList<StreamShard> Shards => _shards;
    public IReadOnlyDictionary<string, string> Tags => _tags;
    /// <summary>Enhanced fan-out consumers, in registration order.</summary>
    public IReadOnlyList<StreamConsumer> Consumers => _consumers;
    public string? KeyId { get; private set; }
    /// <summary>When the mode or encryption last changed: the stream reports UPDATING for a moment after.</summary>
    public long UpdatedAt { get; private set; }

    /// <summary>CREATING for a moment after creation, then ACTIVE: derived from the time, so nothing is persisted for it.</summary>
    public string StatusAt(long now) =>
        now - CreatedAt < StreamRules.CreatingMs ? "CREATING"
        : now - UpdatedAt < StreamRules.CreatingMs || ClosingShards.Any() ? "UPDATING"
        : "ACTIVE";

    /// <summary>Shards a reshard closed whose end their log has not yet told: the stream is UPDATING until it has.</summary>
    public IEnumerable<StreamShard> ClosingShards => _shards.Where(s => !s.IsOpen && s.EndingSequenceNumber is null);

    public StreamView View(long now) =>
        new(Name, StatusAt(now), CreatedAt, OnDemand, RetentionHours, MaxRecordSizeKiB, _shards.ToList(), new Dictionary<string, string>(_tags), KeyId, _consumers.ToList());

    public StreamState Apply(IStreamEvent e)
    {
        switch (e)
        {
            case StreamCreated created:
                Exists = true;
                Name = created.Name;
                OnDemand = created.OnDemand;
                CreatedAt = created.At;
                RetentionHours = StreamRules.DefaultRetentionHours;
                MaxRecordSizeKiB = StreamRules.DefaultMaxRecordSizeKiB;
                _shards.Clear();
                _shards.AddRange(created.Shards);
                _tags.Clear();
                foreach (var (key, value) in created.Tags) _tags[key] = value;
                KeyId = null;
                UpdatedAt = 0;
                _consumers.Clear();
                break;
            case StreamModeChanged changed:
                OnDemand = changed.OnDemand;
                UpdatedAt = changed.At;
                break;
            case StreamMaxRecordSizeChanged changed:
                MaxRecordSizeKiB = changed.KiB;
                UpdatedAt = changed.At;
                break;
            case StreamEncryptionChanged changed:
                KeyId = changed.KeyId;
                UpdatedAt = changed.At;
                break;
            case StreamDeleted:
                Exists = false;
                _shards.Clear();
                _tags.Clear();
                _consumers.Clear();
                break;
            case ConsumerRegistered registered:
                _consumers.Add(new StreamConsumer(registered.Name, registered.At));
                break;
            case ConsumerDeregistered deregistered:
                _consumers.RemoveAll(c => c.Name == deregistered.Name);
                break;
            case StreamRetentionChanged changed:
                RetentionHours = changed.Hours;
                break;
            case StreamResharded resharded:
                var after = resharded.Reshard.ApplyTo(_shards);
                _shards.Clear();
                _shards.AddRange(after);
                UpdatedAt = resharded.Reshard.At;
                break;
            case StreamShardEnded ended:
                var index = _shards.FindIndex(s => s.Index == ended.ShardIndex);
                if (index >= 0) _shards[index] = _shards[index] with { EndingSequenceNumber = ended.EndingSequenceNumber };
                break;
            case StreamTagged tagged:
                foreach (var (key, value) in tagged.Tags) _tags[key] = value;
                break;
            case StreamUntagged untagged:
                foreach (var key in untagged.TagKeys) _tags.Remove(key);
                break;
        }
        return this;
    }

    public StreamSnapshot ToSnapshot() =>
        new(Name, Exists, OnDemand, CreatedAt, RetentionHours, MaxRecordSizeKiB, _shards.ToList(), new Dictionary<string, string>(_tags), KeyId, UpdatedAt, _consumers.ToList());

    public static StreamState FromSnapshot(StreamSnapshot snapshot)
    {
        var state = new StreamState
        {
            Name = snapshot.Name, Exists = snapshot.Exists, OnDemand = snapshot.OnDemand, CreatedAt = snapshot.CreatedAt,
            RetentionHours = snapshot.RetentionHours, MaxRecordSizeKiB = snapshot.MaxRecordSizeKiB, KeyId = snapshot.KeyId, UpdatedAt = snapshot.UpdatedAt,
        };
        state._shards.AddRange(snapshot.Shards);
        foreach (var (key, value) in snapshot.Tags) state._tags[key] = value;
        state._consumers.AddRange(snapshot.Consumers ?? []);
        return state;
    }
}
