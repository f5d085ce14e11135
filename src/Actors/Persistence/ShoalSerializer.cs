using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
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

    // Enums by name, so a reordered enum never changes what a message means.
    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        Converters = { new JsonStringEnumConverter(), new BigIntegerAsString() },
    };

    /// <summary>Hash keys are 128-bit: written as decimal strings, as Kinesis writes them.</summary>
    sealed class BigIntegerAsString : JsonConverter<System.Numerics.BigInteger>
    {
        public override System.Numerics.BigInteger Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            System.Numerics.BigInteger.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, System.Numerics.BigInteger value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Persisted types and wire messages, each with its manifest.</summary>
    static readonly IReadOnlyDictionary<string, Type> TypeByManifest =
        Manifests.ByManifest.Concat(WireManifests.ByManifest).ToDictionary(pair => pair.Key, pair => pair.Value);

    static readonly IReadOnlyDictionary<Type, string> ManifestByType =
        TypeByManifest.ToDictionary(pair => pair.Value, pair => pair.Key);

    public override int Identifier => SerializerId;

    public override string Manifest(object o) =>
        ManifestByType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"{o.GetType()} has no frozen manifest in {nameof(Manifests)}.");

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);

    public override object FromBinary(byte[] bytes, string manifest) =>
        TypeByManifest.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, Options)!
            : throw new SerializationException($"Unknown manifest '{manifest}'.");

    /// <summary>Binds every persisted type to this serializer.</summary>
    public static Config Config
    {
        get
        {
            var bindings = string.Join("\n", ManifestByType.Keys.Select(t => $"\"{t.FullName}, {t.Assembly.GetName().Name}\" = shoal"));
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
