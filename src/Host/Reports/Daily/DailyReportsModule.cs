namespace Host.Reports.Daily;

internal static class DailyReportsModule
{
    /// <summary>
    /// The daily summary report (<see cref="DailyReportOptions"/>); the scheduler runs only when
    /// <c>Reports:Daily:Directory</c> is configured.
    /// </summary>
    public static IServiceCollection AddDailyReports(this IServiceCollection services, IConfiguration configuration)
    {
        var options = DailyReportOptions.From(configuration);
        services.AddSingleton(options);
        services.AddSingleton<DailyReportRunner>();
        if (options.Directory is not null) services.AddHostedService<DailyReportScheduler>();
        return services;
    }
}
