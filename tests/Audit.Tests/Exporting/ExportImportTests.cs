using Audit.Tests.Infrastructure;

namespace Audit.Tests.Exporting;

/// <summary><c>export</c> then <c>import</c> into an empty store preserves everything and re-verifies.</summary>
public sealed class ExportImportTests : AuditTest
{
    [Fact]
    public async Task A_round_trip_preserves_ids_versions_times_metadata_and_hashes_and_verifies()
    {
        var (site, _) = await SeedAsync();
        await SeedLongSiteAsync();
        await Store.TombstoneStreamAsync(site);
        var target = NewSchema("import");
        var first = Temp();
        var second = Temp();
        try
        {
            Assert.Equal(0, (await AuditAsync("export", "--output", first)).ExitCode);
            var import = await AuditProcessAsync("import", first, "--schema", target);
            Assert.Equal(0, import.ExitCode);
            Assert.Contains("imported 3 stream(s) and 72 event(s)", import.Out);
            NewStore(target); // dropped afterwards
            Assert.Equal(0, (await AuditAsync("verify", "--schema", target)).ExitCode);
            Assert.Equal(0, (await AuditAsync("export", "--output", second, "--schema", target)).ExitCode);

            // Identical but for the header's schema name: positions, ids, times, metadata, flags and hashes.
            Assert.Equal(File.ReadLines(first).Skip(1), File.ReadLines(second).Skip(1));
            // The store goes on from there: new appends get higher positions and continue the chains.
            await using var store = NewStore(target);
            var next = await store.AppendAsync(Domain.StreamIds.Site(Guid.NewGuid()), "site", EventStore.ExpectedVersion.NoStream,
                new Domain.Sites.SiteDecommissioned("x", "test", T0));
            Assert.True(next.Single.Events[0].Position > 72);
            Assert.Equal(0, (await AuditAsync("verify", "--schema", target)).ExitCode);
        }
        finally
        {
            File.Delete(first);
            File.Delete(second);
        }
    }

    [Fact]
    public async Task An_altered_export_is_refused_and_nothing_is_imported()
    {
        var (_, alarm) = await SeedAsync();
        var file = Temp();
        var target = NewSchema("import");
        NewStore(target);
        try
        {
            Assert.Equal(0, (await AuditAsync("export", "--stream", alarm, "--output", file)).ExitCode);
            await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("\"op-12\"", "\"op-13\"", StringComparison.Ordinal));

            var run = await AuditAsync("import", file, "--schema", target);

            Assert.Equal(1, run.ExitCode);
            Assert.Contains($"stream {alarm} version 2", run.Out);
            Assert.Equal(0L, await ScalarAsync<long>($"select count(*) from \"{target}\".events"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Import_refuses_a_store_that_is_not_empty()
    {
        await SeedAsync();
        var file = Temp();
        try
        {
            Assert.Equal(0, (await AuditAsync("export", "--output", file)).ExitCode);
            var run = await AuditAsync("import", file);
            Assert.Equal(2, run.ExitCode);
            Assert.Contains("not empty", run.Err);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Temp() => Path.Combine(Path.GetTempPath(), $"audit-{Guid.NewGuid():N}.jsonl");
}
