using System.Runtime.CompilerServices;
using Messaging.Transport;

namespace Messaging.Tests.Transport;

/// <summary>Where the test broker is: ES_RABBIT / ES_RABBITMQCTL as exported by <c>scripts/servers.sh env</c>.</summary>
internal static class RabbitMqTestEnvironment
{
    public static string Uri => Environment.GetEnvironmentVariable("ES_RABBIT") is { Length: > 0 } uri
        ? uri
        : "amqp://guest:guest@127.0.0.1:55672/";

    public static string RabbitMqCtl => Environment.GetEnvironmentVariable("ES_RABBITMQCTL") is { Length: > 0 } ctl
        ? ctl
        : Path.Combine(RepoRoot(), ".data", "rabbitmq", "rabbitmqctl");

    /// <summary>Options with short delays, so retries and recovery fit in a test run.</summary>
    public static RabbitMqOptions Options(string clientName) => new()
    {
        Uri = Uri,
        ClientName = clientName,
        ConsumerConcurrency = 4,
        MaxRetries = 3,
        InitialRetryDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryDelay = TimeSpan.FromMilliseconds(500),
        PublishConfirmTimeout = TimeSpan.FromSeconds(10),
        RecoveryInterval = TimeSpan.FromSeconds(1),
        StopTimeout = TimeSpan.FromSeconds(10),
    };

    // From this source file, not the binaries: tests may build into an artifacts path outside the repo.
    private static string RepoRoot([CallerFilePath] string sourceFile = "")
    {
        for (var dir = Path.GetDirectoryName(sourceFile); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "EventStore.sln")))
                return dir;
        }
        return Directory.GetCurrentDirectory();
    }
}
