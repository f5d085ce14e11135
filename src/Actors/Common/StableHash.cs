namespace Shoal.Actors.Common;

/// <summary>
/// FNV-1a over UTF-16 code units: the same on every process and run, unlike string.GetHashCode,
/// so shard ids and receipt-handle tags agree across nodes and restarts.
/// </summary>
public static class StableHash
{
    public static uint Of(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }
}
