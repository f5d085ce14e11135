using System.Text;
using Microsoft.Extensions.Configuration;
using Shoal.Node;

namespace Shoal.Tests.Unit;

/// <summary>The node's settings bind from appsettings JSON, environment variables and the command line alike.</summary>
[Trait("Tier", "Unit")]
public class SettingsTests
{
    static ShoalSettings Bind(Action<IConfigurationBuilder> configure)
    {
        var builder = new ConfigurationBuilder();
        configure(builder);
        return ShoalSettings.From(builder.Build());
    }

    static Stream Json(string json) => new MemoryStream(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Throttling_is_off_by_default()
    {
        var settings = Bind(_ => { });

        Assert.Empty(settings.Queues.Throttling);
        Assert.Equal(300, settings.Queues.ThrottledStandardCallsPerSecond);
    }

    [Fact]
    public void Throttling_patterns_bind_from_an_appsettings_array()
    {
        var settings = Bind(b => b.AddJsonStream(Json("""
            { "Shoal": { "Queues": { "Throttling": ["orders-*.fifo", "jobs"], "ThrottledStandardCallsPerSecond": 50 } } }
            """)));

        Assert.Equal(["orders-*.fifo", "jobs"], settings.Queues.Throttling);
        Assert.Equal(50, settings.Queues.ThrottledStandardCallsPerSecond);
    }

    [Fact]
    public void Throttling_patterns_bind_from_environment_variables()
    {
        // The process environment is shared: a prefix of this test's own keeps it from meeting any other.
        var prefix = $"SHOALTEST{Guid.NewGuid():N}_";
        Environment.SetEnvironmentVariable(prefix + "Shoal__Queues__Throttling__0", "orders-*.fifo");
        Environment.SetEnvironmentVariable(prefix + "Shoal__Queues__Throttling__1", "*-load");
        try
        {
            var settings = Bind(b => b.AddEnvironmentVariables(prefix));

            Assert.Equal(["orders-*.fifo", "*-load"], settings.Queues.Throttling);
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "Shoal__Queues__Throttling__0", null);
            Environment.SetEnvironmentVariable(prefix + "Shoal__Queues__Throttling__1", null);
        }
    }

    [Fact]
    public void Throttling_patterns_bind_from_the_command_line_and_replace_appsettings_by_index()
    {
        var settings = Bind(b => b
            .AddJsonStream(Json("""{ "Shoal": { "Queues": { "Throttling": ["from-json-*"] } } }"""))
            .AddCommandLine(["--Shoal:Queues:Throttling:0", "orders-*.fifo", "--Shoal:Queues:ThrottledStandardCallsPerSecond", "0"],
                ShoalSettings.SwitchMappings));

        Assert.Equal(["orders-*.fifo"], settings.Queues.Throttling);
        Assert.Equal(0, settings.Queues.ThrottledStandardCallsPerSecond);
    }
}
