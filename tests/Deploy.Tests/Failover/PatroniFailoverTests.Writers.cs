using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Deploy.Tests.Failover;

/// <summary>The load: commands sent through the API without pause, each answer recorded on the test's clock.</summary>
public sealed partial class PatroniFailoverTests
{
    private sealed record Ack(string Id, TimeSpan SentAt, TimeSpan AnsweredAt);

    private sealed record Failure(string Command, TimeSpan SentAt, string What);

    /// <summary>A request to send, the answer that acknowledges it, and its id when the client chose it (else the answer's <c>id</c>).</summary>
    private sealed record Command(string Name, HttpRequestMessage Request, HttpStatusCode Success, string? Id);

    private static readonly object Site = new
    {
        name = "Warehouse North",
        address = new { street = "Polna 1", postalCode = "00-001", city = "Warszawa", country = "PL" },
        contacts = new[] { new { callOrder = 1, name = "Jan", phone = "+48 600 000 001" } },
    };

    private static Command RegisterSite(int _) =>
        new("register site", new(HttpMethod.Post, "/api/sites") { Content = JsonContent.Create(Site) }, HttpStatusCode.Created, null);

    /// <summary>
    /// Arm and disarm in turn: each request accepted is one event and, in the same transaction, one outbox message to
    /// the ingest. The request id is the client's, so it is known even for a request whose answer was lost.
    /// </summary>
    private static Command RequestControl(string panelId, int n)
    {
        var requestId = Guid.CreateVersion7().ToString();
        object body = n % 2 == 0
            ? new { action = "Arm", mode = "Full", partitions = new[] { 1 }, requestId }
            : new { action = "Disarm", partitions = new[] { 1 }, requestId };
        return new("control panel", new(HttpMethod.Post, $"/api/panels/{panelId}/control") { Content = JsonContent.Create(body) }, HttpStatusCode.Accepted, requestId);
    }

    private static async Task WriteAsync(HttpClient client, Func<int, Command> next, Stopwatch clock, ConcurrentQueue<Ack> acks, ConcurrentQueue<Failure> failures, CancellationToken ct)
    {
        for (var n = 0; !ct.IsCancellationRequested; n++)
        {
            var command = next(n);
            var sentAt = clock.Elapsed;
            try
            {
                using var response = await client.SendAsync(command.Request, CancellationToken.None);
                if (response.StatusCode == command.Success)
                {
                    var id = command.Id ?? (await response.Content.ReadFromJsonAsync<JsonElement>(CancellationToken.None)).GetProperty("id").GetString()!;
                    acks.Enqueue(new Ack(id, sentAt, clock.Elapsed));
                    continue;
                }
                failures.Enqueue(new Failure(command.Name, sentAt, $"HTTP {(int)response.StatusCode}{(response.Headers.RetryAfter is null ? "" : ", Retry-After")}"));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or NpgsqlException or InvalidOperationException)
            {
                // TestServer rethrows the Host's unhandled exceptions to the client.
                failures.Enqueue(new Failure(command.Name, sentAt, e.GetType().Name + ": " + e.Message.Split('\n')[0]));
            }
            finally
            {
                command.Request.Dispose();
            }
            // Back off a little while the API fails, so the outage is not a tight loop of errors.
            try { await Task.Delay(100, ct); } catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>A writer ends only when told to: one that ended early rethrows what stopped it.</summary>
    private static async Task ThrowIfAnyStoppedAsync(Task[] writers)
    {
        foreach (var writer in writers.Where(w => w.IsCompleted)) await writer;
        Assert.DoesNotContain(writers, w => w.IsCompleted);
    }
}
