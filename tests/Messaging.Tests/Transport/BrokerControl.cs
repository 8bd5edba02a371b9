using System.Diagnostics;
using RabbitMQ.Client;

namespace Messaging.Tests.Transport;

/// <summary>Stops and starts the RabbitMQ application on the private test node, to simulate an outage.</summary>
internal static class BrokerControl
{
    public static Task StopAppAsync() => RunCtlAsync("stop_app");

    public static Task StartAppAsync() => RunCtlAsync("start_app");

    /// <summary>Polls with fresh connections until the broker accepts one again.</summary>
    public static Task WaitUntilReachableAsync(TimeSpan timeout) =>
        Eventually.TrueAsync(async () =>
        {
            try
            {
                var factory = new ConnectionFactory { Uri = new Uri(RabbitMqTestEnvironment.Uri), AutomaticRecoveryEnabled = false };
                await using var connection = await factory.CreateConnectionAsync();
                return connection.IsOpen;
            }
            catch (Exception)
            {
                return false;
            }
        }, timeout, "the broker to accept connections again");

    private static async Task RunCtlAsync(string command)
    {
        var start = new ProcessStartInfo(RabbitMqTestEnvironment.RabbitMqCtl, command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run {start.FileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"rabbitmqctl {command} exited with {process.ExitCode}: {await stdout}{await stderr}");
    }
}
