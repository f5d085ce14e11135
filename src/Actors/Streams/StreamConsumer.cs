namespace Shoal.Actors.Streams;

/// <summary>
/// An enhanced fan-out consumer registered on a stream (RegisterStreamConsumer). Its ARN carries its creation second, so
/// a consumer registered again under the same name is another consumer: the old ARN no longer finds it.
/// </summary>
public sealed record StreamConsumer(string Name, long CreatedAt)
{
    public string Arn(string streamName) => ConsumerRules.Arn(streamName, Name, CreatedAt);

    /// <summary>CREATING for a moment after registration, then ACTIVE, as a new stream is.</summary>
    public string StatusAt(long now) => now - CreatedAt < StreamRules.CreatingMs ? "CREATING" : "ACTIVE";
}
