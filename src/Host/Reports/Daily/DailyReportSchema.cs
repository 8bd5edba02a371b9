using EventStore;
using EventStore.Schema;

namespace Host.Reports.Daily;

/// <summary>
/// The scheduled reports' bookkeeping, in the store's schema on the primary (module "reports" in schema_versions):
/// one row per report, tenant and day, claimed by the host that writes it. The primary key is what makes a report
/// written once however many hosts run the scheduler.
/// </summary>
internal static class DailyReportSchema
{
    public const string Module = "reports";

    internal static readonly IReadOnlyList<Migrations.Step> Steps =
    [
        new(1, "report runs: who wrote (or is writing) which scheduled report", """
            create table {schema}.report_runs (
                report      text not null,        -- e.g. 'daily_summary'
                tenant      text not null,
                day         date not null,        -- the UTC day reported on
                state       text not null check (state in ('started', 'done')),
                started_at  timestamptz not null, -- of the current claim; a 'started' run older than the take-over age crashed
                finished_at timestamptz,
                host        text not null,        -- the host holding (or that held) the claim
                attempts    int not null default 1, -- more than 1: taken over from a host that crashed half-way
                primary key (report, tenant, day)
            );
            """),
    ];

    public static Task MigrateAsync(PostgresEventStore store, CancellationToken ct) =>
        SchemaMigrator.MigrateAsync(store.DataSource, store.Options.Schema, Module, Steps, ct);
}
