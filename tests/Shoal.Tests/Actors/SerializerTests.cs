using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;
using Akka.TestKit.Xunit2;
using Shoal.Actors.Catalog;
using Shoal.Actors.Persistence;
using Shoal.Actors.Queues;

namespace Shoal.Tests.Actors;

[Trait("Tier", "Actor")]
public sealed class SerializerTests() : TestKit(ActorTestConfig.InMemory)
{
    static readonly QueueMessage Message = new(7, "0a1b2c3d-0000-0000-0000-000000000001", "body ünï",
        new Dictionary<string, MessageAttributeValue>
        {
            ["s"] = new("String", "v"),
            ["b"] = new("Binary", BinaryValue: [0, 1, 255]),
        },
        new Dictionary<string, MessageAttributeValue> { ["AWSTraceHeader"] = new("String", "Root=1") },
        "000000000000", 1_700_000_000_123, "md5-body", "md5-attributes");

    /// <summary>One sample of every persisted type; the test below fails if a type is missing here.</summary>
    public static readonly object[] Samples =
    [
        new QueueCreated("q", new Dictionary<string, string> { ["VisibilityTimeout"] = "5" }, new Dictionary<string, string> { ["t"] = "v" }, 1),
        new QueueAttributesSet(new Dictionary<string, string> { ["DelaySeconds"] = "3" }, 2),
        new QueueTagged(new Dictionary<string, string> { ["k"] = "v" }),
        new QueueUntagged(["k"]),
        new MessageSent(Message, 1_700_000_000_200),
        new MessagesReceived([7, 8], 1_700_000_000_300, 1_700_000_030_300),
        new MessageDeleted(7),
        new MessageVisibilityChanged(7, 1_700_000_000_999),
        new QueuePurged(3),
        new MessagesExpired([1, 2, 3]),
        new QueueDeleted(4),
        new QueueSnapshot("q", true, 1, 2, null, 3, 9,
            new Dictionary<string, string> { ["VisibilityTimeout"] = "5" }, new Dictionary<string, string>(),
            [new SnapshotMessage(Message, 5, 1, 4, 4)]),
        new QueueRegistered("q"),
        new QueueUnregistered("q"),
        new CatalogSnapshot(["a", "b"]),
    ];

    [Fact]
    public void Every_persisted_type_has_a_sample_in_this_test()
    {
        Assert.Equal(Manifests.ByType.Keys.OrderBy(t => t.Name), Samples.Select(s => s.GetType()).OrderBy(t => t.Name));
    }

    [Fact]
    public void Every_persisted_type_round_trips_through_the_serializer_with_its_frozen_manifest()
    {
        var serialization = ((ExtendedActorSystem)Sys).Serialization;
        foreach (var sample in Samples)
        {
            var serializer = Assert.IsType<ShoalSerializer>(serialization.FindSerializerFor(sample));
            var manifest = Serialization.ManifestFor(serializer, sample);
            Assert.Equal(Manifests.ByType[sample.GetType()], manifest);
            var back = serialization.Deserialize(serializer.ToBinary(sample), serializer.Identifier, manifest);
            Assert.IsType(sample.GetType(), back);
            Assert.Equal(JsonSerializer.Serialize(sample, sample.GetType()), JsonSerializer.Serialize(back, back.GetType()));
        }
    }

    [Fact]
    public void Manifests_are_frozen_strings_not_clr_type_names()
    {
        Assert.All(Manifests.ByManifest.Keys, manifest => Assert.DoesNotContain(",", manifest));
        Assert.Equal("queue.message-sent", Manifests.ByType[typeof(MessageSent)]);
    }
}
