using Shoal.Actors.Common;
using R = Shoal.Actors.Queues.QueueAttributeRules;

namespace Shoal.Actors.Queues;

/// <summary>
/// Server-side encryption attributes. A queue uses one kind at a time, as in SQS: SSE-SQS
/// (SqsManagedSseEnabled, on by default since 2023) or SSE-KMS (KmsMasterKeyId, with
/// KmsDataKeyReusePeriodSeconds, 60–86,400, reported as 300 unless set). Asking for both in one
/// request is refused; setting a key turns SSE-SQS off; turning SSE-SQS on drops the key and its
/// reuse period; removing the key (an empty value) turns SSE-SQS back on. Shoal encrypts nothing:
/// the attributes are kept and reported like the rest of the queue's configuration.
/// </summary>
public static class EncryptionRules
{
    public const string DefaultReusePeriodSeconds = "300";

    /// <summary>Both kinds in one request. The message is SQS's; the error code follows the emulators that reproduce it.</summary>
    public static Rejection? Validate(IReadOnlyDictionary<string, string> changes) =>
        changes.GetValueOrDefault(R.SqsManagedSseEnabled) == "true" && changes.GetValueOrDefault(R.KmsMasterKeyId) is { Length: > 0 }
            ? new Rejection(ErrorCode.InvalidAttributeName,
                "You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.")
            : null;

    /// <summary>
    /// The requested changes plus what they imply for the other kind of encryption, so the event carries
    /// the whole change and a replay needs no rule. <paramref name="current"/> gives the queue's explicitly
    /// set values (none for a queue being created).
    /// </summary>
    public static IReadOnlyDictionary<string, string> WithImplied(IReadOnlyDictionary<string, string> changes, Func<string, string?> current)
    {
        var key = changes.GetValueOrDefault(R.KmsMasterKeyId);
        var sqsManaged = changes.GetValueOrDefault(R.SqsManagedSseEnabled);
        var toKms = key is { Length: > 0 };
        // The key goes when it is removed (an empty value) or SSE-SQS is turned on; its reuse period with it.
        var dropsKey = !toKms && current(R.KmsMasterKeyId) is not null && (key == "" || sqsManaged == "true");
        // Removing the key without saying otherwise goes back to SSE-SQS.
        var toSqsManaged = sqsManaged is null && dropsKey;
        if (!toKms && !dropsKey) return changes;

        var all = new Dictionary<string, string>(changes);
        void Imply(string name, string value) => all.TryAdd(name, value);
        if (toKms)
        {
            Imply(R.SqsManagedSseEnabled, "false");
            if (current(R.KmsDataKeyReusePeriodSeconds) is null) Imply(R.KmsDataKeyReusePeriodSeconds, DefaultReusePeriodSeconds);
        }
        else
        {
            if (toSqsManaged) Imply(R.SqsManagedSseEnabled, "true");
            // An empty value removes an attribute.
            Imply(R.KmsMasterKeyId, "");
            if (current(R.KmsDataKeyReusePeriodSeconds) is not null) Imply(R.KmsDataKeyReusePeriodSeconds, "");
        }
        return all;
    }
}
