using Serilog;
using Serilog.Formatting.Json;

namespace Host.Infrastructure;

internal static class LoggingSetup
{
    /// <summary>Serilog from configuration ("Serilog" section), JSON lines to the console by default.</summary>
    public static void AddStructuredLogging(this WebApplicationBuilder builder)
    {
        var logger = new LoggerConfiguration()
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(new JsonFormatter(renderMessage: true))
            .CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
    }
}
