using Shoal.Api;
using Shoal.Node.Hosting;
using Shoal.Node.Http;

namespace Shoal.Node;

/// <summary>The node's composition, read as a table of contents; tests build it in-process too.</summary>
public static class ShoalApp
{
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddCommandLine(args, ShoalSettings.SwitchMappings);
        var settings = ShoalSettings.From(builder.Configuration);

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenForAws(settings.Http, Path.Combine(Path.GetTempPath(), "shoal")));
        builder.Services.AddShoalActors(settings);
        builder.Services.AddShoalHealth(settings);
        builder.Services.AddSingleton<AwsEndpoint>();

        var app = builder.Build();
        app.MapShoalHealth();
        app.MapClusterState(settings);
        app.MapSigningCertificate(settings);
        // Every AWS request is POST /; the catch-all ranks below the health routes.
        if (settings.Node.IsApi)
            app.Map("/{**path}", http => http.RequestServices.GetRequiredService<AwsEndpoint>().Handle(http));
        return app;
    }
}
