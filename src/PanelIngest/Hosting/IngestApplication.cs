using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace PanelIngest.Hosting;

/// <summary>Builds the ingest's Generic Host: appsettings.json, environment variables, command line, then the overrides given.</summary>
public static class IngestApplication
{
    /// <param name="overrides">Settings on top of everything else (tests use them; deployments use the environment).</param>
    public static HostApplicationBuilder CreateBuilder(string[] args, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (overrides is not null) builder.Configuration.AddInMemoryCollection(overrides);
        builder.AddStructuredLogging();
        builder.Services.AddPanelIngest(builder.Configuration);
        return builder;
    }
}
