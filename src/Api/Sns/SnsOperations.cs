using Shoal.Api.Sns.Operations;

namespace Shoal.Api.Sns;

/// <summary>Every SNS action this server answers, by its AWS name.</summary>
public static class SnsOperations
{
    public static readonly IReadOnlyDictionary<string, Func<SnsRequest, Task>> All = new Dictionary<string, Func<SnsRequest, Task>>
    {
        [nameof(CreateTopic)] = CreateTopic.Handle,
        [nameof(DeleteTopic)] = DeleteTopic.Handle,
        [nameof(ListTopics)] = ListTopics.Handle,
        [nameof(GetTopicAttributes)] = GetTopicAttributes.Handle,
        [nameof(SetTopicAttributes)] = SetTopicAttributes.Handle,
        [nameof(Subscribe)] = Subscribe.Handle,
        [nameof(ConfirmSubscription)] = ConfirmSubscription.Handle,
        [nameof(Unsubscribe)] = Unsubscribe.Handle,
        [nameof(ListSubscriptions)] = ListSubscriptions.Handle,
        [nameof(ListSubscriptionsByTopic)] = ListSubscriptionsByTopic.Handle,
        [nameof(GetSubscriptionAttributes)] = GetSubscriptionAttributes.Handle,
        [nameof(SetSubscriptionAttributes)] = SetSubscriptionAttributes.Handle,
        [nameof(Publish)] = Publish.Handle,
        [nameof(PublishBatch)] = PublishBatch.Handle,
        [nameof(TagResource)] = TagResource.Handle,
        [nameof(UntagResource)] = UntagResource.Handle,
        [nameof(ListTagsForResource)] = ListTagsForResource.Handle,
        [nameof(AddPermission)] = AddPermission.Handle,
        [nameof(RemovePermission)] = RemovePermission.Handle,
    };

    /// <summary>Actions only SNS has: a form without Version or signature (a browser opening a SubscribeURL) is SNS's.</summary>
    public static bool IsSnsOnly(string action) => All.ContainsKey(action) && !Sqs.SqsOperations.All.ContainsKey(action);
}
