using System.Text;
using Microsoft.AspNetCore.Http;

namespace Shoal.Api.Protocols;

/// <summary>One decoded request and the means to answer it in its own protocol.</summary>
public sealed class AwsCall(HttpContext http, AwsService service, WireProtocol protocol, string action, IRequestReader reader)
{
    public HttpContext Http { get; } = http;
    public AwsService Service { get; } = service;
    public WireProtocol Protocol { get; } = protocol;
    public string Action { get; } = action;
    public IRequestReader Reader { get; } = reader;
    public string RequestId { get; } = Guid.NewGuid().ToString();
    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>The host and port the client used, for the URLs we hand back.</summary>
    public string Host => Http.Request.Host.HasValue ? Http.Request.Host.Value! : "localhost";

    public Task Respond(Action<IResponseWriter>? write = null)
    {
        var response = Http.Response;
        response.Headers["x-amzn-RequestId"] = RequestId;
        if (Protocol == WireProtocol.Json)
        {
            using var json = new JsonResponseWriter();
            write?.Invoke(json);
            response.ContentType = Service.JsonContentType;
            var body = json.Finish();
            response.ContentLength = body.Length;
            return response.Body.WriteAsync(body, Aborted).AsTask();
        }
        var xml = new XmlResponseWriter();
        write?.Invoke(xml);
        var text = new StringBuilder(256)
            .Append("<?xml version=\"1.0\"?><").Append(Action).Append("Response xmlns=\"").Append(Service.XmlNamespace).Append("\">");
        // botocore 1.29 looks the Result element up even when it is empty (an empty receive).
        if (write is not null) text.Append('<').Append(Action).Append("Result>").Append(xml).Append("</").Append(Action).Append("Result>");
        text.Append("<ResponseMetadata><RequestId>").Append(RequestId).Append("</RequestId></ResponseMetadata></")
            .Append(Action).Append("Response>");
        return WriteText(response, "text/xml", text.ToString());
    }

    /// <summary>A Query reply whose XML the action writes itself (SNS's wrapped lists and maps).</summary>
    public Task RespondXml(Action<XmlResponseWriter> write) => Respond(writer => write((XmlResponseWriter)writer));

    public Task Fail(AwsError error, string message) => Fail(Http, Service, Protocol, error, message, RequestId);

    /// <summary>An error in the shapes aws-wire.md §4 shows, so each client raises its typed exception.</summary>
    public static Task Fail(HttpContext http, AwsService service, WireProtocol protocol, AwsError error, string message, string? requestId = null)
    {
        requestId ??= Guid.NewGuid().ToString();
        var response = http.Response;
        response.StatusCode = error.Status;
        response.Headers["x-amzn-RequestId"] = requestId;
        var fault = error.SenderFault ? "Sender" : "Receiver";
        if (protocol == WireProtocol.Json)
        {
            if (service.QueryCompatible) response.Headers["x-amzn-query-error"] = $"{error.QueryCode};{fault}";
            using var json = new JsonResponseWriter();
            json.String("__type", service.ShapePrefix + error.Shape);
            json.String("message", message);
            response.ContentType = service.JsonContentType;
            var body = json.Finish();
            response.ContentLength = body.Length;
            return response.Body.WriteAsync(body).AsTask();
        }
        var xml = $"<?xml version=\"1.0\"?><ErrorResponse xmlns=\"{service.XmlNamespace}\"><Error><Type>{fault}</Type>" +
                  $"<Code>{XmlResponseWriter.Escape(error.QueryCode)}</Code><Message>{XmlResponseWriter.Escape(message)}</Message><Detail/></Error>" +
                  $"<RequestId>{requestId}</RequestId></ErrorResponse>";
        return WriteText(response, "text/xml", xml);
    }

    static Task WriteText(HttpResponse response, string contentType, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        response.ContentType = contentType;
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes).AsTask();
    }
}
