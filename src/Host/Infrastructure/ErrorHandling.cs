using System.Text.Json;
using Domain;
using EventStore;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Host.Infrastructure;

/// <summary>A stale If-Match: the client decided on a version that is no longer current.</summary>
internal sealed class PreconditionFailedException(string streamId, long expected, long actual)
    : Exception($"'{streamId}' is at version {actual}, not {expected}: reload and try again.")
{
    public long Actual { get; } = actual;
}

internal sealed class NotFoundException(string what) : Exception($"{what} was not found.");

/// <summary>
/// One place that turns errors into ProblemDetails: validation 400, not found 404, refusal 409, stale 412, and 503
/// with Retry-After while the database cannot be reached or cannot take writes (down, failing over, a standby).
/// </summary>
internal static class ErrorHandling
{
    public static void UseProblemDetailsForErrors(this WebApplication app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = WriteProblemAsync,
            // Only a 500 is a fault worth a stack trace in the log. The other answers are expected (the request log
            // has their status), and an outage would log one stack trace per request, hundreds a second under load:
            // it is logged once in a while instead (OutageLog).
            SuppressDiagnosticsCallback = c => Classify(c.Exception).Status != StatusCodes.Status500InternalServerError,
        });

    private static async Task WriteProblemAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var (status, title) = Classify(error);
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            // A failover takes seconds (docs/operations.md): tell clients when to come back instead of letting them spin.
            context.Response.Headers.RetryAfter = "5";
            OutageLog.Report(context.RequestServices.GetRequiredService<ILoggerFactory>(), error!);
        }
        var json = error as JsonException ?? error?.InnerException as JsonException;
        var detail = status is StatusCodes.Status500InternalServerError or StatusCodes.Status503ServiceUnavailable ? null : json?.Message ?? error?.Message;
        var extensions = new Dictionary<string, object?> { ["requestId"] = context.TraceIdentifier };
        if (json?.Path is { } path) extensions["path"] = path; // where in the body, e.g. "$.notez" for an unknown field
        await Results.Problem(detail: detail, statusCode: status, title: title, extensions: extensions).ExecuteAsync(context);
    }

    internal static (int Status, string Title) Classify(Exception? error) => error switch
    {
        BadHttpRequestException or JsonException or ArgumentException => (StatusCodes.Status400BadRequest, "The request is not valid."),
        NotFoundException => (StatusCodes.Status404NotFound, "Not found."),
        DomainException => (StatusCodes.Status409Conflict, "Refused."),
        PreconditionFailedException or WrongExpectedVersionException => (StatusCodes.Status412PreconditionFailed, "Stale version."),
        _ when DatabaseUnavailable(error) || DatabaseUnavailable(error?.InnerException) =>
            (StatusCodes.Status503ServiceUnavailable, "The database is unavailable; try again shortly."),
        _ => (StatusCodes.Status500InternalServerError, "An unexpected error occurred."),
    };

    /// <summary>
    /// The database cannot serve the request now, through no fault of the request: the connection failed or was
    /// cut (server down, killed, unreachable, pool timed out, no primary among the hosts), the server is shutting down or starting, out of
    /// connections or resources, or it is a standby (read-only) after a failover moved the primary.
    /// </summary>
    internal static bool DatabaseUnavailable(Exception? error) => error switch
    {
        PostgresException p => p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState.StartsWith("53", StringComparison.Ordinal)
                               || p.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
                                   or PostgresErrorCodes.ReadOnlySqlTransaction,
        // Npgsql's own errors (not the server's) are about reaching it: connecting, a cut connection, a timeout, the
        // pool, or a multi-host string finding no server that is primary at the moment ("No suitable host", during a
        // failover). Npgsql reports misuse with other exception types.
        NpgsqlException => true,
        _ => false,
    };
}

/// <summary>
/// Answers a stale If-Match with 412 and the current version as ETag. Done in a filter, not the exception handler:
/// the exception handler strips ETag headers from error responses.
/// </summary>
internal sealed class StaleVersionFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (PreconditionFailedException stale)
        {
            context.HttpContext.Response.Headers.ETag = Etags.Of(stale.Actual);
            return Results.Problem(detail: stale.Message, statusCode: StatusCodes.Status412PreconditionFailed, title: "Stale version.",
                extensions: new Dictionary<string, object?> { ["requestId"] = context.HttpContext.TraceIdentifier });
        }
    }
}
