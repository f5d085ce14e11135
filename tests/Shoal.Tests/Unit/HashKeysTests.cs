using System.Numerics;
using Shoal.Actors.Common;
using Shoal.Actors.Streams;
using static Shoal.Tests.Unit.TestStream;

namespace Shoal.Tests.Unit;

/// <summary>Partition keys to hash keys to shards: MD5, ExplicitHashKey, and the uniform ranges of new streams.</summary>
[Trait("Tier", "Unit")]
public class HashKeysTests
{
    static BigInteger Key(string decimalText) => BigInteger.Parse(decimalText);

    [Theory]
    [InlineData("pk1", "329398341438914906102347661116985167824")]
    [InlineData("a", "16955237001963240173058271559858726497")]
    [InlineData("ключ", "259726384039714788407059515981389908711")]
    public void A_partition_key_hashes_to_its_UTF8_MD5_read_as_an_unsigned_big_endian_integer(string partitionKey, string expected) =>
        Assert.Equal(Key(expected), HashKeys.OfPartitionKey(partitionKey));

    [Fact]
    public void One_shard_owns_the_whole_key_space()
    {
        var range = Assert.Single(HashKeys.Uniform(1));

        Assert.Equal("0", range.StartingHashKey);
        Assert.Equal("340282366920938463463374607431768211455", range.EndingHashKey);
        Assert.Equal(HashKeyRange.All, range);
    }

    [Fact]
    public void Two_shards_halve_the_key_space()
    {
        Assert.Equal(
            [
                ("0", "170141183460469231731687303715884105727"),
                ("170141183460469231731687303715884105728", "340282366920938463463374607431768211455"),
            ],
            HashKeys.Uniform(2).Select(r => (r.StartingHashKey, r.EndingHashKey)));
    }

    [Fact]
    public void Three_shards_have_the_ranges_of_the_aws_cli_describe_stream_example()
    {
        Assert.Equal(
            [
                ("0", "113427455640312821154458202477256070484"),
                ("113427455640312821154458202477256070485", "226854911280625642308916404954512140969"),
                ("226854911280625642308916404954512140970", "340282366920938463463374607431768211455"),
            ],
            HashKeys.Uniform(3).Select(r => (r.StartingHashKey, r.EndingHashKey)));
    }

    [Fact]
    public void Four_shards_start_at_multiples_of_a_quarter_of_the_key_space()
    {
        Assert.Equal(
            [
                ("0", "85070591730234615865843651857942052863"),
                ("85070591730234615865843651857942052864", "170141183460469231731687303715884105727"),
                ("170141183460469231731687303715884105728", "255211775190703847597530955573826158591"),
                ("255211775190703847597530955573826158592", "340282366920938463463374607431768211455"),
            ],
            HashKeys.Uniform(4).Select(r => (r.StartingHashKey, r.EndingHashKey)));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(33)]
    [InlineData(10_000)]
    public void Uniform_ranges_cover_the_key_space_without_gaps_and_the_last_takes_the_remainder(int count)
    {
        var ranges = HashKeys.Uniform(count);
        var width = HashKeys.Space / count;

        Assert.Equal(count, ranges.Count);
        Assert.Equal(BigInteger.Zero, ranges[0].Start);
        Assert.Equal(HashKeys.Max, ranges[^1].End);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(width * i, ranges[i].Start);
            if (i > 0) Assert.True(ranges[i - 1].IsFollowedBy(ranges[i]), $"gap before range {i}");
        }
        Assert.Equal(HashKeys.Space % count, ranges[^1].End - ranges[^1].Start + 1 - width);
    }

    [Fact]
    public void A_key_goes_to_the_open_shard_whose_inclusive_range_holds_it()
    {
        var open = HashKeys.OpenByHashKey(Created(4));

        Assert.Equal(0, HashKeys.ShardFor(open, BigInteger.Zero)!.Index);
        Assert.Equal(0, HashKeys.ShardFor(open, Key("85070591730234615865843651857942052863"))!.Index);
        Assert.Equal(1, HashKeys.ShardFor(open, Key("85070591730234615865843651857942052864"))!.Index);
        Assert.Equal(3, HashKeys.ShardFor(open, HashKeys.Max)!.Index);
        Assert.Equal(3, HashKeys.ShardFor(open, HashKeys.OfPartitionKey("pk1"))!.Index);
        Assert.Equal(0, HashKeys.ShardFor(open, HashKeys.OfPartitionKey("a"))!.Index);
    }

    [Fact]
    public void Closed_shards_take_no_keys()
    {
        var (split, _) = ReshardRules.SplitShard(Created(1), "shardId-000000000000", "1000", Name, At(1));
        var open = HashKeys.OpenByHashKey(split!.ApplyTo(Created(1)));

        Assert.Equal(1, HashKeys.ShardFor(open, new BigInteger(999))!.Index);
        Assert.Equal(2, HashKeys.ShardFor(open, new BigInteger(1000))!.Index);
        Assert.Equal(2, HashKeys.ShardFor(open, HashKeys.Max)!.Index);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("170141183460469231731687303715884105728")]
    [InlineData("340282366920938463463374607431768211455")]
    public void An_explicit_hash_key_in_range_overrides_the_partition_key(string explicitHashKey)
    {
        var (key, rejection) = HashKeys.KeyOf("pk1", explicitHashKey);

        Assert.Null(rejection);
        Assert.Equal(Key(explicitHashKey), key);
    }

    [Fact]
    public void Without_an_explicit_hash_key_the_partition_key_decides() =>
        Assert.Equal(HashKeys.OfPartitionKey("pk1"), HashKeys.KeyOf("pk1", null).Key);

    [Theory]
    [InlineData("340282366920938463463374607431768211456")]
    [InlineData("999999999999999999999999999999999999999")]
    public void An_explicit_hash_key_above_2_to_the_128_minus_1_is_InvalidArgumentException(string explicitHashKey)
    {
        var rejection = Expect.Rejection(ErrorCode.InvalidArgument, HashKeys.ParseExplicit(explicitHashKey).Rejection);

        Assert.Equal("Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. " +
                     $"Specified value was {explicitHashKey}", rejection.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("01")]
    [InlineData("1.5")]
    [InlineData("abc")]
    [InlineData("١٢٣")]
    [InlineData("3402823669209384634633746074317682114550")]
    public void An_explicit_hash_key_that_is_not_a_decimal_of_at_most_39_digits_breaks_the_model_pattern(string explicitHashKey)
    {
        var rejection = Expect.Rejection(ErrorCode.Validation, HashKeys.ParseExplicit(explicitHashKey, "records.2.member.explicitHashKey").Rejection);

        Assert.Equal($"1 validation error detected: Value '{explicitHashKey}' at 'records.2.member.explicitHashKey' failed to satisfy " +
                     @"constraint: Member must satisfy regular expression pattern: 0|([1-9]\d{0,38})", rejection.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(256)]
    public void A_partition_key_of_1_to_256_characters_is_accepted(int length) =>
        Assert.Null(HashKeys.ValidatePartitionKey(new string('é', length)));

    [Fact]
    public void An_empty_partition_key_is_refused()
    {
        var rejection = Expect.Rejection(ErrorCode.Validation, HashKeys.ValidatePartitionKey(""));

        Assert.Equal("1 validation error detected: Value '' at 'partitionKey' failed to satisfy constraint: " +
                     "Member must have length greater than or equal to 1", rejection.Message);
    }

    [Fact]
    public void A_partition_key_over_256_characters_is_refused()
    {
        var rejection = Expect.Rejection(ErrorCode.Validation, HashKeys.ValidatePartitionKey(new string('k', 257)));

        Assert.EndsWith("at 'partitionKey' failed to satisfy constraint: Member must have length less than or equal to 256", rejection.Message);
    }

    [Fact]
    public void A_missing_partition_key_is_refused() =>
        Assert.Equal("1 validation error detected: Value null at 'partitionKey' failed to satisfy constraint: Member must not be null",
            Expect.Rejection(ErrorCode.Validation, HashKeys.ValidatePartitionKey(null)).Message);
}
