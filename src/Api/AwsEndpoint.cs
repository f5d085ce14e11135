using System.Text;
using Akka.Actor;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Shoal.Api.Protocols;
using Shoal.Api.Sqs;

namespace Shoal.Api;

/// <summary>
/// The one HTTP entry point: every AWS request is POST / (aws-wire.md §1). Dispatch by
/// X-Amz-Target for JSON protocols, by Action plus Version (or the SigV4 scope) for Query.
/// </summary>
public sealed class AwsEndpoint(Entities entities, ILogger<AwsEndpoint> log)
{
    const string SqsVersion = "2012-11-05";
    public const int MaxBodyBytes = 16 * 1024 * 1024;

    public async Task Handle(HttpContext http)
    {
        var (service, protocol) = (AwsService.Sqs, WireProtocol.Query);
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
                if (prefix != "AmazonSQS")
                {
                    await AwsCall.Fail(http, service, protocol, AwsErrors.UnknownOperation, $"Unknown target {target}.");
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
                if (!IsSqs(http, parameters))
                {
                    await AwsCall.Fail(http, service, protocol, AwsErrors.InvalidAction, $"The action {action} is not valid for this endpoint.");
                    return;
                }
                call = new AwsCall(http, service, protocol, action, new QueryRequestReader(parameters));
            }
            await Dispatch(call);
        }
        catch (ApiException e)
        {
            await AwsCall.Fail(http, service, protocol, e.Error, e.Message);
        }
    }

    async Task Dispatch(AwsCall call)
    {
        if (!SqsOperations.All.TryGetValue(call.Action, out var operation))
        {
            var error = call.Protocol == WireProtocol.Json ? AwsErrors.UnknownOperation : AwsErrors.InvalidAction;
            await call.Fail(error, $"The action {call.Action} is not valid for this endpoint.");
            return;
        }
        try
        {
            await operation(new SqsRequest(call, entities));
        }
        catch (ApiException e)
        {
            await call.Fail(e.Error, e.Message);
        }
        catch (AskTimeoutException)
        {
            // The entity could not answer in time (moving, recovering or overloaded): the SDKs retry a 503.
            await call.Fail(AwsErrors.ServiceUnavailable, "The service is temporarily unavailable; retry the request.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "{Action} failed", call.Action);
            await call.Fail(AwsErrors.InternalFailure, "The request processing has failed because of an unknown error.");
        }
    }

    /// <summary>SQS and SNS share action names; the Version or the signing scope tells them apart.</summary>
    static bool IsSqs(HttpContext http, Dictionary<string, string> parameters)
    {
        if (parameters.TryGetValue("Version", out var version)) return version == SqsVersion;
        var authorization = http.Request.Headers.Authorization.ToString();
        return authorization.Length == 0 || authorization.Contains("/sqs/aws4_request", StringComparison.Ordinal);
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
