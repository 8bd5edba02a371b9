using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;

namespace Host.Infrastructure;

/// <summary>
/// Request bodies are read strictly: a property the request type does not have is a 400 naming it, not silently
/// dropped (a misspelt "notes" would otherwise register a site without its notes).
/// </summary>
internal static class StrictJson
{
    public static IServiceCollection AddStrictJsonBodies(this IServiceCollection services)
    {
        services.Configure<JsonOptions>(o => o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow);
        // Minimal APIs answer a body that does not bind with a bare 400 outside Development; throwing instead lets
        // ErrorHandling answer with ProblemDetails that say what is wrong, in every environment.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }
}
