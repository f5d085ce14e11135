using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using Akka.Event;
using Shoal.Actors.Common;

namespace Shoal.Actors.Firehose;

public sealed partial class DeliveryStreamActor
{
    /// <summary>
    /// One batch's way out, off the actor: the transform (when configured), then the destination. S3 is a directory:
    /// each object is written to a temporary file, flushed to disk and renamed, so a crash leaves no half object. An HTTP
    /// endpoint is posted the batch, retried with backoff for its RetryOptions' duration; what it never takes goes to the
    /// backup bucket under http-endpoint-failed/, as records the transform failed go under processing-failed/.
    /// </summary>
    public static class Delivery
    {
        /// <summary>Delivered: the batch reached its destination or its backup, and can leave the buffer.</summary>
        public sealed record Outcome(long CreatedAt, long ThroughSequence, bool Delivered, string? Error = null);

        /// <summary>Firehose gives an HTTP endpoint 3 minutes to answer.</summary>
        static readonly TimeSpan EndpointTimeout = TimeSpan.FromMinutes(3);
        static readonly TimeSpan TransformTimeout = TimeSpan.FromMinutes(5);

        public static async Task<Outcome> Deliver(DeliveryStreamConfig config, long createdAt, IReadOnlyList<BufferedRecord> batch,
            FirehoseSettings settings, TimeProvider time, ILoggingAdapter log)
        {
            var destination = config.Destination;
            var (records, failed) = destination.Processor is { } processor
                ? await Transform(config, createdAt, processor, batch, settings, time)
                : (batch.Select(r => new DeliveryFormats.OutgoingRecord(r.Sequence, r.ArrivedAt, r.Data)).ToList(), []);
            var s3 = destination.S3;
            if (failed.Count > 0)
                await WriteError(settings, config, s3, ObjectKeys.ProcessingFailed, failed, destination.Processor!.Retries + 1, "lambdaArn", destination.Processor.LambdaArn, time);
            if (destination.Http is not { } http)
            {
                if (records.Count > 0)
                    await WriteObject(settings, s3.Bucket, ObjectKeys.For(s3.Prefix, config.Name, 1, time.NowMs(), Random(), s3.Compression == "GZIP"),
                        Concatenate(records), s3.Compression == "GZIP");
                return new Outcome(createdAt, batch[^1].Sequence, true);
            }
            if (records.Count > 0)
            {
                var (error, attempts) = await Post(config, http, records, settings, time, log);
                if (error is not null)
                    await WriteError(settings, config, s3, ObjectKeys.HttpEndpointFailed,
                        records.Select(r => new DeliveryFormats.FailedRecord(r.ArrivedAt, r.Data, error.Value.Code, error.Value.Message)).ToList(),
                        attempts, "httpEndpointUrl", http.Url, time);
                if (http.S3BackupMode == "AllData")
                    await WriteObject(settings, s3.Bucket, ObjectKeys.For(s3.Prefix, config.Name, 1, time.NowMs(), Random(), s3.Compression == "GZIP"),
                        Concatenate(records), s3.Compression == "GZIP");
            }
            return new Outcome(createdAt, batch[^1].Sequence, true);
        }

        /// <summary>
        /// Posts the records until the endpoint takes them (a 200 naming the request's requestId) or the retry duration has
        /// passed since the first attempt; every attempt keeps the same requestId, so the endpoint can tell repeats apart.
        /// </summary>
        static async Task<((string Code, string Message)? Error, int Attempts)> Post(DeliveryStreamConfig config, HttpEndpointTarget http,
            IReadOnlyList<DeliveryFormats.OutgoingRecord> records, FirehoseSettings settings, TimeProvider time, ILoggingAdapter log)
        {
            var requestId = Guid.NewGuid().ToString();
            var giveUpAt = time.NowMs() + http.RetrySeconds * 1000L;
            var gzip = http.ContentEncoding == "GZIP";
            var body = DeliveryFormats.HttpEndpointRequest(requestId, time.NowMs(), records.Select(r => r.Data));
            if (gzip) body = Gzip(body);
            var attempts = 0;
            var backoff = TimeSpan.FromSeconds(1);
            while (true)
            {
                attempts++;
                (string Code, string Message) error;
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, http.Url) { Content = new ByteArrayContent(body) };
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    if (gzip) request.Content.Headers.ContentEncoding.Add("gzip");
                    request.Headers.Add("X-Amz-Firehose-Protocol-Version", "1.0");
                    request.Headers.Add("X-Amz-Firehose-Request-Id", requestId);
                    request.Headers.Add("X-Amz-Firehose-Source-Arn", DeliveryStreamRules.Arn(config.Name));
                    if (http.AccessKey is { } key) request.Headers.TryAddWithoutValidation("X-Amz-Firehose-Access-Key", key);
                    if (http.CommonAttributes.Count > 0)
                        request.Headers.TryAddWithoutValidation("X-Amz-Firehose-Common-Attributes", DeliveryFormats.CommonAttributesHeader(http.CommonAttributes));
                    using var timeout = new CancellationTokenSource(EndpointTimeout);
                    using var response = await settings.Http.SendAsync(request, timeout.Token);
                    var answer = await response.Content.ReadAsStringAsync(timeout.Token);
                    if (DeliveryFormats.HttpEndpointFailure((int)response.StatusCode, answer, requestId) is not { } failure) return (null, attempts);
                    error = ("HttpEndpoint.InvalidResponseFromDestination", failure);
                }
                catch (OperationCanceledException)
                {
                    error = ("HttpEndpoint.RequestTimeout", $"The endpoint did not answer within {EndpointTimeout.TotalMinutes:0} minutes.");
                }
                catch (HttpRequestException e)
                {
                    error = ("HttpEndpoint.ConnectionFailed", $"Could not reach the endpoint: {e.Message}");
                }
                if (time.NowMs() + backoff.TotalMilliseconds > giveUpAt)
                {
                    log.Warning("Delivery stream {0}: {1} did not take {2} record(s) after {3} attempt(s): {4}", config.Name, http.Url, records.Count, attempts, error.Message);
                    return (error, attempts);
                }
                await Task.Delay(backoff);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }

        /// <summary>
        /// Sends the batch to the transform in invocations of at most its BufferSizeInMBs (1 MiB by default), each tried
        /// NumberOfRetries more times. Ok records go on with their new data, Dropped ones go nowhere, and ProcessingFailed
        /// ones, or all of an invocation that kept failing, go to processing-failed/.
        /// </summary>
        static async Task<(List<DeliveryFormats.OutgoingRecord> Records, List<DeliveryFormats.FailedRecord> Failed)> Transform(
            DeliveryStreamConfig config, long createdAt, TransformProcessor processor, IReadOnlyList<BufferedRecord> batch, FirehoseSettings settings, TimeProvider time)
        {
            var records = new List<DeliveryFormats.OutgoingRecord>();
            var failed = new List<DeliveryFormats.FailedRecord>();
            var limit = (processor.Parameters.TryGetValue("BufferSizeInMBs", out var size) ? int.Parse(size, System.Globalization.CultureInfo.InvariantCulture) : 1) * 1024L * 1024L;
            foreach (var chunk in Chunks(batch, limit))
            {
                var ids = chunk.ToDictionary(r => DeliveryStreamRules.RecordId(createdAt, r.Sequence));
                var body = DeliveryFormats.TransformEvent(Guid.NewGuid().ToString(), DeliveryStreamRules.Arn(config.Name), Account.Region,
                    ids.Select(pair => (pair.Key, pair.Value.ArrivedAt, pair.Value.Data)));
                (string Code, string Message) error = ("Lambda.FunctionError", "");
                IReadOnlyDictionary<string, DeliveryFormats.TransformedRecord>? result = null;
                for (var attempt = 0; attempt <= processor.Retries && result is null; attempt++)
                {
                    if (attempt > 0) await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)));
                    if (!Uri.TryCreate(processor.LambdaArn, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                    {
                        error = ("Lambda.InvokeAccessDenied", $"Shoal calls transforms over HTTP: the LambdaArn {processor.LambdaArn} is not an http(s) URL.");
                        break;
                    }
                    try
                    {
                        using var timeout = new CancellationTokenSource(TransformTimeout);
                        using var response = await settings.Http.PostAsync(url, new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } }, timeout.Token);
                        var answer = await response.Content.ReadAsStringAsync(timeout.Token);
                        if (!response.IsSuccessStatusCode)
                        {
                            error = ("Lambda.FunctionError", $"The transform answered HTTP {(int)response.StatusCode}.");
                            continue;
                        }
                        var (parsed, code, message) = DeliveryFormats.TransformResult(answer, ids.Keys);
                        if (parsed is null) error = (code!, message!);
                        result = parsed;
                    }
                    catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                    {
                        error = ("Lambda.FunctionError", $"The transform could not be called: {e.Message}");
                    }
                }
                foreach (var (id, record) in ids)
                {
                    var transformed = result?.GetValueOrDefault(id);
                    if (transformed is { Result: DeliveryFormats.Ok, Data: { } data }) records.Add(new DeliveryFormats.OutgoingRecord(record.Sequence, record.ArrivedAt, data));
                    else if (transformed is { Result: DeliveryFormats.Dropped }) continue;
                    else if (transformed is not null) failed.Add(new DeliveryFormats.FailedRecord(record.ArrivedAt, record.Data, "Lambda.ProcessingFailedStatus", "ProcessingFailed status was returned for the record."));
                    else failed.Add(new DeliveryFormats.FailedRecord(record.ArrivedAt, record.Data, error.Code, error.Message));
                }
            }
            return (records, failed);
        }

        static IEnumerable<List<BufferedRecord>> Chunks(IReadOnlyList<BufferedRecord> batch, long limit)
        {
            var chunk = new List<BufferedRecord>();
            long bytes = 0;
            foreach (var record in batch)
            {
                if (chunk.Count > 0 && bytes + record.Data.Length > limit)
                {
                    yield return chunk;
                    chunk = [];
                    bytes = 0;
                }
                chunk.Add(record);
                bytes += record.Data.Length;
            }
            if (chunk.Count > 0) yield return chunk;
        }

        static Task WriteError(FirehoseSettings settings, DeliveryStreamConfig config, S3Target s3, string errorType, IReadOnlyList<DeliveryFormats.FailedRecord> failed,
            int attempts, string sourceKey, string source, TimeProvider time) =>
            WriteObject(settings, s3.Bucket, ObjectKeys.ForError(s3.ErrorOutputPrefix, errorType, config.Name, 1, time.NowMs(), Random()),
                DeliveryFormats.ErrorLines(failed, attempts, time.NowMs(), sourceKey, source), gzip: false);

        /// <summary>Firehose adds no delimiter: the object is the records' bytes one after another.</summary>
        static byte[] Concatenate(IReadOnlyList<DeliveryFormats.OutgoingRecord> records)
        {
            var output = new MemoryStream(records.Sum(r => r.Data.Length));
            foreach (var record in records) output.Write(record.Data);
            return output.ToArray();
        }

        /// <summary>Writes bucket/key under the S3 root: a temporary file, flushed to disk, then renamed into place.</summary>
        static async Task WriteObject(FirehoseSettings settings, string bucket, string key, byte[] content, bool gzip)
        {
            var root = Path.GetFullPath(Path.Combine(settings.S3Root, bucket));
            // S3 keys may hold "..": as a path it must still stay inside the bucket.
            var path = Path.GetFullPath(Path.Combine(root, key.Replace("..", "%2E%2E", StringComparison.Ordinal)));
            if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) throw new IOException($"The key {key} leaves the bucket.");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = path + ".tmp-" + Random();
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await file.WriteAsync(gzip ? Gzip(content) : content);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }

        static byte[] Gzip(byte[] content)
        {
            var output = new MemoryStream();
            using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(content);
            return output.ToArray();
        }

        static string Random() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
    }
}
