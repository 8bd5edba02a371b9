// Plain Stopwatch benchmark harness for the event store (no BenchmarkDotNet: these are end-to-end database
// measurements of seconds each, not micro-benchmarks).
//
//   dotnet run -c Release --project bench/Bench --artifacts-path <dir> -- store|messaging|api|ingest|projections [--quick] [--investigate]
//
// Normally started by bench/run.sh, which starts the local servers and exports ES_PG. The last line printed by
// every scenario is a machine-readable `RESULT key=value ...` line. `api` needs the Host that bench/run.sh starts;
// `ingest` the Host and the PanelIngest that it starts; `projections` the Host.
using Bench;

var args_ = args.ToList();
var quick = args_.Remove("--quick");
var investigate = args_.Remove("--investigate");
var only = args_.FirstOrDefault(a => a.StartsWith("--only=", StringComparison.Ordinal));
if (only is not null) args_.Remove(only);
var scenario = args_.FirstOrDefault() ?? "store";
if (args_.Count > 1 || scenario is not ("store" or "investigate" or "messaging" or "api" or "ingest" or "projections"))
{
    Console.Error.WriteLine("usage: Bench store [--quick] [--investigate] | Bench messaging [--quick] | Bench api [--quick] | Bench ingest [--quick] | Bench projections [--quick] (all three through bench/run.sh) | Bench investigate [--quick] [--only=daemon|stale|single|reset|phases]");
    return 2;
}

var connectionString = Environment.GetEnvironmentVariable("ES_PG");
if (string.IsNullOrWhiteSpace(connectionString))
{
    Console.Error.WriteLine("bench: ES_PG is not set (eval \"$(scripts/servers.sh env)\", or use bench/run.sh)");
    return 2;
}

if (scenario == "messaging")
{
    var rabbit = Environment.GetEnvironmentVariable("ES_RABBIT") ?? "amqp://guest:guest@127.0.0.1:55672/";
    Console.WriteLine(await MessagingScenario.RunAsync(connectionString, rabbit, quick));
    return 0;
}

if (scenario == "api")
{
    Console.WriteLine(await Bench.Api.ApiScenario.RunAsync(connectionString, quick));
    return 0;
}

if (scenario == "projections")
{
    Console.WriteLine(await Bench.Projections.ProjectionsScenario.RunAsync(connectionString, quick));
    return 0;
}

if (scenario == "ingest")
{
    Console.WriteLine(await Bench.Ingest.IngestScenario.RunAsync(connectionString, quick));
    return 0;
}

var sizes = quick ? Sizes.Quick : Sizes.Full;
await using var db = new BenchDb(connectionString);
await db.DropLeftoversAsync();
if (scenario == "investigate") return await Investigation.RunAsync(db, sizes, only?["--only=".Length..]);

var result = await StoreScenario.RunAsync(db, sizes);
if (investigate) await Investigation.RunAsync(db, sizes);
Console.WriteLine(result);
return 0;
