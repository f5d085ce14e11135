using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;

namespace Shoal.Actors.Persistence;

/// <summary>
/// System.Text.Json with the frozen manifests of <see cref="Manifests"/>: stored rows name
/// a manifest, never a CLR type, so renaming code never breaks recovery.
/// </summary>
public sealed class ShoalSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 7101;

    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    public override int Identifier => SerializerId;

    public override string Manifest(object o) =>
        Manifests.ByType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"{o.GetType()} has no frozen manifest in {nameof(Manifests)}.");

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);

    public override object FromBinary(byte[] bytes, string manifest) =>
        Manifests.ByManifest.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, Options)!
            : throw new SerializationException($"Unknown manifest '{manifest}'.");

    /// <summary>Binds every persisted type to this serializer.</summary>
    public static Config Config
    {
        get
        {
            var bindings = string.Join("\n", Manifests.ByType.Keys.Select(t => $"\"{t.FullName}, {t.Assembly.GetName().Name}\" = shoal"));
            return ConfigurationFactory.ParseString($$"""
                akka.actor {
                  serializers.shoal = "{{typeof(ShoalSerializer).FullName}}, {{typeof(ShoalSerializer).Assembly.GetName().Name}}"
                  serialization-bindings {
                    {{bindings}}
                  }
                }
                """);
        }
    }
}
