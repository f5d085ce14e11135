using System.Text;
using System.Text.Json;
using Shoal.Actors.Queues;

namespace Shoal.Api.Sqs;

/// <summary>
/// The TaskHandle clients get from StartMessageMoveTask and hand back to CancelMessageMoveTask: base64 of
/// {"taskId","sourceArn"}, as SQS's own handles are, so the handle alone leads to the task's queue.
/// </summary>
public static class MoveTaskHandle
{
    public static string Encode(string taskId, string sourceArn) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["taskId"] = taskId, ["sourceArn"] = sourceArn }));

    /// <summary>The task and its source queue's name, or null for anything that is not such a handle.</summary>
    public static (string TaskId, string SourceName)? Decode(string handle)
    {
        var bytes = new byte[handle.Length];
        if (!Convert.TryFromBase64String(handle, bytes, out var written)) return null;
        try
        {
            var fields = JsonSerializer.Deserialize<Dictionary<string, string>>(Encoding.UTF8.GetString(bytes, 0, written));
            if (fields is null || !fields.TryGetValue("taskId", out var taskId) || !fields.TryGetValue("sourceArn", out var arn)) return null;
            return RedriveRules.QueueNameOf(arn) is { } name ? (taskId, name) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
