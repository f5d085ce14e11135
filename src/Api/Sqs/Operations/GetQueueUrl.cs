using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using Shoal.Actors.Sharding;
using Shoal.Api.Protocols;

namespace Shoal.Api.Sqs.Operations;

public static class GetQueueUrl
{
    public static async Task Handle(SqsRequest request)
    {
        var name = request.Reader.Required("QueueName");
        if (QueueAttributeRules.ValidateName(name) is not null)
            throw new ApiException(AwsErrors.QueueDoesNotExist, "The specified queue does not exist.");
        var reply = await request.AskQueue(new GetQueue(EntityIds.Queue(Account.Id, name)));
        await request.Reply<GetQueueResult>(reply, (w, found) => w.String("QueueUrl", request.QueueUrl(found.Name)));
    }
}
