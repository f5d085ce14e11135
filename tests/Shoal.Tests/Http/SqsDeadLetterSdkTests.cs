using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Shoal.Tests.Support;

namespace Shoal.Tests.Http;

/// <summary>
/// Dead-letter queues and message move tasks through the real AWSSDK.SQS client (JSON protocol,
/// MD5-checking) against a node in this process: what a client sees of RedrivePolicy,
/// RedriveAllowPolicy, ListDeadLetterSourceQueues and the move task actions.
/// </summary>
[Trait("Tier", "Http")]
public sealed class SqsDeadLetterSdkTests(InProcessShoal shoal) : IClassFixture<InProcessShoal>
{
    readonly AmazonSQSClient _sqs = shoal.SqsClient();

    // Hand-offs and tasks run in the background; generous deadlines keep a loaded machine from failing a test.
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    sealed record Queue(string Url, string Arn);

    sealed record Pair(Queue Source, Queue DeadLetter);

    async Task<Queue> NewQueue(string behaviour, Dictionary<string, string>? attributes = null, bool fifo = false)
    {
        var all = new Dictionary<string, string>(attributes ?? []);
        var name = Unique.Name(behaviour);
        if (fifo)
        {
            all["FifoQueue"] = "true";
            name = name[..Math.Min(75, name.Length)] + ".fifo";
        }
        var url = (await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = all })).QueueUrl;
        return new Queue(url, (await _sqs.GetQueueAttributesAsync(url, ["QueueArn"])).QueueARN);
    }

    static string Redrive(string deadLetterArn, int maxReceiveCount) =>
        JsonSerializer.Serialize(new { deadLetterTargetArn = deadLetterArn, maxReceiveCount });

    static string AllowByQueue(params string[] sourceArns) =>
        JsonSerializer.Serialize(new { redrivePermission = "byQueue", sourceQueueArns = sourceArns });

    async Task<Pair> NewPair(string behaviour, int maxReceiveCount = 1, bool fifo = false)
    {
        var deadLetter = await NewQueue(behaviour + "-dlq", fifo: fifo);
        var source = await NewQueue(behaviour + "-src", new() { ["RedrivePolicy"] = Redrive(deadLetter.Arn, maxReceiveCount) }, fifo);
        return new Pair(source, deadLetter);
    }

    async Task<int> Visible(string url) =>
        (await _sqs.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessages"])).ApproximateNumberOfMessages;

    /// <summary>Polls <paramref name="done"/> until it holds; fails with <paramref name="what"/> after <see cref="Patience"/>.</summary>
    static async Task Eventually(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(100);
        }
    }

    /// <summary>Sends the bodies (to a standard queue) and returns their MessageIds in order.</summary>
    async Task<List<string>> SendAll(string url, IEnumerable<string> bodies)
    {
        var ids = new List<string>();
        foreach (var body in bodies) ids.Add((await _sqs.SendMessageAsync(url, body)).MessageId);
        return ids;
    }

    /// <summary>
    /// Receives the source (VisibilityTimeout 0, so each message is at once receivable again) until
    /// <paramref name="count"/> messages have been dead-lettered and are visible in the DLQ.
    /// </summary>
    async Task DeadLetter(Pair pair, int count)
    {
        await Eventually(async () =>
        {
            await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = pair.Source.Url, MaxNumberOfMessages = 10, VisibilityTimeout = 0 });
            return await Visible(pair.DeadLetter.Url) == count;
        }, $"{count} messages are in the dead-letter queue");
    }

    /// <summary>Receives until the queue gives nothing for a while; deletes each message; returns them in receive order.</summary>
    async Task<List<Message>> Drain(string url)
    {
        var all = new List<Message>();
        while (true)
        {
            var batch = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 1, VisibilityTimeout = 60,
                MessageSystemAttributeNames = ["All"], MessageAttributeNames = ["All"],
            });
            if (batch.Messages is not { Count: > 0 }) return all;
            all.AddRange(batch.Messages);
            foreach (var message in batch.Messages) await _sqs.DeleteMessageAsync(url, message.ReceiptHandle);
        }
    }

    async Task<ListMessageMoveTasksResultEntry> LatestTask(string sourceArn) =>
        Assert.Single((await _sqs.ListMessageMoveTasksAsync(new ListMessageMoveTasksRequest { SourceArn = sourceArn })).Results);

    async Task<ListMessageMoveTasksResultEntry> WaitForTask(string sourceArn, string status)
    {
        ListMessageMoveTasksResultEntry? task = null;
        await Eventually(async () => (task = await LatestTask(sourceArn)).Status == status, $"the task on {sourceArn} is {status}");
        return task!;
    }

    // ---- dead-lettering on receive -------------------------------------------------------------

    [Fact]
    public async Task A_message_received_maxReceiveCount_times_moves_to_the_dead_letter_queue_on_the_next_receive()
    {
        var pair = await NewPair("after-max", maxReceiveCount: 2);
        var sent = await _sqs.SendMessageAsync(pair.Source.Url, "poison");

        for (var count = 1; count <= 2; count++)
        {
            var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = pair.Source.Url, VisibilityTimeout = 0, MessageSystemAttributeNames = ["ApproximateReceiveCount"],
            });
            Assert.Equal(count.ToString(), Assert.Single(received.Messages).Attributes["ApproximateReceiveCount"]);
        }
        var third = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = pair.Source.Url, VisibilityTimeout = 0 });
        Assert.True(third.Messages is null or { Count: 0 }, "the receive past maxReceiveCount delivered the message instead of dead-lettering it");

        var dead = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = pair.DeadLetter.Url, WaitTimeSeconds = 10 });
        Assert.Equal(sent.MessageId, Assert.Single(dead.Messages).MessageId);
        await Eventually(async () =>
        {
            var counts = await _sqs.GetQueueAttributesAsync(pair.Source.Url, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
            return counts.ApproximateNumberOfMessages == 0 && counts.ApproximateNumberOfMessagesNotVisible == 0;
        }, "the source no longer counts the dead letter");
        Assert.Empty((await _sqs.ReceiveMessageAsync(pair.Source.Url)).Messages ?? []);
    }

    [Fact]
    public async Task A_dead_letter_keeps_MessageId_body_attributes_and_SentTimestamp_and_names_its_source()
    {
        var pair = await NewPair("keeps");
        var attributes = new Dictionary<string, MessageAttributeValue>
        {
            ["attr1"] = new() { DataType = "String", StringValue = "v1 é" },
            ["n"] = new() { DataType = "Number", StringValue = "7" },
            ["b"] = new() { DataType = "Binary", BinaryValue = new MemoryStream([0, 1, 255]) },
            ["c"] = new() { DataType = "String.custom", StringValue = "x" },
        };
        var sent = await _sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = pair.Source.Url, MessageBody = "hello ünï & <x>", MessageAttributes = attributes });
        var first = Assert.Single((await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = pair.Source.Url, VisibilityTimeout = 0, MessageSystemAttributeNames = ["SentTimestamp"],
        })).Messages);

        await DeadLetter(pair, 1);
        // The SDK checks MD5OfBody and MD5OfMessageAttributes of what it receives: a wrong digest throws here.
        var dead = Assert.Single((await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = pair.DeadLetter.Url, MessageAttributeNames = ["All"], MessageSystemAttributeNames = ["All"],
        })).Messages);

        Assert.Equal(sent.MessageId, dead.MessageId);
        Assert.Equal("hello ünï & <x>", dead.Body);
        Assert.Equal(sent.MD5OfMessageBody, dead.MD5OfBody);
        Assert.Equal(sent.MD5OfMessageAttributes, dead.MD5OfMessageAttributes);
        Assert.Equal(["attr1", "b", "c", "n"], dead.MessageAttributes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("v1 é", dead.MessageAttributes["attr1"].StringValue);
        Assert.Equal([0, 1, 255], dead.MessageAttributes["b"].BinaryValue.ToArray());
        Assert.Equal("String.custom", dead.MessageAttributes["c"].DataType);
        Assert.Equal(pair.Source.Arn, dead.Attributes["DeadLetterQueueSourceArn"]);
        // A standard dead-letter queue keeps the original enqueue time (retention counts from it).
        Assert.Equal(first.Attributes["SentTimestamp"], dead.Attributes["SentTimestamp"]);
    }

    [Fact]
    public async Task A_fifo_source_dead_letters_into_its_fifo_queue_keeping_each_group_in_order()
    {
        var pair = await NewPair("fifo-order", fifo: true);
        var sent = new Dictionary<string, SendMessageResponse>();
        foreach (var (body, group) in new[] { ("a1", "a"), ("b1", "b"), ("a2", "a"), ("a3", "a"), ("b2", "b"), ("b3", "b") })
            sent[body] = await _sqs.SendMessageAsync(new SendMessageRequest
            {
                QueueUrl = pair.Source.Url, MessageBody = body, MessageGroupId = group, MessageDeduplicationId = $"dedup-{body}",
            });

        await DeadLetter(pair, 6);
        var dead = await Drain(pair.DeadLetter.Url);

        Assert.Equal(sent.Keys.Order(), dead.Select(m => m.Body).Order());
        foreach (var group in dead.GroupBy(m => m.Attributes["MessageGroupId"]))
            Assert.Equal([$"{group.Key}1", $"{group.Key}2", $"{group.Key}3"], group.Select(m => m.Body));
        foreach (var message in dead)
        {
            Assert.Equal(sent[message.Body].MessageId, message.MessageId);
            Assert.Equal(pair.Source.Arn, message.Attributes["DeadLetterQueueSourceArn"]);
            // A FIFO dead-letter queue deduplicates by MessageId, so two dead letters never collapse into one.
            Assert.Equal(message.MessageId, message.Attributes["MessageDeduplicationId"]);
        }
        var sequences = dead.Select(m => decimal.Parse(m.Attributes["SequenceNumber"])).ToList();
        Assert.Equal(sequences.Distinct().Count(), sequences.Count);
    }

    [Fact]
    public async Task A_refused_dead_letter_stays_in_the_source_and_is_delivered_again()
    {
        var pair = await NewPair("refused");
        // The DLQ stops taking this source after the policy was set: the move is refused at receive time.
        await _sqs.SetQueueAttributesAsync(pair.DeadLetter.Url, new Dictionary<string, string>
        {
            ["RedriveAllowPolicy"] = """{"redrivePermission":"denyAll"}""",
        });
        var sent = await _sqs.SendMessageAsync(pair.Source.Url, "stays");
        await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = pair.Source.Url, VisibilityTimeout = 0 });

        Message? again = null;
        await Eventually(async () =>
        {
            var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = pair.Source.Url, VisibilityTimeout = 0, WaitTimeSeconds = 1, MessageSystemAttributeNames = ["ApproximateReceiveCount"],
            });
            again = received.Messages?.SingleOrDefault();
            return again is not null;
        }, "the refused message is delivered from the source again");
        Assert.Equal(sent.MessageId, again!.MessageId);
        Assert.True(int.Parse(again.Attributes["ApproximateReceiveCount"]) >= 2);
        Assert.Equal(0, await Visible(pair.DeadLetter.Url));
    }

    [Fact]
    public async Task A_dead_letter_whose_queue_was_deleted_stays_in_the_source_and_is_delivered_again()
    {
        var pair = await NewPair("gone");
        await _sqs.DeleteQueueAsync(pair.DeadLetter.Url);
        var sent = await _sqs.SendMessageAsync(pair.Source.Url, "stays");
        await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = pair.Source.Url, VisibilityTimeout = 0 });

        Message? again = null;
        await Eventually(async () =>
        {
            var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = pair.Source.Url, VisibilityTimeout = 0, WaitTimeSeconds = 1 });
            again = received.Messages?.SingleOrDefault();
            return again is not null;
        }, "the message is delivered from the source again");
        Assert.Equal(sent.MessageId, again!.MessageId);
    }

    // ---- RedrivePolicy and RedriveAllowPolicy validation --------------------------------------

    [Fact]
    public async Task A_RedrivePolicy_naming_a_missing_queue_is_rejected_on_create_and_set()
    {
        var missing = $"arn:aws:sqs:us-east-1:000000000000:{Unique.Name("nodlq")}";
        var onCreate = await Assert.ThrowsAsync<AmazonSQSException>(() => _sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = Unique.Name("nodlq-src"), Attributes = new() { ["RedrivePolicy"] = Redrive(missing, 3) },
        }));
        Assert.Equal("InvalidParameterValue", onCreate.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, onCreate.StatusCode);
        Assert.Contains("Reason: Dead letter target does not exist.", onCreate.Message);

        var source = await NewQueue("nodlq-set");
        var onSet = await Assert.ThrowsAsync<AmazonSQSException>(() =>
            _sqs.SetQueueAttributesAsync(source.Url, new Dictionary<string, string> { ["RedrivePolicy"] = Redrive(missing, 3) }));
        Assert.Equal("InvalidParameterValue", onSet.ErrorCode);
        Assert.Contains("Dead letter target does not exist.", onSet.Message);
        Assert.Null((await _sqs.GetQueueAttributesAsync(source.Url, ["RedrivePolicy"])).Attributes?.GetValueOrDefault("RedrivePolicy"));
    }

    [Fact]
    public async Task A_dead_letter_queue_must_be_of_the_source_queue_type()
    {
        var standard = await NewQueue("type-std");
        var fifo = await NewQueue("type-fifo", fifo: true);

        var fifoSource = await Assert.ThrowsAsync<AmazonSQSException>(() => _sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = Unique.Name("type-src")[..40] + ".fifo",
            Attributes = new() { ["FifoQueue"] = "true", ["RedrivePolicy"] = Redrive(standard.Arn, 3) },
        }));
        Assert.Equal("InvalidParameterValue", fifoSource.ErrorCode);

        var standardSource = await NewQueue("type-src2");
        var onSet = await Assert.ThrowsAsync<AmazonSQSException>(() =>
            _sqs.SetQueueAttributesAsync(standardSource.Url, new Dictionary<string, string> { ["RedrivePolicy"] = Redrive(fifo.Arn, 3) }));
        Assert.Equal("InvalidParameterValue", onSet.ErrorCode);
    }

    [Fact]
    public async Task A_malformed_RedrivePolicy_or_RedriveAllowPolicy_is_rejected()
    {
        var target = await NewQueue("malformed-dlq");
        var source = await NewQueue("malformed-src");
        foreach (var policy in new[]
        {
            Redrive(target.Arn, 0), Redrive(target.Arn, 1001), "not json",
            JsonSerializer.Serialize(new { deadLetterTargetArn = target.Arn }),
        })
        {
            var error = await Assert.ThrowsAnyAsync<AmazonSQSException>(() =>
                _sqs.SetQueueAttributesAsync(source.Url, new Dictionary<string, string> { ["RedrivePolicy"] = policy }));
            // InvalidParameterValue with the reason, as LocalStack and ElasticMQ record AWS answering.
            Assert.Equal("InvalidParameterValue", error.ErrorCode);
            Assert.Contains("for parameter RedrivePolicy is invalid. Reason: ", error.Message);
        }
        foreach (var allow in new[]
        {
            """{"redrivePermission":"sometimes"}""",
            """{"redrivePermission":"byQueue"}""",
            AllowByQueue(Enumerable.Range(0, 11).Select(i => $"{source.Arn}{i}").ToArray()),
            """{"redrivePermission":"allowAll","sourceQueueArns":["x"]}""",
        })
        {
            var error = await Assert.ThrowsAnyAsync<AmazonSQSException>(() =>
                _sqs.SetQueueAttributesAsync(target.Url, new Dictionary<string, string> { ["RedriveAllowPolicy"] = allow }));
            Assert.Contains(error.ErrorCode, new[] { "InvalidParameterValue", "InvalidAttributeValue" });
        }
        await _sqs.SetQueueAttributesAsync(source.Url, new Dictionary<string, string> { ["RedrivePolicy"] = Redrive(target.Arn, 1000) });
    }

    [Fact]
    public async Task RedriveAllowPolicy_denyAll_refuses_every_source_and_byQueue_only_the_unlisted()
    {
        var denying = await NewQueue("deny-dlq", new() { ["RedriveAllowPolicy"] = """{"redrivePermission":"denyAll"}""" });
        var denied = await Assert.ThrowsAsync<AmazonSQSException>(() => _sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = Unique.Name("deny-src"), Attributes = new() { ["RedrivePolicy"] = Redrive(denying.Arn, 2) },
        }));
        Assert.Equal("InvalidParameterValue", denied.ErrorCode);

        var allowedName = Unique.Name("byqueue-ok");
        var allowedArn = $"arn:aws:sqs:us-east-1:000000000000:{allowedName}";
        var byQueue = await NewQueue("byqueue-dlq", new() { ["RedriveAllowPolicy"] = AllowByQueue(allowedArn) });
        Assert.Equal(AllowByQueue(allowedArn), (await _sqs.GetQueueAttributesAsync(byQueue.Url, ["RedriveAllowPolicy"])).Attributes["RedriveAllowPolicy"]);

        await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = allowedName, Attributes = new() { ["RedrivePolicy"] = Redrive(byQueue.Arn, 2) } });
        var other = await NewQueue("byqueue-other");
        var refused = await Assert.ThrowsAsync<AmazonSQSException>(() =>
            _sqs.SetQueueAttributesAsync(other.Url, new Dictionary<string, string> { ["RedrivePolicy"] = Redrive(byQueue.Arn, 2) }));
        Assert.Equal("InvalidParameterValue", refused.ErrorCode);

        // allowAll (and no policy at all) lets any source in.
        var allowing = await NewQueue("allow-dlq", new() { ["RedriveAllowPolicy"] = """{"redrivePermission":"allowAll"}""" });
        await _sqs.SetQueueAttributesAsync(other.Url, new Dictionary<string, string> { ["RedrivePolicy"] = Redrive(allowing.Arn, 2) });
    }

    // ---- ListDeadLetterSourceQueues -----------------------------------------------------------

    [Fact]
    public async Task ListDeadLetterSourceQueues_pages_the_sources_and_drops_one_whose_policy_is_cleared_or_which_is_deleted()
    {
        var deadLetter = await NewQueue("sources-dlq");
        var prefix = Unique.Name("sources");
        var sources = new List<string>();
        for (var i = 0; i < 5; i++)
            sources.Add((await _sqs.CreateQueueAsync(new CreateQueueRequest
            {
                QueueName = $"{prefix}-{i}", Attributes = new() { ["RedrivePolicy"] = Redrive(deadLetter.Arn, 3) },
            })).QueueUrl);
        await NewQueue("sources-unrelated");

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await _sqs.ListDeadLetterSourceQueuesAsync(new ListDeadLetterSourceQueuesRequest { QueueUrl = deadLetter.Url, MaxResults = 2, NextToken = token });
            Assert.InRange(page.QueueUrls.Count, 1, 2);
            seen.AddRange(page.QueueUrls);
            token = page.NextToken;
            pages++;
        } while (token is not null);
        Assert.Equal(3, pages);
        Assert.Equal(sources.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));

        // Without MaxResults: every source on one page, no token.
        var whole = await _sqs.ListDeadLetterSourceQueuesAsync(new ListDeadLetterSourceQueuesRequest { QueueUrl = deadLetter.Url });
        Assert.Equal(5, whole.QueueUrls.Count);
        Assert.Null(whole.NextToken);

        await _sqs.SetQueueAttributesAsync(sources[1], new Dictionary<string, string> { ["RedrivePolicy"] = "" });
        await _sqs.DeleteQueueAsync(sources[3]);
        var after = await _sqs.ListDeadLetterSourceQueuesAsync(new ListDeadLetterSourceQueuesRequest { QueueUrl = deadLetter.Url });
        Assert.Equal(new[] { sources[0], sources[2], sources[4] }.Order(StringComparer.Ordinal), after.QueueUrls.Order(StringComparer.Ordinal));
        Assert.Null((await _sqs.GetQueueAttributesAsync(sources[1], ["All"])).Attributes?.GetValueOrDefault("RedrivePolicy"));
    }

    [Fact]
    public async Task ListDeadLetterSourceQueues_of_a_missing_queue_raises_QueueDoesNotExist()
    {
        var missing = $"{shoal.Endpoint}/000000000000/{Unique.Name("nosuchdlq")}";
        await Assert.ThrowsAsync<QueueDoesNotExistException>(() =>
            _sqs.ListDeadLetterSourceQueuesAsync(new ListDeadLetterSourceQueuesRequest { QueueUrl = missing }));
        var empty = await _sqs.ListDeadLetterSourceQueuesAsync(new ListDeadLetterSourceQueuesRequest { QueueUrl = (await NewQueue("nosources")).Url });
        Assert.True(empty.QueueUrls is null or { Count: 0 });
    }

    // ---- message move tasks -------------------------------------------------------------------

    [Fact]
    public async Task A_move_task_without_destination_returns_each_dead_letter_to_its_source_as_a_new_message()
    {
        var pair = await NewPair("back");
        var originalIds = await SendAll(pair.Source.Url, Enumerable.Range(0, 5).Select(i => $"m{i}"));
        await DeadLetter(pair, 5);

        var started = await _sqs.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = pair.DeadLetter.Arn });
        Assert.False(string.IsNullOrEmpty(started.TaskHandle));
        var task = await WaitForTask(pair.DeadLetter.Arn, "COMPLETED");

        Assert.Equal(5L, task.ApproximateNumberOfMessagesMoved);
        Assert.Equal(5L, task.ApproximateNumberOfMessagesToMove);
        Assert.Equal(pair.DeadLetter.Arn, task.SourceArn);
        Assert.Null(task.TaskHandle);
        Assert.Null(task.DestinationArn);
        Assert.InRange(task.StartedTimestamp ?? 0, DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        var back = await Drain(pair.Source.Url);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"m{i}"), back.Select(m => m.Body).Order());
        // Redriven messages are new messages: new ids, a fresh receive count, no dead-letter origin.
        Assert.Empty(back.Select(m => m.MessageId).Intersect(originalIds));
        Assert.All(back, m => Assert.Equal("1", m.Attributes["ApproximateReceiveCount"]));
        Assert.All(back, m => Assert.False(m.Attributes.ContainsKey("DeadLetterQueueSourceArn")));
        // Their retention restarts: they are enqueued when they arrive.
        Assert.All(back, m => Assert.True(long.Parse(m.Attributes["SentTimestamp"]) >= task.StartedTimestamp));
        Assert.Equal(0, await Visible(pair.DeadLetter.Url));
    }

    [Fact]
    public async Task A_move_task_to_an_explicit_destination_moves_only_what_the_queue_held_at_start()
    {
        var pair = await NewPair("dest");
        var destination = await NewQueue("dest-target");
        await SendAll(pair.Source.Url, Enumerable.Range(0, 12).Select(i => $"m{i}"));
        await DeadLetter(pair, 12);

        await _sqs.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest
        {
            SourceArn = pair.DeadLetter.Arn, DestinationArn = destination.Arn, MaxNumberOfMessagesPerSecond = 6,
        });
        // Arrives after the start: not part of the task.
        await _sqs.SendMessageAsync(pair.DeadLetter.Url, "late");
        var task = await WaitForTask(pair.DeadLetter.Arn, "COMPLETED");

        Assert.Equal(destination.Arn, task.DestinationArn);
        Assert.Equal(6, task.MaxNumberOfMessagesPerSecond);
        Assert.Equal(12L, task.ApproximateNumberOfMessagesMoved);
        Assert.Equal(12L, task.ApproximateNumberOfMessagesToMove);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"m{i}").Order(), (await Drain(destination.Url)).Select(m => m.Body).Order());
        Assert.Equal(["late"], (await Drain(pair.DeadLetter.Url)).Select(m => m.Body));
        Assert.Equal(0, await Visible(pair.Source.Url));
    }

    [Fact]
    public async Task A_rate_limited_move_task_is_seen_RUNNING_with_its_handle_then_COMPLETED()
    {
        var pair = await NewPair("rate");
        await SendAll(pair.Source.Url, Enumerable.Range(0, 30).Select(i => $"m{i}"));
        await DeadLetter(pair, 30);

        var clock = Stopwatch.StartNew();
        var started = await _sqs.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = pair.DeadLetter.Arn, MaxNumberOfMessagesPerSecond = 10 });
        var running = await LatestTask(pair.DeadLetter.Arn);
        Assert.Equal("RUNNING", running.Status);
        Assert.Equal(started.TaskHandle, running.TaskHandle);
        Assert.Equal(10, running.MaxNumberOfMessagesPerSecond);
        Assert.Equal(30L, running.ApproximateNumberOfMessagesToMove);
        Assert.InRange(running.ApproximateNumberOfMessagesMoved ?? -1, 0, 29);

        var completed = await WaitForTask(pair.DeadLetter.Arn, "COMPLETED");
        // 30 messages at 10 per second: three batches a second apart.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.8), $"30 messages at 10/s moved in {clock.Elapsed}");
        Assert.Equal(30L, completed.ApproximateNumberOfMessagesMoved);
        Assert.Null(completed.TaskHandle);
        Assert.Equal(30, (await Drain(pair.Source.Url)).Count);
    }

    [Fact]
    public async Task A_fifo_move_task_returns_each_group_in_order()
    {
        var pair = await NewPair("fifo-back", fifo: true);
        var order = new[] { ("a1", "a"), ("b1", "b"), ("a2", "a"), ("b2", "b"), ("a3", "a") };
        foreach (var (body, group) in order)
            await _sqs.SendMessageAsync(new SendMessageRequest
            {
                QueueUrl = pair.Source.Url, MessageBody = body, MessageGroupId = group, MessageDeduplicationId = $"dedup-{body}",
            });
        await DeadLetter(pair, order.Length);

        await _sqs.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = pair.DeadLetter.Arn, MaxNumberOfMessagesPerSecond = 2 });
        await WaitForTask(pair.DeadLetter.Arn, "COMPLETED");

        var back = await Drain(pair.Source.Url);
        Assert.Equal(order.Select(o => o.Item1).Order(), back.Select(m => m.Body).Order());
        foreach (var group in back.GroupBy(m => m.Attributes["MessageGroupId"]))
            Assert.Equal(order.Where(o => o.Item2 == group.Key).Select(o => o.Item1), group.Select(m => m.Body));
    }

    [Fact]
    public async Task A_move_task_waits_for_in_flight_dead_letters_to_turn_visible()
    {
        var pair = await NewPair("inflight");
        await SendAll(pair.Source.Url, ["a", "b", "c"]);
        await DeadLetter(pair, 3);
        var held = Assert.Single((await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = pair.DeadLetter.Url, VisibilityTimeout = 6 })).Messages);

        await _sqs.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = pair.DeadLetter.Arn });
        await Eventually(async () => (await LatestTask(pair.DeadLetter.Arn)).ApproximateNumberOfMessagesMoved == 2, "the two visible dead letters moved");
        Assert.Equal("RUNNING", (await LatestTask(pair.DeadLetter.Arn)).Status);

        var task = await WaitForTask(pair.DeadLetter.Arn, "COMPLETED");
        Assert.Equal(3L, task.ApproximateNumberOfMessagesMoved);
        Assert.Contains(held.Body, (await Drain(pair.Source.Url)).Select(m => m.Body));
    }

    [Fact]
    public async Task A_move_task_whose_destination_refuses_fails_with_a_reason_and_keeps_the_messages()
    {
        var pair = await NewPair("fails");
        var otherSource = await NewQueue("fails-src2", new() { ["RedrivePolicy"] = Redrive(pair.DeadLetter.Arn, 1) });
        await SendAll(pair.Source.Url, ["a", "b"]);
        await DeadLetter(pair, 2);
        // The DLQ stays a DLQ (of the other source), but the messages' own source is gone.
        await _sqs.DeleteQueueAsync(pair.Source.Url);

        await _sqs.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = pair.DeadLetter.Arn });
        var task = await WaitForTask(pair.DeadLetter.Arn, "FAILED");

        Assert.False(string.IsNullOrEmpty(task.FailureReason));
        Assert.Null(task.TaskHandle);
        Assert.Equal(0L, task.ApproximateNumberOfMessagesMoved);
        Assert.Equal(["a", "b"], (await Drain(pair.DeadLetter.Url)).Select(m => m.Body).Order());
        Assert.Equal(0, await Visible(otherSource.Url));
    }

    [Fact]
    public async Task Cancelling_a_move_task_stops_it_reports_what_moved_and_leaves_the_rest()
    {
        var pair = await NewPair("cancel");
        await SendAll(pair.Source.Url, Enumerable.Range(0, 20).Select(i => $"m{i}"));
        await DeadLetter(pair, 20);

        var started = await _sqs.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = pair.DeadLetter.Arn, MaxNumberOfMessagesPerSecond = 2 });
        await Eventually(async () => (await LatestTask(pair.DeadLetter.Arn)).ApproximateNumberOfMessagesMoved > 0, "the task moved its first messages");
        var cancelled = await _sqs.CancelMessageMoveTaskAsync(new CancelMessageMoveTaskRequest { TaskHandle = started.TaskHandle });
        Assert.InRange(cancelled.ApproximateNumberOfMessagesMoved ?? -1, 1, 19);

        var task = await LatestTask(pair.DeadLetter.Arn);
        Assert.Equal("CANCELLED", task.Status);
        Assert.Null(task.TaskHandle);
        // A batch already on its way when the task was cancelled still arrives (and counts); nothing else moves.
        long moved = 0;
        await Eventually(async () =>
        {
            moved = (await LatestTask(pair.DeadLetter.Arn)).ApproximateNumberOfMessagesMoved ?? -1;
            var inSource = await Visible(pair.Source.Url);
            return inSource == moved && inSource + await Visible(pair.DeadLetter.Url) == 20;
        }, "every message is in the source (moved) or in the DLQ");
        Assert.InRange(moved, cancelled.ApproximateNumberOfMessagesMoved ?? 0, (cancelled.ApproximateNumberOfMessagesMoved ?? 0) + 2);
        await Task.Delay(1000);
        Assert.Equal(moved, (await LatestTask(pair.DeadLetter.Arn)).ApproximateNumberOfMessagesMoved);

        var again = await Assert.ThrowsAsync<ResourceNotFoundException>(() =>
            _sqs.CancelMessageMoveTaskAsync(new CancelMessageMoveTaskRequest { TaskHandle = started.TaskHandle }));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task A_second_task_on_the_same_queue_is_rejected_while_the_first_runs()
    {
        var pair = await NewPair("second");
        await SendAll(pair.Source.Url, Enumerable.Range(0, 10).Select(i => $"m{i}"));
        await DeadLetter(pair, 10);

        var first = await _sqs.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = pair.DeadLetter.Arn, MaxNumberOfMessagesPerSecond = 1 });
        var second = await Assert.ThrowsAsync<UnsupportedOperationException>(() =>
            _sqs.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = pair.DeadLetter.Arn }));
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);

        await _sqs.CancelMessageMoveTaskAsync(new CancelMessageMoveTaskRequest { TaskHandle = first.TaskHandle });
        // Once the first one ended, a new task may start; the list shows the newest first.
        var next = await _sqs.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = pair.DeadLetter.Arn });
        var tasks = (await _sqs.ListMessageMoveTasksAsync(new ListMessageMoveTasksRequest { SourceArn = pair.DeadLetter.Arn, MaxResults = 10 })).Results;
        Assert.Equal(2, tasks.Count);
        Assert.Equal("CANCELLED", tasks[1].Status);
        Assert.Contains(tasks[0].Status, new[] { "RUNNING", "COMPLETED" });
        Assert.True(tasks[0].StartedTimestamp >= tasks[1].StartedTimestamp);
        await WaitForTask(pair.DeadLetter.Arn, "COMPLETED");
        Assert.NotEqual(first.TaskHandle, next.TaskHandle);
    }

    [Fact]
    public async Task Move_task_requests_with_a_bad_source_destination_rate_or_handle_are_rejected()
    {
        var pair = await NewPair("badtask");
        var missingArn = $"arn:aws:sqs:us-east-1:000000000000:{Unique.Name("nosuchqueue")}";

        // Only a queue some source names as its dead-letter queue can be redriven.
        var notDeadLetter = await Assert.ThrowsAsync<AmazonSQSException>(() =>
            _sqs.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = pair.Source.Arn }));
        Assert.Equal("InvalidParameterValue", notDeadLetter.ErrorCode);

        var missingSource = await Assert.ThrowsAsync<ResourceNotFoundException>(() =>
            _sqs.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = missingArn }));
        Assert.Equal(HttpStatusCode.NotFound, missingSource.StatusCode);
        await Assert.ThrowsAsync<ResourceNotFoundException>(() =>
            _sqs.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = pair.DeadLetter.Arn, DestinationArn = missingArn }));
        await Assert.ThrowsAsync<ResourceNotFoundException>(() =>
            _sqs.ListMessageMoveTasksAsync(new ListMessageMoveTasksRequest { SourceArn = missingArn }));

        foreach (var rate in new[] { 0, 501 })
        {
            var error = await Assert.ThrowsAsync<AmazonSQSException>(() =>
                _sqs.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = pair.DeadLetter.Arn, MaxNumberOfMessagesPerSecond = rate }));
            Assert.Equal("InvalidParameterValue", error.ErrorCode);
        }
        foreach (var max in new[] { 0, 11 })
        {
            var error = await Assert.ThrowsAsync<AmazonSQSException>(() =>
                _sqs.ListMessageMoveTasksAsync(new ListMessageMoveTasksRequest { SourceArn = pair.DeadLetter.Arn, MaxResults = max }));
            Assert.Equal("InvalidParameterValue", error.ErrorCode);
        }
        var unknown = await Assert.ThrowsAsync<ResourceNotFoundException>(() =>
            _sqs.CancelMessageMoveTaskAsync(new CancelMessageMoveTaskRequest { TaskHandle = "not-a-task-handle" }));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        var itself = await Assert.ThrowsAsync<AmazonSQSException>(() =>
            _sqs.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = pair.DeadLetter.Arn, DestinationArn = pair.DeadLetter.Arn }));
        Assert.Equal(("InvalidParameterValue", "Source queue arn and destination queue arn cannot be the same."), (itself.ErrorCode, itself.Message));

        // A FIFO dead-letter queue cannot be redriven into a standard queue.
        var fifoPair = await NewPair("badtask-fifo", fifo: true);
        var mismatch = await Assert.ThrowsAsync<AmazonSQSException>(() =>
            _sqs.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = fifoPair.DeadLetter.Arn, DestinationArn = pair.Source.Arn }));
        Assert.Equal("InvalidParameterValue", mismatch.ErrorCode);

        // None of the rejected requests started a task.
        Assert.True((await _sqs.ListMessageMoveTasksAsync(new ListMessageMoveTasksRequest { SourceArn = pair.DeadLetter.Arn })).Results is null or { Count: 0 });
    }
}
