namespace Shoal.Tests.Unit;

/// <summary>Holds the lines the architecture draws, so they stay drawn.</summary>
[Trait("Tier", "Unit")]
public sealed class ArchitectureTests
{
    static readonly string Root = FindRoot();

    static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Cluster.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Cluster.sln not found above the test binaries");
    }

    public static TheoryData<string> RuleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var area in new[] { "Queues", "Catalog", "Topics", "Streams", "Firehose" })
        {
            foreach (var file in Directory.GetFiles(Path.Combine(Root, "src", "Actors", area), "*.cs"))
            {
                // The entities themselves (QueueActor.cs, and the parts of one, TopicActor.Delivery.cs) are the Akka side.
                var name = Path.GetFileName(file);
                if (!name.EndsWith("Actor.cs", StringComparison.Ordinal) && !name.Contains("Actor.", StringComparison.Ordinal))
                    data.Add(Path.GetRelativePath(Root, file));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RuleFiles))]
    public void Pure_rules_do_not_use_Akka(string file)
    {
        var text = File.ReadAllText(Path.Combine(Root, file));
        Assert.DoesNotContain("using Akka", text);
        Assert.DoesNotContain("DateTime.UtcNow", text);
        Assert.DoesNotContain("DateTimeOffset.UtcNow", text);
    }

    [Fact]
    public void No_namespace_is_named_Cluster()
    {
        var offenders = Directory.GetFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(file => File.ReadLines(file).Any(line => line.StartsWith("namespace ", StringComparison.Ordinal) && line.Contains(".Cluster", StringComparison.Ordinal)))
            .ToList();
        Assert.Empty(offenders);
    }
}
