namespace Shoal.Actors.Topics;

/// <summary>
/// One subscriber of a topic. Id is the last part of its ARN; Token, for endpoints that must confirm
/// (http, https), is what the SubscriptionConfirmation carries and ConfirmSubscription gives back.
/// </summary>
public sealed record Subscription(
    string Id,
    string Protocol,
    string Endpoint,
    IReadOnlyDictionary<string, string> Attributes,
    bool Confirmed,
    string? Token,
    long CreatedAt,
    bool ConfirmationWasAuthenticated = false)
{
    public bool RawMessageDelivery => Attributes.GetValueOrDefault(SubscriptionRules.RawMessageDelivery) == "true";

    public string? Attribute(string name) => Attributes.GetValueOrDefault(name);
}
