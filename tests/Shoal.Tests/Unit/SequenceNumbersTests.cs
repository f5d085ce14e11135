using System.Numerics;
using Shoal.Actors.Streams;

namespace Shoal.Tests.Unit;

/// <summary>Sequence numbers: fixed-width decimals, ordered within a shard, unique in a stream, children above parents.</summary>
[Trait("Tier", "Unit")]
public class SequenceNumbersTests
{
    [Fact]
    public void A_sequence_number_is_56_decimal_digits_like_AWS()
    {
        var sequenceNumber = SequenceNumbers.Encode(3, 42);

        Assert.Equal(56, sequenceNumber.Length);
        Assert.All(sequenceNumber, c => Assert.InRange(c, '0', '9'));
        Assert.Equal("4000000000003" + "42".PadLeft(43, '0'), sequenceNumber);
    }

    [Theory]
    [InlineData(0, 0L)]
    [InlineData(1, 1L)]
    [InlineData(12, 987_654_321L)]
    [InlineData(int.MaxValue, long.MaxValue)]
    public void A_sequence_number_decodes_to_the_shard_and_position_it_encodes(int shardIndex, long position) =>
        Assert.Equal((shardIndex, position), SequenceNumbers.Decode(SequenceNumbers.Encode(shardIndex, position)));

    [Fact]
    public void Sequence_numbers_compare_as_integers_and_as_strings_in_the_order_of_shard_then_position()
    {
        var random = new Random(20260101);
        List<(int Shard, long Position)> pairs =
        [
            .. Enumerable.Range(0, 500).Select(_ => (random.Next(0, 50), random.NextInt64(0, 1_000_000))),
            (0, 0), (0, long.MaxValue), (1, 0), (int.MaxValue, long.MaxValue),
        ];

        foreach (var a in pairs.Take(100))
        foreach (var b in pairs)
        {
            var (x, y) = (SequenceNumbers.Encode(a.Shard, a.Position), SequenceNumbers.Encode(b.Shard, b.Position));
            var expected = Math.Sign(a.CompareTo(b));
            Assert.Equal(expected, Math.Sign(string.CompareOrdinal(x, y)));
            Assert.Equal(expected, BigInteger.Parse(x).CompareTo(BigInteger.Parse(y)));
        }
    }

    [Fact]
    public void Successive_records_of_a_shard_get_strictly_increasing_numbers()
    {
        var numbers = Enumerable.Range(0, 1_000).Select(position => SequenceNumbers.Encode(7, position)).ToList();

        Assert.Equal(numbers.OrderBy(n => n, StringComparer.Ordinal), numbers);
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
    }

    [Fact]
    public void The_same_position_in_different_shards_has_different_numbers()
    {
        var numbers = Enumerable.Range(0, 100).Select(shard => SequenceNumbers.Encode(shard, 5)).ToList();

        Assert.Equal(numbers.Count, numbers.Distinct().Count());
    }

    [Fact]
    public void A_child_shard_numbers_above_every_record_of_its_parents()
    {
        var (split, _) = ReshardRules.SplitShard(TestStream.Created(2), "shardId-000000000001", "250000000000000000000000000000000000000", TestStream.Name, TestStream.T0);
        var parentLast = SequenceNumbers.Encode(1, long.MaxValue);

        Assert.All(split!.Created, child => Assert.True(string.CompareOrdinal(child.StartingSequenceNumber, parentLast) > 0));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("4000000000000000000000000000000000000000000000000000000")] // 55 digits
    [InlineData("400000000000000000000000000000000000000000000000000000000")] // 57 digits
    [InlineData("50000000000000000000000000000000000000000000000000000001")] // another lead digit
    [InlineData("4000000000000000000000000000000000000000000000000000000a")]
    [InlineData("40000000000000000000000000000000000010000000000000000000")] // a position above long's range
    [InlineData("49999999999990000000000000000000000000000000000000000000")] // a shard index above int's range
    [InlineData("49590338271490256608559692538361571095921575989136588898")] // one of AWS's
    public void Text_that_is_not_one_of_ours_does_not_decode(string? text) => Assert.Null(SequenceNumbers.Decode(text));

    [Theory]
    [InlineData("0", true)]
    [InlineData("49590338271490256608559692538361571095921575989136588898", true)]
    [InlineData("012", false)]
    [InlineData("12a", false)]
    [InlineData("", false)]
    public void The_model_pattern_takes_any_decimal_without_leading_zeros(string text, bool matches) =>
        Assert.Equal(matches, SequenceNumbers.MatchesPattern(text));
}
