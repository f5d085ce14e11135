using System.Diagnostics;
using System.Net;
using System.Text;
using Amazon.SQS;
using Amazon.SQS.Model;
using Shoal.Tests.Support;

namespace Shoal.Tests.Http;

/// <summary>The real AWSSDK.SQS client (JSON protocol, MD5-checking) against a node in this process.</summary>
[Trait("Tier", "Http")]
public sealed class SqsSdkTests(InProcessShoal shoal) : IClassFixture<InProcessShoal>
{
    readonly AmazonSQSClient _sqs = shoal.SqsClient();

    async Task<string> NewQueue(string behaviour, Dictionary<string, string>? attributes = null) =>
        (await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = Unique.Name(behaviour), Attributes = attributes })).QueueUrl;

    [Fact]
    public async Task Queue_url_is_built_from_the_request_host_and_found_by_name()
    {
        var name = Unique.Name("url");
        var created = await _sqs.CreateQueueAsync(name);
        Assert.Equal($"{shoal.Endpoint}/000000000000/{name}", created.QueueUrl);
        Assert.Equal(created.QueueUrl, (await _sqs.GetQueueUrlAsync(name)).QueueUrl);
    }

    [Fact]
    public async Task CreateQueue_is_idempotent_with_equal_attributes_and_rejects_different_ones()
    {
        var name = Unique.Name("idem");
        var attributes = new Dictionary<string, string> { ["VisibilityTimeout"] = "45" };
        var first = await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = attributes });
        var again = await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = attributes });
        Assert.Equal(first.QueueUrl, again.QueueUrl);
        await Assert.ThrowsAsync<QueueNameExistsException>(() => _sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = name,
            Attributes = new Dictionary<string, string> { ["VisibilityTimeout"] = "46" },
        }));
    }

    [Fact]
    public async Task Missing_queue_raises_the_typed_exception_with_the_legacy_code()
    {
        var error = await Assert.ThrowsAsync<QueueDoesNotExistException>(() => _sqs.GetQueueUrlAsync(Unique.Name("missing")));
        Assert.Equal("AWS.SimpleQueueService.NonExistentQueue", error.ErrorCode);
    }

    [Fact]
    public async Task Message_with_every_attribute_type_round_trips_and_the_sdk_accepts_the_md5s()
    {
        var url = await NewQueue("attrs");
        var attributes = new Dictionary<string, MessageAttributeValue>
        {
            ["attr1"] = new() { DataType = "String", StringValue = "v1 é" },
            ["n"] = new() { DataType = "Number", StringValue = "7" },
            ["b"] = new() { DataType = "Binary", BinaryValue = new MemoryStream([0, 1, 255]) },
            ["c"] = new() { DataType = "String.custom", StringValue = "x" },
        };
        var sent = await _sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "hello ünï & <x>", MessageAttributes = attributes });
        Assert.Equal("85e5fa6543afffcd38478745239ac18f", sent.MD5OfMessageBody);
        Assert.Equal("55434170cdf786d6460f7e771039f2b0", sent.MD5OfMessageAttributes);

        var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = url,
            MessageAttributeNames = ["All"],
            MessageSystemAttributeNames = ["All"],
        });
        var message = Assert.Single(received.Messages);
        Assert.Equal("hello ünï & <x>", message.Body);
        Assert.Equal(sent.MessageId, message.MessageId);
        Assert.Equal([0, 1, 255], message.MessageAttributes["b"].BinaryValue.ToArray());
        Assert.Equal("1", message.Attributes["ApproximateReceiveCount"]);
    }

    [Fact]
    public async Task Receiving_a_subset_of_attributes_digests_only_that_subset()
    {
        var url = await NewQueue("subset");
        await _sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = url,
            MessageBody = "m",
            MessageAttributes = new()
            {
                ["keep.one"] = new() { DataType = "String", StringValue = "1" },
                ["drop"] = new() { DataType = "String", StringValue = "2" },
            },
        });
        var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MessageAttributeNames = ["keep.*"] });
        var message = Assert.Single(received.Messages);
        Assert.Equal(["keep.one"], message.MessageAttributes.Keys);
    }

    [Fact]
    public async Task Deleted_message_is_not_redelivered_and_undeleted_one_is_after_its_visibility_timeout()
    {
        var url = await NewQueue("redeliver");
        await _sqs.SendMessageAsync(url, "keep");
        await _sqs.SendMessageAsync(url, "delete");
        var first = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, VisibilityTimeout = 1 });
        Assert.Equal(2, first.Messages.Count);
        await _sqs.DeleteMessageAsync(url, first.Messages.Single(m => m.Body == "delete").ReceiptHandle);

        var again = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 5, MessageSystemAttributeNames = ["ApproximateReceiveCount"],
        });
        var message = Assert.Single(again.Messages);
        Assert.Equal("keep", message.Body);
        Assert.Equal("2", message.Attributes["ApproximateReceiveCount"]);
        Assert.NotEqual(first.Messages.Single(m => m.Body == "keep").ReceiptHandle, message.ReceiptHandle);
    }

    [Fact]
    public async Task A_standard_queue_message_keeps_its_MessageGroupId_and_gets_no_fifo_attributes()
    {
        var url = await NewQueue("fair");
        await _sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "m", MessageGroupId = "tenant-1" });

        var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MessageSystemAttributeNames = ["All"] });
        var message = Assert.Single(received.Messages);
        Assert.Equal("tenant-1", message.Attributes["MessageGroupId"]);
        Assert.False(message.Attributes.ContainsKey("SequenceNumber"));
        Assert.False(message.Attributes.ContainsKey("MessageDeduplicationId"));
    }

    [Fact]
    public async Task Long_poll_returns_as_soon_as_a_message_is_sent()
    {
        var url = await NewQueue("longpoll");
        var clock = Stopwatch.StartNew();
        var poll = _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 20 });
        await Task.Delay(500);
        Assert.False(poll.IsCompleted);
        await _sqs.SendMessageAsync(url, "wake");
        var received = await poll;
        Assert.Equal("wake", Assert.Single(received.Messages).Body);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"long poll took {clock.Elapsed}");
    }

    [Fact]
    public async Task Empty_long_poll_waits_its_full_time_and_returns_no_messages()
    {
        var url = await NewQueue("emptypoll");
        var clock = Stopwatch.StartNew();
        var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 2 });
        Assert.True(received.Messages is null || received.Messages.Count == 0);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(6));
    }

    [Fact]
    public async Task SendMessageBatch_reports_each_entry_and_fails_only_the_bad_one()
    {
        var url = await NewQueue("batch");
        var result = await _sqs.SendMessageBatchAsync(url,
        [
            new SendMessageBatchRequestEntry("a", "one"),
            new SendMessageBatchRequestEntry("b", "bad \u0000 body"),
            new SendMessageBatchRequestEntry("c", "three") { DelaySeconds = 1 },
        ]);
        Assert.Equal(["a", "c"], result.Successful.Select(s => s.Id).Order());
        var failed = Assert.Single(result.Failed);
        Assert.Equal("b", failed.Id);
        Assert.Equal("InvalidMessageContents", failed.Code);
        Assert.True(failed.SenderFault);
    }

    [Fact]
    public async Task Batch_with_repeated_ids_is_rejected_whole()
    {
        var url = await NewQueue("dupids");
        await Assert.ThrowsAsync<BatchEntryIdsNotDistinctException>(() => _sqs.SendMessageBatchAsync(url,
            [new SendMessageBatchRequestEntry("a", "1"), new SendMessageBatchRequestEntry("a", "2")]));
    }

    [Fact]
    public async Task Batch_delete_and_visibility_change_report_invalid_handles_per_entry()
    {
        var url = await NewQueue("batchdel");
        await _sqs.SendMessageAsync(url, "x");
        var message = Assert.Single((await _sqs.ReceiveMessageAsync(url)).Messages);
        var change = await _sqs.ChangeMessageVisibilityBatchAsync(url,
            [new ChangeMessageVisibilityBatchRequestEntry("ok", message.ReceiptHandle) { VisibilityTimeout = 0 },
             new ChangeMessageVisibilityBatchRequestEntry("bad", "garbage") { VisibilityTimeout = 0 }]);
        Assert.Equal("ok", Assert.Single(change.Successful).Id);
        Assert.Equal("ReceiptHandleIsInvalid", Assert.Single(change.Failed).Code);

        var again = Assert.Single((await _sqs.ReceiveMessageAsync(url)).Messages);
        var delete = await _sqs.DeleteMessageBatchAsync(url,
            [new DeleteMessageBatchRequestEntry("ok", again.ReceiptHandle), new DeleteMessageBatchRequestEntry("bad", "garbage")]);
        Assert.Equal("ok", Assert.Single(delete.Successful).Id);
        Assert.Equal("bad", Assert.Single(delete.Failed).Id);
        var attributes = await _sqs.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
        Assert.Equal(0, attributes.ApproximateNumberOfMessages);
        Assert.Equal(0, attributes.ApproximateNumberOfMessagesNotVisible);
    }

    [Fact]
    public async Task Malformed_receipt_handle_raises_ReceiptHandleIsInvalid()
    {
        var url = await NewQueue("badhandle");
        await Assert.ThrowsAsync<ReceiptHandleIsInvalidException>(() => _sqs.DeleteMessageAsync(url, "not-a-handle"));
    }

    [Fact]
    public async Task Out_of_range_attribute_raises_InvalidAttributeValue_and_unknown_raises_InvalidAttributeName()
    {
        var url = await NewQueue("setattr");
        await Assert.ThrowsAsync<InvalidAttributeValueException>(() =>
            _sqs.SetQueueAttributesAsync(url, new Dictionary<string, string> { ["VisibilityTimeout"] = "43201" }));
        await Assert.ThrowsAsync<InvalidAttributeNameException>(() =>
            _sqs.SetQueueAttributesAsync(url, new Dictionary<string, string> { ["NoSuchAttribute"] = "1" }));
        await _sqs.SetQueueAttributesAsync(url, new Dictionary<string, string> { ["VisibilityTimeout"] = "43200" });
        Assert.Equal(43200, (await _sqs.GetQueueAttributesAsync(url, ["VisibilityTimeout"])).VisibilityTimeout);
    }

    [Fact]
    public async Task Encryption_attributes_are_kept_one_kind_at_a_time()
    {
        var url = await NewQueue("kms", new() { ["KmsMasterKeyId"] = "alias/aws/sqs", ["KmsDataKeyReusePeriodSeconds"] = "600" });
        var attributes = (await _sqs.GetQueueAttributesAsync(url, ["All"])).Attributes;
        Assert.Equal(("alias/aws/sqs", "600", "false"),
            (attributes["KmsMasterKeyId"], attributes["KmsDataKeyReusePeriodSeconds"], attributes["SqsManagedSseEnabled"]));

        var both = new Dictionary<string, string> { ["SqsManagedSseEnabled"] = "true", ["KmsMasterKeyId"] = "alias/aws/sqs" };
        await Assert.ThrowsAsync<InvalidAttributeNameException>(() => _sqs.SetQueueAttributesAsync(url, both));
    }

    [Fact]
    public async Task Delayed_message_counts_as_delayed_then_becomes_visible()
    {
        var url = await NewQueue("delay");
        await _sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "later", DelaySeconds = 3 });
        var attributes = await _sqs.GetQueueAttributesAsync(url, ["All"]);
        Assert.Equal(1, attributes.ApproximateNumberOfMessagesDelayed);
        Assert.Empty((await _sqs.ReceiveMessageAsync(url)).Messages ?? []);
        var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 10 });
        Assert.Equal("later", Assert.Single(received.Messages).Body);
    }

    [Fact]
    public async Task PurgeQueue_empties_the_queue_and_a_second_purge_within_60s_is_refused()
    {
        var url = await NewQueue("purge");
        await _sqs.SendMessageAsync(url, "x");
        await _sqs.PurgeQueueAsync(url);
        Assert.Equal(0, (await _sqs.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessages"])).ApproximateNumberOfMessages);
        await Assert.ThrowsAsync<PurgeQueueInProgressException>(() => _sqs.PurgeQueueAsync(url));
    }

    [Fact]
    public async Task AddPermission_and_RemovePermission_edit_the_queue_policy()
    {
        var url = await NewQueue("perm");
        await _sqs.AddPermissionAsync(new AddPermissionRequest
        {
            QueueUrl = url, Label = "producers", AWSAccountIds = ["111122223333"], Actions = ["SendMessage"],
        });
        var policy = (await _sqs.GetQueueAttributesAsync(url, ["Policy"])).Policy;
        Assert.Contains("\"Sid\":\"producers\"", policy);
        await _sqs.RemovePermissionAsync(url, "producers");
        Assert.Null((await _sqs.GetQueueAttributesAsync(url, ["Policy"])).Policy);
        await Assert.ThrowsAsync<AmazonSQSException>(() => _sqs.RemovePermissionAsync(url, "producers"));
    }

    [Fact]
    public async Task Tags_are_added_listed_and_removed()
    {
        var url = await NewQueue("tags");
        await _sqs.TagQueueAsync(new TagQueueRequest { QueueUrl = url, Tags = new() { ["team"] = "a", ["env"] = "dev" } });
        await _sqs.UntagQueueAsync(new UntagQueueRequest { QueueUrl = url, TagKeys = ["env"] });
        var tags = await _sqs.ListQueueTagsAsync(new ListQueueTagsRequest { QueueUrl = url });
        Assert.Equal(new Dictionary<string, string> { ["team"] = "a" }, tags.Tags);
    }

    [Fact]
    public async Task ListQueues_pages_by_prefix_and_deleted_queues_disappear()
    {
        var prefix = Unique.Name("list");
        var urls = new List<string>();
        for (var i = 0; i < 5; i++) urls.Add((await _sqs.CreateQueueAsync($"{prefix}-{i}")).QueueUrl);
        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await _sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix, MaxResults = 2, NextToken = token });
            seen.AddRange(page.QueueUrls);
            token = page.NextToken;
        } while (token is not null);
        Assert.Equal(urls, seen);

        await _sqs.DeleteQueueAsync(urls[0]);
        var after = await _sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix });
        Assert.Equal(urls.Skip(1), after.QueueUrls);
        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => _sqs.SendMessageAsync(urls[0], "x"));
    }

    [Fact]
    public async Task Unknown_action_and_malformed_body_get_aws_shaped_400s_not_500s()
    {
        using var http = new HttpClient();
        var unknown = await http.SendAsync(JsonRequest("AmazonSQS.NoSuchAction", "{}"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("__type", await unknown.Content.ReadAsStringAsync());

        var malformed = await http.SendAsync(JsonRequest("AmazonSQS.ListQueues", "{not json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        var trailing = await http.SendAsync(JsonRequest("AmazonSQS.ListQueues", "{} {}"));
        Assert.Equal(HttpStatusCode.BadRequest, trailing.StatusCode);

        var query = await http.PostAsync(shoal.Endpoint, new StringContent("Action=Bogus&Version=2012-11-05", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.BadRequest, query.StatusCode);
        Assert.Contains("<Code>InvalidAction</Code>", await query.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_same_port_serves_cleartext_http2_with_prior_knowledge()
    {
        using var http = new HttpClient();
        var request = JsonRequest("AmazonSQS.ListQueues", "{}");
        request.Version = HttpVersion.Version20;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
    }

    HttpRequestMessage JsonRequest(string target, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, shoal.Endpoint) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new("application/x-amz-json-1.0");
        request.Headers.Add("X-Amz-Target", target);
        return request;
    }
}
