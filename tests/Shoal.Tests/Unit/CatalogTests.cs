using Shoal.Actors.Catalog;
using Shoal.Actors.Common;

namespace Shoal.Tests.Unit;

[Trait("Tier", "Unit")]
public class CatalogTests
{
    const string Account = Shoal.Actors.Common.Account.Id;

    static CatalogState Catalog(IEnumerable<string> names)
    {
        var state = new CatalogState();
        foreach (var name in names) state.Apply(new QueueRegistered(name));
        return state;
    }

    static IEnumerable<string> Numbered(string prefix, int count) => Enumerable.Range(0, count).Select(i => $"{prefix}{i:D4}");

    static object List(CatalogState state, string? prefix = null, int? maxResults = null, string? nextToken = null) =>
        CatalogDecider.Decide(state, new ListQueues(Account, prefix, maxResults, nextToken)).Reply;

    static NameList Listed(CatalogState state, string? prefix = null, int? maxResults = null, string? nextToken = null) =>
        Expect.Reply<NameList>(List(state, prefix, maxResults, nextToken));

    /// <summary>Follows NextToken until it runs out, as a paginator does.</summary>
    static List<string> AllPages(CatalogState state, string? prefix, int maxResults)
    {
        var names = new List<string>();
        string? token = null;
        do
        {
            var page = Listed(state, prefix, maxResults, token);
            Assert.InRange(page.Names.Count, 1, maxResults);
            names.AddRange(page.Names);
            token = page.NextToken;
        } while (token is not null);
        return names;
    }

    [Fact]
    public void ListQueues_returns_only_names_starting_with_the_prefix_in_name_order()
    {
        var state = Catalog(["orders-b", "invoices", "orders-a", "Orders-c", "order"]);

        Assert.Equal(["orders-a", "orders-b"], Listed(state, prefix: "orders").Names);
    }

    [Fact]
    public void ListQueues_without_a_prefix_returns_every_name()
    {
        var state = Catalog(["b", "a", "c"]);

        Assert.Equal(["a", "b", "c"], Listed(state).Names);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(25)]
    public void Paging_with_MaxResults_covers_every_name_exactly_once(int maxResults)
    {
        var names = Numbered("q", 25).ToList();

        Assert.Equal(names, AllPages(Catalog(names), prefix: null, maxResults));
    }

    [Fact]
    public void Paging_with_a_prefix_covers_every_matching_name_exactly_once()
    {
        var state = Catalog([.. Numbered("orders-", 12), .. Numbered("invoices-", 12)]);

        Assert.Equal(Numbered("orders-", 12), AllPages(state, prefix: "orders-", maxResults: 5));
    }

    [Fact]
    public void Paging_survives_a_queue_deleted_between_pages()
    {
        var state = Catalog(Numbered("q", 10));
        var first = Listed(state, maxResults: 5);
        state.Apply(new QueueUnregistered(first.Names[^1]));

        var second = Listed(state, maxResults: 5, nextToken: first.NextToken);

        Assert.Equal(Numbered("q", 10).Skip(5), second.Names);
        Assert.Null(second.NextToken);
    }

    [Fact]
    public void Last_page_has_no_NextToken() =>
        Assert.Null(Listed(Catalog(Numbered("q", 3)), maxResults: 3).NextToken);

    [Fact]
    public void Without_MaxResults_at_most_1000_names_are_returned_and_no_NextToken()
    {
        var page = Listed(Catalog(Numbered("q", 1001)));

        Assert.Equal(1000, page.Names.Count);
        Assert.Null(page.NextToken);
    }

    [Fact]
    public void MaxResults_1000_over_more_names_gives_a_NextToken() =>
        Assert.NotNull(Listed(Catalog(Numbered("q", 1001)), maxResults: 1000).NextToken);

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    [InlineData(-1)]
    public void MaxResults_outside_1_to_1000_is_InvalidParameterValue(int maxResults) =>
        Expect.Rejection(ErrorCode.InvalidParameterValue, List(Catalog(["a"]), maxResults: maxResults));

    [Theory]
    [InlineData("not base64!")]
    [InlineData("aGVsbG8=")] // "hello": base64, but not a token
    public void Invalid_NextToken_is_InvalidParameterValue(string token) =>
        Expect.Rejection(ErrorCode.InvalidParameterValue, List(Catalog(["a", "b"]), maxResults: 1, nextToken: token));

    [Fact]
    public void Registering_a_known_name_or_unregistering_an_unknown_one_changes_nothing()
    {
        var state = Catalog(["a"]);

        Assert.Empty(CatalogDecider.Decide(state, new RegisterQueue(Account, "a")).Events);
        Assert.Empty(CatalogDecider.Decide(state, new UnregisterQueue(Account, "b")).Events);
        Assert.Single(CatalogDecider.Decide(state, new RegisterQueue(Account, "b")).Events);
    }

    [Fact]
    public void Restored_catalog_snapshot_lists_the_same_names()
    {
        var state = Catalog(Numbered("q", 20));

        Assert.Equal(Listed(state).Names, Listed(CatalogState.FromSnapshot(state.ToSnapshot())).Names);
    }

    static CatalogState Run(CatalogState state, ICatalogCommand command)
    {
        foreach (var e in CatalogDecider.Decide(state, command).Events) state.Apply(e);
        return state;
    }

    static NameList Sources(CatalogState state, string deadLetterQueue, int? maxResults = null, string? nextToken = null) =>
        Expect.Reply<NameList>(CatalogDecider.Decide(state, new ListDeadLetterSources(Account, deadLetterQueue, maxResults, nextToken)).Reply);

    [Fact]
    public void ListDeadLetterSourceQueues_names_the_queues_whose_RedrivePolicy_targets_the_queue_in_name_order()
    {
        var state = Catalog(["dead", "other-dead"]);
        Run(state, new RegisterQueue(Account, "orders", "dead"));
        Run(state, new RegisterQueue(Account, "billing", "dead"));
        Run(state, new RegisterQueue(Account, "shipping", "other-dead"));

        Assert.Equal(["billing", "orders"], Sources(state, "dead").Names);
        Assert.Equal(["shipping"], Sources(state, "other-dead").Names);
        Assert.Empty(Sources(state, "orders").Names);
    }

    [Fact]
    public void A_source_leaves_the_list_when_its_policy_is_removed_or_retargeted_or_the_queue_is_deleted()
    {
        var state = Catalog([]);
        foreach (var name in new[] { "a", "b", "c" }) Run(state, new RegisterQueue(Account, name, "dead"));

        Run(state, new RegisterQueue(Account, "a", null));
        Run(state, new RegisterQueue(Account, "b", "elsewhere"));
        Run(state, new UnregisterQueue(Account, "c"));

        Assert.Empty(Sources(state, "dead").Names);
        Assert.Equal(["b"], Sources(state, "elsewhere").Names);
    }

    [Fact]
    public void Re_registering_with_the_same_target_changes_nothing_and_the_snapshot_keeps_the_targets()
    {
        var state = Run(Catalog([]), new RegisterQueue(Account, "orders", "dead"));

        Assert.Empty(CatalogDecider.Decide(state, new RegisterQueue(Account, "orders", "dead")).Events);
        Assert.Equal(["orders"], Sources(CatalogState.FromSnapshot(state.ToSnapshot()), "dead").Names);
    }

    [Fact]
    public void ListDeadLetterSourceQueues_pages_with_MaxResults_and_NextToken()
    {
        var state = Catalog([]);
        foreach (var name in Numbered("src", 7)) Run(state, new RegisterQueue(Account, name, "dead"));

        var names = new List<string>();
        string? token = null;
        do
        {
            var page = Sources(state, "dead", 3, token);
            names.AddRange(page.Names);
            token = page.NextToken;
        } while (token is not null);

        Assert.Equal(Numbered("src", 7), names);
        Assert.Null(Sources(state, "dead").NextToken);
    }
}
