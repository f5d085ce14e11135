using Shoal.Actors.Common;
using Shoal.Actors.Streams;
using static Shoal.Tests.Unit.TestStream;

namespace Shoal.Tests.Unit;

/// <summary>Shard iterators as tokens: what they carry, how they are checked, when they expire.</summary>
[Trait("Tier", "Unit")]
public class ShardIteratorsTests
{
    static ShardIterator Iterator(long issuedAt = T0, string stream = Name, long streamCreatedAt = T0 - 60_000) =>
        new(stream, streamCreatedAt, ShardIndex: 3, Position: 1_234, issuedAt);

    [Fact]
    public void An_iterator_decodes_to_what_was_encoded()
    {
        var iterator = Iterator();

        Assert.Equal(iterator, ShardIterators.Decode(ShardIterators.Encode(iterator)));
        Assert.Equal("shardId-000000000003", iterator.ShardId);
    }

    [Fact]
    public void An_iterator_is_standard_base64_within_the_APIs_512_characters_even_for_the_longest_stream_name()
    {
        var text = ShardIterators.Encode(Iterator(stream: new string('s', 128)) with { Position = long.MaxValue, ShardIndex = int.MaxValue });

        Assert.NotEmpty(Convert.FromBase64String(text));
        Assert.InRange(text.Length, 1, 512);
        Assert.NotNull(ShardIterators.Decode(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("AAAAAAAAAAGk2mQ1E3T1o6ZsQ9e7V3q2GgQG7mJgq3mD1bV0tU0=")]
    public void Text_that_is_not_one_of_our_iterators_does_not_decode(string? text) => Assert.Null(ShardIterators.Decode(text));

    [Fact]
    public void An_iterator_cut_short_lengthened_or_altered_does_not_decode()
    {
        var bytes = Convert.FromBase64String(ShardIterators.Encode(Iterator()));

        Assert.Null(ShardIterators.Decode(Convert.ToBase64String(bytes[..^1])));
        Assert.Null(ShardIterators.Decode(Convert.ToBase64String([.. bytes, 0])));
        for (var i = 0; i < bytes.Length; i++)
        {
            var altered = bytes.ToArray();
            altered[i] ^= 0x10;
            Assert.Null(ShardIterators.Decode(Convert.ToBase64String(altered)));
        }
    }

    [Fact]
    public void A_malformed_iterator_is_InvalidArgumentException()
    {
        var rejection = Expect.Rejection(ErrorCode.InvalidArgument, ShardIterators.Open("garbage", At(0)).Rejection);

        Assert.Equal("Invalid ShardIterator.", rejection.Message);
    }

    [Fact]
    public void An_iterator_is_good_for_five_minutes_after_it_was_issued()
    {
        var text = ShardIterators.Encode(Iterator(issuedAt: At(0)));

        Assert.Equal(Iterator(issuedAt: At(0)), ShardIterators.Open(text, At(300)).Iterator);
    }

    [Fact]
    public void An_iterator_older_than_five_minutes_is_ExpiredIteratorException_in_AWS_words()
    {
        var text = ShardIterators.Encode(Iterator(issuedAt: At(0)));

        var rejection = Expect.Rejection(ErrorCode.ExpiredIterator, ShardIterators.Open(text, At(300.001)).Rejection);

        Assert.Equal("Iterator expired. The iterator was created at time Thu Jan 01 00:00:00 UTC 2026 while right now it is " +
                     "Thu Jan 01 00:05:00 UTC 2026 which is further in the future than the tolerated delay of 300000 milliseconds.",
            rejection.Message);
    }

    [Fact]
    public void An_iterator_issued_by_a_clock_slightly_ahead_is_accepted()
    {
        var text = ShardIterators.Encode(Iterator(issuedAt: At(2)));

        Assert.NotNull(ShardIterators.Open(text, At(0)).Iterator);
    }

    [Fact]
    public void An_iterator_belongs_to_the_stream_of_its_name_and_creation_time() =>
        Assert.Null(ShardIterators.CheckStream(Iterator(), Name, T0 - 60_000));

    [Fact]
    public void An_iterator_for_another_stream_is_InvalidArgumentException()
    {
        var rejection = Expect.Rejection(ErrorCode.InvalidArgument, ShardIterators.CheckStream(Iterator(), "payments", T0 - 60_000));

        Assert.StartsWith("Invalid ShardIterator.", rejection.Message);
        Assert.Contains("orders", rejection.Message);
    }

    [Fact]
    public void An_iterator_from_a_deleted_stream_is_refused_by_the_stream_recreated_under_its_name()
    {
        var rejection = Expect.Rejection(ErrorCode.InvalidArgument, ShardIterators.CheckStream(Iterator(), Name, streamCreatedAt: T0));

        Assert.StartsWith("Invalid ShardIterator.", rejection.Message);
    }

    [Fact]
    public void The_next_iterator_reads_on_from_where_the_call_stopped_and_is_issued_anew()
    {
        var next = ShardIterators.Next(Iterator(issuedAt: At(0)), nextPosition: 1_300, closedShardEnd: null, now: At(1));

        Assert.Equal(Iterator(issuedAt: At(1)) with { Position = 1_300 }, next);
    }

    [Fact]
    public void A_closed_shard_read_to_its_end_has_no_next_iterator()
    {
        Assert.Null(ShardIterators.Next(Iterator(), nextPosition: 1_300, closedShardEnd: 1_300, now: At(1)));
        Assert.NotNull(ShardIterators.Next(Iterator(), nextPosition: 1_299, closedShardEnd: 1_300, now: At(1)));
    }
}
