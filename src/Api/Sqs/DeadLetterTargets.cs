using Shoal.Actors.Catalog;
using Shoal.Actors.Common;
using Shoal.Actors.Queues;
using Shoal.Actors.Sharding;
using Shoal.Api.Protocols;

namespace Shoal.Api.Sqs;

/// <summary>The checks SQS makes against another queue when a RedrivePolicy is set, and the catalog's index of them.</summary>
public static class DeadLetterTargets
{
    /// <summary>
    /// A RedrivePolicy in <paramref name="attributes"/> must name an existing queue of the source's type
    /// whose RedriveAllowPolicy lets the source in; throws the InvalidParameterValue SQS answers otherwise.
    /// A malformed policy is left to the queue's own attribute rules.
    /// </summary>
    public static async Task Validate(SqsRequest request, string sourceName, IReadOnlyDictionary<string, string> attributes)
    {
        if (!attributes.TryGetValue(QueueAttributeRules.RedrivePolicy, out var text) || RedriveRules.ParsePolicy(text) is not { } policy)
            return;
        var exists = false;
        string? allowPolicy = null;
        if (policy.DeadLetterTargetName.Length > 0)
        {
            var reply = await request.AskQueue(new GetQueueAttributes(EntityIds.Queue(Account.Id, policy.DeadLetterTargetName),
                [QueueAttributeRules.RedriveAllowPolicy]));
            if (reply is QueueAttributesResult target)
            {
                exists = true;
                allowPolicy = target.Attributes.GetValueOrDefault(QueueAttributeRules.RedriveAllowPolicy);
            }
        }
        if (RedriveRules.ValidateTarget(sourceName, text, policy, exists, allowPolicy) is { } invalid) throw ApiException.From(invalid);
    }

    /// <summary>Records in the catalog which dead-letter queue the source now names, when the request set or removed one.</summary>
    public static async Task Register(SqsRequest request, string sourceName, IReadOnlyDictionary<string, string> attributes)
    {
        if (!attributes.TryGetValue(QueueAttributeRules.RedrivePolicy, out var text)) return;
        await request.AskCatalog(new RegisterQueue(Account.Id, sourceName, RedriveRules.ParsePolicy(text)?.DeadLetterTargetName));
    }
}
