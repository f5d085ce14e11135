using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Shoal.Api.Protocols;

public sealed class JsonResponseWriter : IResponseWriter, IDisposable
{
    static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    readonly ArrayBufferWriter<byte> _buffer = new(256);
    readonly Utf8JsonWriter _json;

    public JsonResponseWriter()
    {
        _json = new Utf8JsonWriter(_buffer, Options);
        _json.WriteStartObject();
    }

    public ReadOnlyMemory<byte> Finish()
    {
        _json.WriteEndObject();
        _json.Flush();
        return _buffer.WrittenMemory;
    }

    public void String(string name, string? value)
    {
        if (value is not null) _json.WriteString(name, value);
    }

    public void Number(string name, long value) => _json.WriteNumber(name, value);

    public void Bool(string name, bool value) => _json.WriteBoolean(name, value);

    public void Binary(string name, byte[] value) => _json.WriteBase64String(name, value);

    public void StringList(string jsonName, string xmlItem, IEnumerable<string> items)
    {
        _json.WriteStartArray(jsonName);
        foreach (var item in items) _json.WriteStringValue(item);
        _json.WriteEndArray();
    }

    public void StringMap(string jsonName, string xmlEntry, IEnumerable<KeyValuePair<string, string>> entries, string keyName, string valueName)
    {
        _json.WriteStartObject(jsonName);
        foreach (var (key, value) in entries) _json.WriteString(key, value);
        _json.WriteEndObject();
    }

    public void ObjectList<T>(string jsonName, string xmlItem, IEnumerable<T> items, Action<IResponseWriter, T> write)
    {
        _json.WriteStartArray(jsonName);
        foreach (var item in items)
        {
            _json.WriteStartObject();
            write(this, item);
            _json.WriteEndObject();
        }
        _json.WriteEndArray();
    }

    public void ObjectMap<T>(string jsonName, string xmlEntry, IEnumerable<KeyValuePair<string, T>> entries, Action<IResponseWriter, T> write)
    {
        _json.WriteStartObject(jsonName);
        foreach (var (key, value) in entries)
        {
            _json.WriteStartObject(key);
            write(this, value);
            _json.WriteEndObject();
        }
        _json.WriteEndObject();
    }

    public void Object(string name, Action<IResponseWriter> write)
    {
        _json.WriteStartObject(name);
        write(this);
        _json.WriteEndObject();
    }

    public void Double(string name, double value) => _json.WriteNumber(name, value);

    public void Dispose() => _json.Dispose();
}
