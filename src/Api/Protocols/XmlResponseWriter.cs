using System.Globalization;
using System.Security;
using System.Text;

namespace Shoal.Api.Protocols;

/// <summary>The Query protocol's XML result: flattened lists, Name/Value entries for maps.</summary>
public sealed class XmlResponseWriter : IResponseWriter
{
    readonly StringBuilder _xml = new(256);

    public bool IsEmpty => _xml.Length == 0;

    public override string ToString() => _xml.ToString();

    public void String(string name, string? value)
    {
        if (value is null) return;
        _xml.Append('<').Append(name).Append('>').Append(Escape(value)).Append("</").Append(name).Append('>');
    }

    public void Number(string name, long value) => String(name, value.ToString(CultureInfo.InvariantCulture));

    public void Bool(string name, bool value) => String(name, value ? "true" : "false");

    public void Binary(string name, byte[] value) => String(name, Convert.ToBase64String(value));

    public void StringList(string jsonName, string xmlItem, IEnumerable<string> items)
    {
        foreach (var item in items) String(xmlItem, item);
    }

    public void StringMap(string jsonName, string xmlEntry, IEnumerable<KeyValuePair<string, string>> entries, string keyName, string valueName)
    {
        foreach (var (key, value) in entries)
        {
            Open(xmlEntry);
            String(keyName, key);
            String(valueName, value);
            Close(xmlEntry);
        }
    }

    public void ObjectList<T>(string jsonName, string xmlItem, IEnumerable<T> items, Action<IResponseWriter, T> write)
    {
        foreach (var item in items)
        {
            Open(xmlItem);
            write(this, item);
            Close(xmlItem);
        }
    }

    public void ObjectMap<T>(string jsonName, string xmlEntry, IEnumerable<KeyValuePair<string, T>> entries, Action<IResponseWriter, T> write)
    {
        foreach (var (key, value) in entries)
        {
            Open(xmlEntry);
            String("Name", key);
            Open("Value");
            write(this, value);
            Close("Value");
            Close(xmlEntry);
        }
    }

    public void Object(string name, Action<IResponseWriter> write) => Element(name, inner => write(inner));

    public void Double(string name, double value) => String(name, value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>An element holding others (SNS wraps its lists and maps, unlike SQS).</summary>
    public XmlResponseWriter Element(string name, Action<XmlResponseWriter> inner)
    {
        Open(name);
        inner(this);
        Close(name);
        return this;
    }

    /// <summary>A list as SNS writes it: <c>&lt;Name&gt;&lt;member&gt;…&lt;/member&gt;…&lt;/Name&gt;</c>.</summary>
    public XmlResponseWriter Members<T>(string name, IEnumerable<T> items, Action<XmlResponseWriter, T> write) =>
        Element(name, list =>
        {
            foreach (var item in items) list.Element("member", member => write(member, item));
        });

    /// <summary>A string map as SNS writes it: <c>&lt;Name&gt;&lt;entry&gt;&lt;key/&gt;&lt;value/&gt;&lt;/entry&gt;…&lt;/Name&gt;</c>.</summary>
    public XmlResponseWriter Entries(string name, IEnumerable<KeyValuePair<string, string>> entries) =>
        Element(name, map =>
        {
            foreach (var (key, value) in entries) map.Element("entry", entry => { entry.String("key", key); entry.String("value", value); });
        });

    void Open(string name) => _xml.Append('<').Append(name).Append('>');

    void Close(string name) => _xml.Append("</").Append(name).Append('>');

    /// <summary>Escapes markup and the carriage return, which XML parsers would otherwise normalise away.</summary>
    public static string Escape(string text)
    {
        var escaped = SecurityElement.Escape(text);
        return escaped.Contains('\r') ? escaped.Replace("\r", "&#xD;") : escaped;
    }
}
