using System.Diagnostics;

namespace Bench.Api;

/// <summary>The Host started by bench/run.sh: wait until it says it is ready, or stop early if it died.</summary>
public static class HostProcess
{
    public static async Task WaitReadyAsync(HttpClient http, int pid, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        string last = "no answer";
        while (clock.Elapsed < timeout)
        {
            if (pid > 0 && !Directory.Exists($"/proc/{pid}"))
                throw new InvalidOperationException($"the Host (pid {pid}) exited before it was ready; see its log ({Environment.GetEnvironmentVariable("BENCH_HOST_LOG") ?? "?"})");
            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    Console.WriteLine($"  .. Host ready after {clock.Elapsed.TotalSeconds:F1} s");
                    return;
                }
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"the Host was not ready within {timeout.TotalSeconds:F0} s: {last}");
    }
}
