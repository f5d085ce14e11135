using Shoal.Actors.Common;

namespace Shoal.Actors.Queues;

/// <summary>The request-level checks every *Batch action shares.</summary>
public static class BatchRules
{
    public const int MaxEntries = 10;

    public static Rejection? Validate(IReadOnlyCollection<string> ids, string entryName)
    {
        if (ids.Count == 0)
            return new Rejection(ErrorCode.EmptyBatchRequest, $"There should be at least one {entryName} in the request.");
        if (ids.Count > MaxEntries)
            return new Rejection(ErrorCode.TooManyEntriesInBatchRequest,
                $"Maximum number of entries per request are {MaxEntries}. You have sent {ids.Count}.");
        foreach (var id in ids)
        {
            if (id.Length is 0 or > 80 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                return new Rejection(ErrorCode.InvalidBatchEntryId,
                    "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (!seen.Add(id))
                return new Rejection(ErrorCode.BatchEntryIdsNotDistinct, $"Id {id} repeated.");
        }
        return null;
    }
}
