using System.Text;
using System.Text.Json;
using Shoal.Actors.Common;
using Shoal.Actors.Firehose;
using Shoal.Actors.Queues;

namespace Shoal.Tests.Unit;

/// <summary>Firehose's pure rules: buffering, object keys, the wire formats of endpoints and transforms, and the entity's decisions.</summary>
[Trait("Tier", "Unit")]
public sealed class FirehoseRulesTests
{
    const long T0 = 1_796_400_000_000; // 2026-12-04T16:00:00Z
    static readonly BufferingHints OneMiBOrTenSeconds = new(1, 10);

    static BufferedRecord Record(long sequence, int bytes, long at = T0) => new(sequence, at, new byte[bytes]);

    [Fact]
    public void An_empty_buffer_has_no_batch_and_no_due_time()
    {
        Assert.Equal((null, long.MaxValue), DeliveryStreamRules.NextBatch([], 0, OneMiBOrTenSeconds, T0));
    }

    [Fact]
    public void A_small_buffer_waits_for_the_interval_counted_from_its_oldest_record()
    {
        var buffer = new[] { Record(1, 100, T0), Record(2, 100, T0 + 4000) };
        var (batch, dueAt) = DeliveryStreamRules.NextBatch(buffer, 2, OneMiBOrTenSeconds, T0 + 9_999);
        Assert.Null(batch);
        Assert.Equal(T0 + 10_000, dueAt);
        Assert.Equal([1L, 2L], DeliveryStreamRules.NextBatch(buffer, 2, OneMiBOrTenSeconds, T0 + 10_000).Batch!.Select(r => r.Sequence));
    }

    [Fact]
    public void A_buffer_that_reached_the_size_hint_goes_out_at_once_in_batches_of_at_most_that_size()
    {
        var buffer = Enumerable.Range(1, 5).Select(i => Record(i, 300 * 1024)).ToList();
        var (batch, _) = DeliveryStreamRules.NextBatch(buffer, 5, OneMiBOrTenSeconds, T0);
        Assert.Equal([1L, 2L, 3L], batch!.Select(r => r.Sequence));
    }

    [Fact]
    public void A_record_larger_than_the_size_hint_still_goes_out_alone()
    {
        var (batch, _) = DeliveryStreamRules.NextBatch([Record(1, 2 * 1024 * 1024), Record(2, 10)], 2, OneMiBOrTenSeconds, T0);
        Assert.Equal([1L], batch!.Select(r => r.Sequence));
    }

    [Fact]
    public void Records_not_yet_committed_are_never_delivered()
    {
        var buffer = new[] { Record(1, 10), Record(2, 10) };
        Assert.Equal([1L], DeliveryStreamRules.NextBatch(buffer, 1, OneMiBOrTenSeconds, T0 + 60_000).Batch!.Select(r => r.Sequence));
        Assert.Null(DeliveryStreamRules.NextBatch(buffer, 0, OneMiBOrTenSeconds, T0 + 60_000).Batch);
    }

    [Fact]
    public void Object_keys_are_prefix_then_utc_hour_then_stream_version_time_and_random()
    {
        Assert.Equal("logs/2026/12/04/16/orders-1-2026-12-04-16-00-00-abc",
            ObjectKeys.For("logs/", "orders", 1, T0, "abc", gzip: false));
        Assert.Equal("2026/12/04/16/orders-1-2026-12-04-16-00-00-abc.gz", ObjectKeys.For(null, "orders", 1, T0, "abc", gzip: true));
    }

    [Fact]
    public void Prefix_expressions_replace_the_default_time_part()
    {
        Assert.Equal("year=2026/month=12/r-abc/orders-1-2026-12-04-16-00-00-abc",
            ObjectKeys.For("year=!{timestamp:yyyy}/month=!{timestamp:MM}/r-!{firehose:random-string}/", "orders", 1, T0, "abc", gzip: false));
        Assert.True(ObjectKeys.ValidExpressions("a/!{timestamp:yyyy}/!{firehose:random-string}"));
        Assert.False(ObjectKeys.ValidExpressions("a/!{partitionKeyFromQuery:id}/"));
        Assert.False(ObjectKeys.ValidExpressions("a/!{firehose:nonsense}/"));
    }

    [Fact]
    public void Error_output_goes_under_the_error_type_unless_the_prefix_places_it()
    {
        Assert.Equal("processing-failed/2026/12/04/16/orders-1-2026-12-04-16-00-00-abc",
            ObjectKeys.ForError(null, ObjectKeys.ProcessingFailed, "orders", 1, T0, "abc"));
        Assert.Equal("errors/http-endpoint-failed/2026/12/04/16/orders-1-2026-12-04-16-00-00-abc",
            ObjectKeys.ForError("errors/", ObjectKeys.HttpEndpointFailed, "orders", 1, T0, "abc"));
        Assert.Equal("errors/processing-failed/2026/orders-1-2026-12-04-16-00-00-abc",
            ObjectKeys.ForError("errors/!{firehose:error-output-type}/!{timestamp:yyyy}/", ObjectKeys.ProcessingFailed, "orders", 1, T0, "abc"));
    }

    [Fact]
    public void The_http_endpoint_request_carries_the_request_id_timestamp_and_base64_records()
    {
        var body = JsonDocument.Parse(DeliveryFormats.HttpEndpointRequest("req-1", T0, [Encoding.UTF8.GetBytes("a"), [0, 255]])).RootElement;
        Assert.Equal("req-1", body.GetProperty("requestId").GetString());
        Assert.Equal(T0, body.GetProperty("timestamp").GetInt64());
        Assert.Equal(["YQ==", "AP8="], body.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("data").GetString()));
    }

    [Theory]
    [InlineData(200, """{"requestId":"req-1","timestamp":1}""", true)]
    [InlineData(200, """{"requestId":"other","timestamp":1}""", false)]
    [InlineData(200, "", false)]
    [InlineData(500, """{"requestId":"req-1","errorMessage":"down"}""", false)]
    [InlineData(201, """{"requestId":"req-1"}""", false)]
    public void Only_a_200_naming_the_request_id_counts_as_delivered(int status, string body, bool delivered)
    {
        Assert.Equal(delivered, DeliveryFormats.HttpEndpointFailure(status, body, "req-1") is null);
    }

    [Fact]
    public void A_failed_endpoint_answer_keeps_its_error_message()
    {
        Assert.Contains("down", DeliveryFormats.HttpEndpointFailure(503, """{"requestId":"req-1","errorMessage":"down"}""", "req-1"));
    }

    [Fact]
    public void The_transform_event_is_the_lambda_record_format()
    {
        var body = JsonDocument.Parse(DeliveryFormats.TransformEvent("inv-1", "arn:d", "us-east-1", [("r1", T0, [104, 105])])).RootElement;
        Assert.Equal(("inv-1", "arn:d", "us-east-1"), (body.GetProperty("invocationId").GetString(), body.GetProperty("deliveryStreamArn").GetString(), body.GetProperty("region").GetString()));
        var record = Assert.Single(body.GetProperty("records").EnumerateArray().ToList());
        Assert.Equal(("r1", T0, "aGk="), (record.GetProperty("recordId").GetString(), record.GetProperty("approximateArrivalTimestamp").GetInt64(), record.GetProperty("data").GetString()));
    }

    [Fact]
    public void A_transform_result_gives_each_record_its_outcome()
    {
        var (records, code, _) = DeliveryFormats.TransformResult("""
            {"records":[{"recordId":"a","result":"Ok","data":"SEk="},{"recordId":"b","result":"Dropped"},{"recordId":"c","result":"ProcessingFailed"}]}
            """, ["a", "b", "c"]);
        Assert.Null(code);
        Assert.Equal("HI", Encoding.UTF8.GetString(records!["a"].Data!));
        Assert.Equal((DeliveryFormats.Dropped, DeliveryFormats.ProcessingFailed), (records["b"].Result, records["c"].Result));
    }

    [Theory]
    [InlineData("""{"records":[{"recordId":"a","result":"Ok","data":"SEk="}]}""", "Lambda.MissingRecordId")]
    [InlineData("""{"records":[{"recordId":"a","result":"Ok","data":"SEk="},{"recordId":"a","result":"Ok","data":"SEk="}]}""", "Lambda.DuplicatedRecordId")]
    [InlineData("""{"records":[{"recordId":"x","result":"Ok","data":"SEk="},{"recordId":"b","result":"Ok","data":"SEk="}]}""", "Lambda.MissingRecordId")]
    [InlineData("""{"records":[{"recordId":"a","result":"Maybe"},{"recordId":"b","result":"Ok","data":"SEk="}]}""", "Lambda.InvalidReturnedResult")]
    [InlineData("""{"records":[{"recordId":"a","result":"Ok"},{"recordId":"b","result":"Ok","data":"SEk="}]}""", "Lambda.InvalidReturnedData")]
    [InlineData("not json", "Lambda.JsonProcessingException")]
    public void A_transform_result_that_breaks_the_format_fails_as_a_whole(string body, string errorCode)
    {
        var (records, code, message) = DeliveryFormats.TransformResult(body, ["a", "b"]);
        Assert.Null(records);
        Assert.Equal(errorCode, code);
        Assert.False(string.IsNullOrEmpty(message));
    }

    [Fact]
    public void Error_output_is_one_json_object_a_line_with_the_raw_data()
    {
        var text = Encoding.UTF8.GetString(DeliveryFormats.ErrorLines(
            [new DeliveryFormats.FailedRecord(T0, [1, 2], "Lambda.ProcessingFailedStatus", "failed"), new DeliveryFormats.FailedRecord(T0 + 1, [3], "X", "y")],
            4, T0 + 9, "lambdaArn", "http://t"));
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal((4, T0, "Lambda.ProcessingFailedStatus", "AQI=", "http://t"), (lines[0].GetProperty("attemptsMade").GetInt32(),
            lines[0].GetProperty("arrivalTimestamp").GetInt64(), lines[0].GetProperty("errorCode").GetString(), lines[0].GetProperty("rawData").GetString(),
            lines[0].GetProperty("lambdaArn").GetString()));
    }

    [Theory]
    [InlineData("orders-1.v2_x", null)]
    [InlineData("has space", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")]
    [InlineData("", "Member must have length greater than or equal to 1")]
    public void Names_follow_the_model(string name, string? broken)
    {
        var rejection = DeliveryStreamRules.ValidateName(name);
        if (broken is null) Assert.Null(rejection);
        else Assert.Contains(broken, rejection!.Message);
        Assert.Contains("Member must have length less than or equal to 64", DeliveryStreamRules.ValidateName(new string('x', 65))!.Message);
    }

    [Fact]
    public void Batches_allow_500_records_of_1000_KiB_and_4_MiB_in_all()
    {
        Assert.Null(DeliveryStreamRules.ValidateBatch(Enumerable.Repeat(10, 500).ToList(), batch: true));
        Assert.Equal(ErrorCode.Validation, DeliveryStreamRules.ValidateBatch(Enumerable.Repeat(10, 501).ToList(), batch: true)!.Code);
        Assert.Equal(ErrorCode.Validation, DeliveryStreamRules.ValidateBatch([], batch: true)!.Code);
        Assert.Null(DeliveryStreamRules.ValidateBatch([DeliveryStreamRules.MaxRecordBytes], batch: false));
        Assert.Contains("'record.data'", DeliveryStreamRules.ValidateBatch([DeliveryStreamRules.MaxRecordBytes + 1], batch: false)!.Message);
        Assert.Equal(ErrorCode.InvalidArgument, DeliveryStreamRules.ValidateBatch(Enumerable.Repeat(DeliveryStreamRules.MaxRecordBytes, 5).ToList(), batch: true)!.Code);
    }

    static DeliveryStreamConfig Config(string type = DeliveryStreamConfig.DirectPut) => new("orders", type,
        type == DeliveryStreamConfig.DirectPut ? null : new KinesisSource("arn:aws:kinesis:us-east-1:000000000000:stream/s", "arn:aws:iam::000000000000:role/r"),
        new DeliveryDestination(new S3Target("arn:aws:iam::000000000000:role/r", "arn:aws:s3:::b", null, null, "UNCOMPRESSED", OneMiBOrTenSeconds), null, OneMiBOrTenSeconds, null, true),
        new Dictionary<string, string>());

    static DeliveryStreamState Apply(DeliveryStreamState state, DeliveryStreamDecider.Decision decision)
    {
        foreach (var e in decision.Events) state.Apply(e);
        return state;
    }

    [Fact]
    public void A_delivery_stream_is_creating_for_a_moment_then_active_and_its_name_is_taken()
    {
        var state = Apply(new DeliveryStreamState(), DeliveryStreamDecider.Decide(new DeliveryStreamState(), new CreateDeliveryStream("a/orders", Config()), T0));
        Assert.Equal("CREATING", Assert.IsType<DeliveryStreamView>(DeliveryStreamDecider.Decide(state, new GetDeliveryStream("a/orders"), T0 + 10).Reply).Status);
        Assert.Equal("ACTIVE", Assert.IsType<DeliveryStreamView>(DeliveryStreamDecider.Decide(state, new GetDeliveryStream("a/orders"), T0 + DeliveryStreamRules.CreatingMs).Reply).Status);
        var again = Assert.IsType<Rejection>(DeliveryStreamDecider.Decide(state, new CreateDeliveryStream("a/orders", Config()), T0 + 5).Reply);
        Assert.Equal((ErrorCode.ResourceInUse, "Firehose stream orders under account 000000000000 already exists."), (again.Code, again.Message));
    }

    [Fact]
    public void Puts_take_distinct_record_ids_and_sequences_that_run_on_after_a_delivery()
    {
        var state = Apply(new DeliveryStreamState(), DeliveryStreamDecider.Decide(new DeliveryStreamState(), new CreateDeliveryStream("a/orders", Config()), T0));
        var first = DeliveryStreamDecider.Decide(state, new PutFirehoseRecords("a/orders", [[1], [2]]), T0 + 1);
        Apply(state, first);
        state.Apply(new FirehoseBatchDelivered(2, T0 + 2));
        Assert.Empty(state.Buffer);
        var second = DeliveryStreamDecider.Decide(state, new PutFirehoseRecords("a/orders", [[3]]), T0 + 3);
        Apply(state, second);
        var ids = Assert.IsType<FirehoseRecordsAccepted>(first.Reply).RecordIds.Concat(Assert.IsType<FirehoseRecordsAccepted>(second.Reply).RecordIds).ToList();
        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(3, Assert.Single(state.Buffer).Sequence);
        Assert.Equal(1, state.BufferedBytes);
    }

    [Fact]
    public void A_kinesis_sourced_stream_refuses_puts_and_a_missing_one_is_not_found()
    {
        var state = Apply(new DeliveryStreamState(), DeliveryStreamDecider.Decide(new DeliveryStreamState(),
            new CreateDeliveryStream("a/orders", Config(DeliveryStreamConfig.KinesisStreamAsSource)), T0));
        Assert.Equal(ErrorCode.InvalidArgument, Assert.IsType<Rejection>(DeliveryStreamDecider.Decide(state, new PutFirehoseRecords("a/orders", [[1]]), T0).Reply).Code);
        Apply(state, DeliveryStreamDecider.Decide(state, new DeleteDeliveryStream("a/orders"), T0 + 1));
        var missing = Assert.IsType<Rejection>(DeliveryStreamDecider.Decide(state, new GetDeliveryStream("a/orders"), T0 + 2).Reply);
        Assert.Equal((ErrorCode.ResourceNotFound, "Firehose stream orders under account 000000000000 not found."), (missing.Code, missing.Message));
    }

    [Fact]
    public void Tags_are_set_and_removed_and_at_most_50_are_kept()
    {
        var state = Apply(new DeliveryStreamState(), DeliveryStreamDecider.Decide(new DeliveryStreamState(), new CreateDeliveryStream("a/orders", Config()), T0));
        Apply(state, DeliveryStreamDecider.Decide(state, new TagDeliveryStream("a/orders", new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }), T0));
        Apply(state, DeliveryStreamDecider.Decide(state, new UntagDeliveryStream("a/orders", ["a"]), T0));
        Assert.Equal(new Dictionary<string, string> { ["b"] = "2" }, state.Config!.Tags);
        var many = Enumerable.Range(0, 50).ToDictionary(i => $"k{i}", i => "v");
        Assert.Equal(ErrorCode.LimitExceeded, Assert.IsType<Rejection>(DeliveryStreamDecider.Decide(state, new TagDeliveryStream("a/orders", many), T0).Reply).Code);
    }

    [Fact]
    public void A_snapshot_keeps_the_buffer_and_the_source_checkpoints()
    {
        var state = Apply(new DeliveryStreamState(), DeliveryStreamDecider.Decide(new DeliveryStreamState(), new CreateDeliveryStream("a/orders", Config()), T0));
        state.Apply(new FirehoseRecordsBuffered([Record(1, 5), Record(2, 7)], new SourceCheckpoint(0, 9, false)));
        var back = DeliveryStreamState.FromSnapshot(state.ToSnapshot());
        Assert.Equal((2, 12L, 3L), (back.Buffer.Count, back.BufferedBytes, back.NextSequence));
        Assert.Equal(9, back.Checkpoints[0].NextPosition);
        Assert.IsType<Done>(DeliveryStreamDecider.Decide(back, new DeleteDeliveryStream("a/orders"), T0).Reply);
    }
}
