namespace Host.Infrastructure.Replica;

internal static class ReportDatabaseModule
{
    /// <summary>
    /// <see cref="ReportDatabase"/> for the report endpoints and the report scheduler, on the replica of
    /// <c>ConnectionStrings:Reports</c> when configured (see <see cref="ReportReplicaOptions"/>), with its probe.
    /// </summary>
    public static IServiceCollection AddReportDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var options = ReportReplicaOptions.From(configuration);
        services.AddSingleton(options);
        services.AddSingleton<ReportDatabase>();
        if (options.ConnectionString is not null) services.AddHostedService<ReplicaMonitor>();
        return services;
    }
}
