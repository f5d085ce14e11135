using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using Shoal.Actors.Sharding;
using Shoal.Api.Protocols;

namespace Shoal.Api.Sqs;

/// <summary>What the message move task actions share: queues named by ARN.</summary>
public static class MoveTasks
{
    /// <summary>The name of the existing queue an ARN parameter names; ResourceNotFoundException otherwise, as SQS answers.</summary>
    public static async Task<string> ExistingQueue(SqsRequest request, string arn, string parameter)
    {
        if (RedriveRules.QueueNameOf(arn) is { } name
            && await request.AskQueue(new GetQueue(EntityIds.Queue(Account.Id, name))) is GetQueueResult)
            return name;
        throw new ApiException(AwsErrors.ResourceNotFound, $"The resource that you specified for the {parameter} parameter doesn't exist.");
    }
}
