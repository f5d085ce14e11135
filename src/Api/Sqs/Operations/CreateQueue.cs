using Shoal.Actors.Catalog;
using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using Shoal.Actors.Sharding;
using Shoal.Api.Protocols;

namespace Shoal.Api.Sqs.Operations;

public static class CreateQueue
{
    public static async Task Handle(SqsRequest request)
    {
        var r = request.Reader;
        var name = r.String("QueueName");
        var attributes = r.StringMap("Attributes", "Attribute");
        var tags = r.StringMap("tags", "Tag", "Key", "Value");
        if (QueueAttributeRules.ValidateName(name) is { } invalid) throw ApiException.From(invalid);
        await DeadLetterTargets.Validate(request, name!, attributes);
        var reply = await request.AskQueue(new Actors.Queues.CreateQueue(EntityIds.Queue(Account.Id, name!), name!, attributes, tags));
        // Listed once the queue exists; re-registering on a retried create is harmless.
        var deadLetterTarget = RedriveRules.ParsePolicy(attributes.GetValueOrDefault(QueueAttributeRules.RedrivePolicy))?.DeadLetterTargetName;
        if (reply is CreateQueueResult) await request.AskCatalog(new RegisterQueue(Account.Id, name!, deadLetterTarget));
        await request.Reply<CreateQueueResult>(reply, (w, created) => w.String("QueueUrl", request.QueueUrl(created.Name)));
    }
}
