using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Shoal.Actors.Common;

namespace Shoal.Actors.Streams;

/// <summary>The inclusive range of 128-bit hash keys a shard owns, as DescribeStream and ListShards show it.</summary>
public readonly record struct HashKeyRange(BigInteger Start, BigInteger End)
{
    /// <summary>The whole key space, 0 to 2^128 − 1: a one-shard stream's range.</summary>
    public static HashKeyRange All => new(BigInteger.Zero, HashKeys.Max);

    public string StartingHashKey => Start.ToString(CultureInfo.InvariantCulture);
    public string EndingHashKey => End.ToString(CultureInfo.InvariantCulture);

    public bool Contains(BigInteger key) => key >= Start && key <= End;

    /// <summary>Whether <paramref name="next"/> begins right where this range ends, with no gap.</summary>
    public bool IsFollowedBy(HashKeyRange next) => End + 1 == next.Start;

    public override string ToString() => $"[{StartingHashKey}, {EndingHashKey}]";
}

/// <summary>How a record finds its shard: the partition key's MD5, or an ExplicitHashKey, against the open shards' ranges.</summary>
public static class HashKeys
{
    /// <summary>2^128, the number of hash keys.</summary>
    public static readonly BigInteger Space = BigInteger.One << 128;

    /// <summary>2^128 − 1, the highest hash key.</summary>
    public static readonly BigInteger Max = Space - 1;

    public const int MaxPartitionKeyLength = 256;

    /// <summary>The model's pattern for ExplicitHashKey, NewStartingHashKey and the HashKeyRange members.</summary>
    public const string HashKeyPattern = @"0|([1-9]\d{0,38})";

    /// <summary>The partition key's MD5 (of its UTF-8 bytes) read as an unsigned 128-bit big-endian integer.</summary>
    public static BigInteger OfPartitionKey(string partitionKey) =>
        new(MD5.HashData(Encoding.UTF8.GetBytes(partitionKey)), isUnsigned: true, isBigEndian: true);

    /// <summary>
    /// A partition key is 1 to 256 characters (UTF-16 code units, as the service's own length check counts them).
    /// <paramref name="path"/> is the member's place in the request: "partitionKey", or "records.3.member.partitionKey".
    /// </summary>
    public static Rejection? ValidatePartitionKey(string? partitionKey, string path = "partitionKey") =>
        PartitionKeyConstraint(partitionKey) is { } broken ? ValidationErrors.One(partitionKey, path, broken) : null;

    /// <summary>The model constraint a partition key breaks, or null.</summary>
    internal static string? PartitionKeyConstraint(string? partitionKey) => partitionKey switch
    {
        null => ValidationErrors.NotNull,
        { Length: 0 } => ValidationErrors.MinLength(1),
        { Length: > MaxPartitionKeyLength } => ValidationErrors.MaxLength(MaxPartitionKeyLength),
        _ => null,
    };

    /// <summary>
    /// An ExplicitHashKey: a decimal integer in [0, 2^128 − 1]. Text that is not a decimal of at most 39 digits breaks
    /// the model's pattern (ValidationException); a 39-digit number above 2^128 − 1 is AWS's InvalidArgumentException.
    /// </summary>
    public static (BigInteger Key, Rejection? Rejection) ParseExplicit(string text, string path = "explicitHashKey")
    {
        if (!IsDecimalHashKey(text))
            return (default, ValidationErrors.One(text, path, ValidationErrors.Pattern(HashKeyPattern)));
        var key = BigInteger.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        return key > Max
            ? (default, new Rejection(ErrorCode.InvalidArgument,
                $"Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was {text}"))
            : (key, null);
    }

    /// <summary>The hash key a record goes by: its ExplicitHashKey when given, otherwise its partition key's MD5.</summary>
    public static (BigInteger Key, Rejection? Rejection) KeyOf(string partitionKey, string? explicitHashKey, string explicitHashKeyPath = "explicitHashKey") =>
        explicitHashKey is null ? (OfPartitionKey(partitionKey), null) : ParseExplicit(explicitHashKey, explicitHashKeyPath);

    /// <summary>
    /// The ranges of <paramref name="count"/> equal shards, as CreateStream and UpdateShardCount make them: shard i starts
    /// at i × floor(2^128 / n) and ends just before the next one; the last ends at 2^128 − 1 and takes the remainder.
    /// </summary>
    public static IReadOnlyList<HashKeyRange> Uniform(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var width = Space / count;
        var ranges = new HashKeyRange[count];
        for (var i = 0; i < count; i++)
            ranges[i] = new HashKeyRange(width * i, i == count - 1 ? Max : width * (i + 1) - 1);
        return ranges;
    }

    /// <summary>A stream's open shards ordered by their ranges: what <see cref="ShardFor"/> searches.</summary>
    public static IReadOnlyList<StreamShard> OpenByHashKey(IEnumerable<StreamShard> shards) =>
        shards.Where(shard => shard.IsOpen).OrderBy(shard => shard.HashKeyRange.Start).ToArray();

    /// <summary>
    /// The open shard whose inclusive range holds <paramref name="key"/>, by binary search over
    /// <paramref name="openByHashKey"/> (from <see cref="OpenByHashKey"/>); null only if the ranges leave a gap.
    /// </summary>
    public static StreamShard? ShardFor(IReadOnlyList<StreamShard> openByHashKey, BigInteger key)
    {
        int low = 0, high = openByHashKey.Count - 1;
        while (low <= high)
        {
            var middle = low + (high - low) / 2;
            var range = openByHashKey[middle].HashKeyRange;
            if (key < range.Start) high = middle - 1;
            else if (key > range.End) low = middle + 1;
            else return openByHashKey[middle];
        }
        return null;
    }

    /// <summary>0, or 1 to 39 ASCII digits without a leading zero (the model's \d is ASCII; .NET's is not, hence no Regex).</summary>
    internal static bool IsDecimalHashKey(string text) => IsDecimal(text, maxDigits: 39);

    /// <summary>The model's decimal patterns, 0|([1-9]\d{0,n−1}), over ASCII digits.</summary>
    internal static bool IsDecimal(string text, int maxDigits)
    {
        if (text.Length == 0 || text.Length > maxDigits) return false;
        if (text[0] == '0') return text.Length == 1;
        foreach (var c in text)
            if (c is < '0' or > '9') return false;
        return true;
    }
}
