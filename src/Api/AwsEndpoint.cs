using System.Text;
using Akka.Actor;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Shoal.Api.Firehose;
using Shoal.Api.Kinesis;
using Shoal.Api.Protocols;
using Shoal.Api.Sns;
using Shoal.Api.Sqs;

namespace Shoal.Api;

/// <summary>
/// The one HTTP entry point: every AWS request is POST / (aws-wire.md §1). Dispatch by
/// X-Amz-Target for JSON protocols, by Action plus Version (or the SigV4 scope) for Query.
/// </summary>
public sealed class AwsEndpoint(Entities entities, ILogger<AwsEndpoint> log)
{
    const string SqsVersion = "2012-11-05";
    const string SnsVersion = "2010-03-31";
    public const int MaxBodyBytes = 16 * 1024 * 1024;

    public async Task Handle(HttpContext http)
    {
        AwsService? service = AwsService.Sqs;
        var protocol = WireProtocol.Query;
        try
        {
            var body = await ReadBody(http.Request);
            var target = http.Request.Headers["X-Amz-Target"].ToString();
            AwsCall call;
            if (target.Length > 0)
            {
                protocol = WireProtocol.Json;
                var dot = target.IndexOf('.');
                var prefix = dot < 0 ? target : target[..dot];
                service = prefix switch { "AmazonSQS" => AwsService.Sqs, "Kinesis_20131202" => AwsService.Kinesis, "Firehose_20150804" => AwsService.Firehose, _ => null };
                if (service is null)
                {
                    await AwsCall.Fail(http, AwsService.Sqs, protocol, AwsErrors.UnknownOperation, $"Unknown target {target}.");
                    return;
                }
                call = new AwsCall(http, service, protocol, target[(dot + 1)..], JsonRequestReader.Parse(body));
            }
            else
            {
                var parameters = FormBody.Parse(Encoding.UTF8.GetString(body.Span));
                if (http.Request.QueryString.HasValue) FormBody.Parse(http.Request.QueryString.Value.AsSpan(1), parameters);
                var action = parameters.GetValueOrDefault("Action");
                if (string.IsNullOrEmpty(action))
                {
                    await AwsCall.Fail(http, service, protocol, AwsErrors.MissingParameter, "The request must contain the parameter Action.");
                    return;
                }
                service = ServiceOf(http, parameters, action);
                if (service is null)
                {
                    await AwsCall.Fail(http, AwsService.Sqs, protocol, AwsErrors.InvalidAction, $"The action {action} is not valid for this endpoint.");
                    return;
                }
                call = new AwsCall(http, service, protocol, action, new QueryRequestReader(parameters));
            }
            await Dispatch(call);
        }
        catch (ApiException e)
        {
            await AwsCall.Fail(http, service ?? AwsService.Sqs, protocol, e.Error, e.Message);
        }
    }

    async Task Dispatch(AwsCall call)
    {
        var sns = call.Service == AwsService.Sns;
        var kinesis = call.Service == AwsService.Kinesis;
        var firehose = call.Service == AwsService.Firehose;
        var operation = sns ? Find(SnsOperations.All, call.Action, () => new SnsRequest(call, entities))
            : kinesis ? Find(KinesisOperations.All, call.Action, () => new KinesisRequest(call, entities, TimeProvider.System))
            : firehose ? Find(FirehoseOperations.All, call.Action, () => new FirehoseRequest(call, entities, TimeProvider.System))
            : Find(SqsOperations.All, call.Action, () => new SqsRequest(call, entities));
        if (operation is null)
        {
            var error = sns ? SnsErrors.InvalidAction : kinesis ? KinesisErrors.UnknownOperation : firehose ? FirehoseErrors.UnknownOperation
                : call.Protocol == WireProtocol.Json ? AwsErrors.UnknownOperation : AwsErrors.InvalidAction;
            await call.Fail(error, $"The action {call.Action} is not valid for this endpoint.");
            return;
        }
        try
        {
            await operation();
        }
        catch (ApiException e)
        {
            await call.Fail(e.Error, e.Message);
        }
        catch (AskTimeoutException)
        {
            // The entity could not answer in time (moving, recovering or overloaded): the SDKs retry a 503.
            await call.Fail(sns ? SnsErrors.ServiceUnavailable : kinesis ? KinesisErrors.ServiceUnavailable : firehose ? FirehoseErrors.ServiceUnavailable : AwsErrors.ServiceUnavailable, "The service is temporarily unavailable; retry the request.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "{Action} failed", call.Action);
            await call.Fail(sns ? SnsErrors.InternalError : kinesis ? KinesisErrors.InternalFailure : firehose ? FirehoseErrors.InternalFailure : AwsErrors.InternalFailure, "The request processing has failed because of an unknown error.");
        }
    }

    static Func<Task>? Find<TRequest>(IReadOnlyDictionary<string, Func<TRequest, Task>> operations, string action, Func<TRequest> request) =>
        operations.TryGetValue(action, out var operation) ? () => operation(request()) : null;

    /// <summary>
    /// SQS and SNS share action names; the Version or the signing scope tells them apart. An unsigned form
    /// without a Version (a subscriber opening its SubscribeURL) is SNS's if only SNS has the action.
    /// </summary>
    static AwsService? ServiceOf(HttpContext http, Dictionary<string, string> parameters, string action)
    {
        if (parameters.TryGetValue("Version", out var version))
            return version switch { SqsVersion => AwsService.Sqs, SnsVersion => AwsService.Sns, _ => null };
        var authorization = http.Request.Headers.Authorization.ToString();
        if (authorization.Contains("/sns/aws4_request", StringComparison.Ordinal)) return AwsService.Sns;
        if (authorization.Contains("/sqs/aws4_request", StringComparison.Ordinal)) return AwsService.Sqs;
        if (authorization.Length > 0) return null;
        return SnsOperations.IsSnsOnly(action) ? AwsService.Sns : AwsService.Sqs;
    }

    static async Task<ReadOnlyMemory<byte>> ReadBody(HttpRequest request)
    {
        if (request.ContentLength is > MaxBodyBytes)
            throw new ApiException(AwsErrors.InvalidParameterValue, "The request body is too large.");
        using var buffer = request.ContentLength is { } length ? new MemoryStream((int)length) : new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        if (buffer.Length > MaxBodyBytes)
            throw new ApiException(AwsErrors.InvalidParameterValue, "The request body is too large.");
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
