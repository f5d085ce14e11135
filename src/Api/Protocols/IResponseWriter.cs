namespace Shoal.Api.Protocols;

/// <summary>
/// Writes a result in the caller's protocol. JSON names a list or map once; the Query
/// protocol's XML repeats an element per item, so lists and maps also take that element name.
/// </summary>
public interface IResponseWriter
{
    void String(string name, string? value);
    void Number(string name, long value);
    void Bool(string name, bool value);
    void Binary(string name, byte[] value);
    void StringList(string jsonName, string xmlItem, IEnumerable<string> items);
    void StringMap(string jsonName, string xmlEntry, IEnumerable<KeyValuePair<string, string>> entries, string keyName = "Name", string valueName = "Value");
    void ObjectList<T>(string jsonName, string xmlItem, IEnumerable<T> items, Action<IResponseWriter, T> write);
    /// <summary>A nested structure (JSON object; in XML, an element holding the fields).</summary>
    void Object(string name, Action<IResponseWriter> write);
    /// <summary>A number with a fraction (Kinesis timestamps in epoch seconds).</summary>
    void Double(string name, double value);
    void ObjectMap<T>(string jsonName, string xmlEntry, IEnumerable<KeyValuePair<string, T>> entries, Action<IResponseWriter, T> write);
}
