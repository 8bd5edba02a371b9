using System.Diagnostics;
using System.Text.Json;
using EventStore;
using EventStore.Internal;
using Npgsql;
using NpgsqlTypes;

namespace Bench;

/// <summary>
/// Where a 1,000-event append (10 streams x 100, the COPY path) spends its time against the raw COPY reference:
/// preparing (serialise + content digest) alone, the whole append, and the reference with and without the hash column.
/// </summary>
public static class AppendPhases
{
    public static async Task RunAsync(BenchDb db, Sizes sizes)
    {
        Console.WriteLine("\n-- append phases (10 streams x 100 per tx)");
        var store = await db.NewStoreAsync("inv_phases");
        var copy = await db.NewCopyTableAsync("inv_phcopy");
        var copyHash = await db.NewCopyTableAsync("inv_phcopyh");
        try
        {
            var writer = new StoreWriter(store, sizes.Streams);
            var copyWriter = new CopyWriter(db, copy, sizes.Streams, withHash: false);
            var copyHashWriter = new CopyWriter(db, copyHash, sizes.Streams);
            await writer.WriteAsync(5_000, 10, 100);
            await copyWriter.WriteAsync(5_000, 10, 100);
            await copyHashWriter.WriteAsync(5_000, 10, 100);

            // Prepare alone (no I/O): what the client does before the first byte goes out.
            var appends = Enumerable.Range(0, 10).Select(s => new StreamAppend(BenchDb.StreamId(s), BenchDb.StreamType, ExpectedVersion.Any,
                Enumerable.Range(0, 100).Select(j => new NewEvent(BenchDb.Reading(s, j))).ToArray())).ToArray();
            for (var i = 0; i < 200; i++) PreparedAppend.Prepare(appends, store.Options); // warm: tiered JIT
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < 50; i++) PreparedAppend.Prepare(appends, store.Options);
            Console.WriteLine($"  prepare 1,000 events: {sw.Elapsed.TotalMilliseconds / 50:F2} ms per append");
            var small = Enumerable.Range(0, 16).Select(s => new[] { new StreamAppend(BenchDb.StreamId(s), BenchDb.StreamType, ExpectedVersion.Any,
                Enumerable.Range(0, 63).Select(j => new NewEvent(BenchDb.Reading(s, j))).ToArray()) }).ToArray();
            sw.Restart();
            for (var i = 0; i < 50; i++) foreach (var one in small) PreparedAppend.Prepare(one, store.Options);
            Console.WriteLine($"  prepare 16 x 63 events (sequential): {sw.Elapsed.TotalMilliseconds / 50 / 1008 * 1000:F2} ms per 1,000 events");
            sw.Restart();
            for (var i = 0; i < 50; i++)
                foreach (var ap in appends) foreach (var e in ap.Events) JsonSerializer.Serialize(e.Data, e.Data.GetType(), store.Options.Json);
            Console.WriteLine($"  serialise only 1,000 events: {sw.Elapsed.TotalMilliseconds / 50:F2} ms");

            var json = JsonSerializer.Serialize(BenchDb.Reading(1, 1), store.Options.Json);
            Console.WriteLine($"  sample data ({json.Length} chars): {json}");
            var sink = new ByteSink(1024);
            sw.Restart();
            for (var i = 0; i < 50_000; i++) { sink.Clear(); CanonicalJson.Write(json, sink); }
            Console.WriteLine($"  canonical JSON: {sw.Elapsed.TotalMilliseconds * 1000 / 50_000:F2} µs per event");
            sw.Restart();
            for (var i = 0; i < 50_000; i++) { using var d = JsonDocument.Parse(json); }
            Console.WriteLine($"  JsonDocument.Parse alone: {sw.Elapsed.TotalMilliseconds * 1000 / 50_000:F2} µs per event");
            sw.Restart();
            var id = Guid.CreateVersion7();
            for (var i = 0; i < 50_000; i++) EventHashChain.ContentDigest("s-1", id, "t", DateTime.UtcNow, json, null, null, null, null, null, null);
            Console.WriteLine($"  ContentDigest: {sw.Elapsed.TotalMilliseconds * 1000 / 50_000:F2} µs per event");
            sw.Restart();
            for (var i = 0; i < 50_000; i++) System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json));
            Console.WriteLine($"  SHA-256 of the JSON: {sw.Elapsed.TotalMilliseconds * 1000 / 50_000:F2} µs per event");

            {
                var ev = new NewEvent(BenchDb.Reading(3, 3));
                var opts = store.Options;
                const int N = 50_000;
                sw.Restart();
                for (var i = 0; i < N; i++) opts.Types.NameOf(ev.Data.GetType());
                Console.WriteLine($"  NameOf: {sw.Elapsed.TotalMilliseconds * 1000 / N:F2} µs");
                sw.Restart();
                string data = "";
                for (var i = 0; i < N; i++) data = JsonSerializer.Serialize(ev.Data, ev.Data.GetType(), opts.Json);
                Console.WriteLine($"  Serialize: {sw.Elapsed.TotalMilliseconds * 1000 / N:F2} µs");
                sw.Restart();
                for (var i = 0; i < N; i++) System.Text.Encoding.UTF8.GetByteCount(data);
                Console.WriteLine($"  GetByteCount: {sw.Elapsed.TotalMilliseconds * 1000 / N:F2} µs");
                sw.Restart();
                for (var i = 0; i < N; i++) Guid.CreateVersion7();
                Console.WriteLine($"  Guid.CreateVersion7: {sw.Elapsed.TotalMilliseconds * 1000 / N:F2} µs");
                sw.Restart();
                for (var i = 0; i < N; i++) Uuid7.NewGuid();
                Console.WriteLine($"  Uuid7.NewGuid (buffered randomness): {sw.Elapsed.TotalMilliseconds * 1000 / N:F2} µs");
                sw.Restart();
                for (var i = 0; i < N; i++) opts.Clock.GetUtcNow();
                Console.WriteLine($"  Clock: {sw.Elapsed.TotalMilliseconds * 1000 / N:F2} µs");
                var gid = Guid.CreateVersion7();
                var now = DateTime.UtcNow;
                sw.Restart();
                for (var i = 0; i < N; i++) EventHashChain.ContentDigest("meter-00003", gid, "reading", now, data, null, null, null, null, null, null);
                Console.WriteLine($"  ContentDigest (own data): {sw.Elapsed.TotalMilliseconds * 1000 / N:F2} µs");
                var one = new[] { new StreamAppend("meter-00003", BenchDb.StreamType, ExpectedVersion.Any, [ev]) };
                sw.Restart();
                for (var i = 0; i < N; i++) PreparedAppend.Prepare(one, opts);
                Console.WriteLine($"  Prepare of one event: {sw.Elapsed.TotalMilliseconds * 1000 / N:F2} µs");
                Console.WriteLine($"  GC: server={System.Runtime.GCSettings.IsServerGC}, gen0 collections so far {GC.CollectionCount(0)}");
            }

            double a = 0, c = 0, ch = 0;
            const int perRound = 20_000;
            for (var round = 0; round < 4; round++)
            {
                sw.Restart(); await writer.WriteAsync(perRound, 10, 100); a += sw.Elapsed.TotalSeconds;
                sw.Restart(); await copyWriter.WriteAsync(perRound, 10, 100); c += sw.Elapsed.TotalSeconds;
                sw.Restart(); await copyHashWriter.WriteAsync(perRound, 10, 100); ch += sw.Elapsed.TotalSeconds;
            }
            var n = 4.0 * perRound;
            Console.WriteLine($"  store append {n / a:N0} eps ({a * 1000 / (n / 1000):F2} ms/tx); COPY {n / c:N0} ({c * 1000 / (n / 1000):F2} ms/tx); COPY with hash column {n / ch:N0} ({ch * 1000 / (n / 1000):F2} ms/tx)");
            Console.WriteLine($"  ratio append/COPY {c / a:F2}; append/COPY-with-hash {ch / a:F2}");
        }
        finally
        {
            await store.DisposeAsync();
            await db.DropSchemaAsync(store.Options.Schema);
            await db.DropSchemaAsync(copy);
            await db.DropSchemaAsync(copyHash);
        }
    }
}
