using Shoal.Actors.Common;

namespace Shoal.Actors.Streams;

/// <summary>
/// The ValidationException Kinesis answers when request members break the service model's constraints, worded as
/// AWS words it: "2 validation errors detected: Value '' at 'streamName' failed to satisfy constraint: Member must
/// satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value '' at 'streamName' failed to satisfy constraint: ...".
/// AWS reports at most ten broken constraints, and so does this.
/// </summary>
public sealed class ValidationErrors
{
    const int MaxReported = 10;
    readonly List<string> failures = [];

    public bool Any => failures.Count > 0;

    /// <summary>One broken constraint; <paramref name="value"/> is null for a missing member.</summary>
    public ValidationErrors Add(string? value, string path, string constraint) =>
        Record($"Value {(value is null ? "null" : $"'{value}'")} at '{path}' failed to satisfy constraint: {constraint}");

    /// <summary>A broken constraint on a member AWS does not print, such as a list of records.</summary>
    public ValidationErrors Add(string path, string constraint) => Record($"Value at '{path}' failed to satisfy constraint: {constraint}");

    ValidationErrors Record(string failure)
    {
        if (failures.Count < MaxReported) failures.Add(failure);
        return this;
    }

    public Rejection? ToRejection() => failures.Count == 0
        ? null
        : new Rejection(ErrorCode.Validation,
            $"{failures.Count} validation error{(failures.Count > 1 ? "s" : "")} detected: {string.Join("; ", failures)}");

    public static Rejection One(string? value, string path, string constraint) =>
        new ValidationErrors().Add(value, path, constraint).ToRejection()!;

    public const string NotNull = "Member must not be null";
    public static string Pattern(string pattern) => $"Member must satisfy regular expression pattern: {pattern}";
    public static string MinLength(long length) => $"Member must have length greater than or equal to {length}";
    public static string MaxLength(long length) => $"Member must have length less than or equal to {length}";
    public static string MinValue(long value) => $"Member must have value greater than or equal to {value}";
    public static string MaxValue(long value) => $"Member must have value less than or equal to {value}";
    public static string OneOf(IEnumerable<string> values) => $"Member must satisfy enum value set: [{string.Join(", ", values)}]";

    /// <summary>How AWS (a Java service) prints a blob member in a validation message.</summary>
    public static string Blob(long length) => $"java.nio.HeapByteBuffer[pos=0 lim={length} cap={length}]";
}
