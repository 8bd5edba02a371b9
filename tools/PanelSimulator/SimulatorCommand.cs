using System.CommandLine;
using Domain.Panels;

namespace PanelSimulator;

/// <summary>The command line: options → <see cref="FleetOptions"/> and fault settings → <see cref="FleetRun"/>.</summary>
internal static class SimulatorCommand
{
    public static RootCommand Create()
    {
        var panels = new Option<int>("--panels") { Description = "How many panels.", DefaultValueFactory = _ => 20 };
        var basePort = new Option<int>("--base-port") { Description = "Port of the first panel (0: free ports).", DefaultValueFactory = _ => 17094 };
        var addresses = new Option<bool>("--addresses") { Description = "One loopback address per panel (127.0.1.1, .2, …), all on --base-port." };
        var rate = new Option<double>("--rate") { Description = "Random events per second per panel." };
        var scenario = new Option<string?>("--scenario") { Description = "A built-in scenario (lively) or a scenario file." };
        var groundTruth = new Option<string?>("--ground-truth") { Description = "Append every generated event to this JSON-lines file." };
        var key = new Option<string?>("--key") { Description = "ETHM-1 Plus integration key: every panel encrypted." };
        var model = new Option<PanelModel>("--model") { Description = "INTEGRA type.", DefaultValueFactory = _ => PanelModel.Integra128 };
        var partitions = new Option<int>("--partitions") { Description = "Partitions per panel.", DefaultValueFactory = _ => 2 };
        var zones = new Option<int>("--zones") { Description = "Zones per panel.", DefaultValueFactory = _ => 8 };
        var capacity = new Option<int>("--log-capacity") { Description = "Event-log records per panel.", DefaultValueFactory = _ => PanelDefinition.DefaultLogCapacity };
        var seed = new Option<int>("--seed") { Description = "Seed for random traffic and faults.", DefaultValueFactory = _ => 1 };
        var idle = new Option<double>("--idle-timeout") { Description = "Seconds of client silence before the module disconnects.", DefaultValueFactory = _ => 25 };
        var pushEvents = new Option<bool>("--push-events") { Description = "Push a 0x8C frame for each new event, unasked (INT-GSM field behaviour)." };
        var delay = new Option<int>("--delay-ms") { Description = "Fault: delay before each answer." };
        var drop = new Option<double>("--drop") { Description = "Fault: probability an answer is dropped." };
        var corrupt = new Option<double>("--corrupt-crc") { Description = "Fault: probability a frame has a bad CRC." };
        var garbage = new Option<double>("--garbage") { Description = "Fault: probability of garbage bytes before a frame." };
        var reset = new Option<double>("--reset") { Description = "Fault: probability the connection is reset instead of answering." };
        var skew = new Option<double>("--clock-skew") { Description = "Fault: panel clock skew in seconds." };

        var root = new RootCommand("Simulated Satel INTEGRA panels behind ETHM-1 modules, speaking the integration protocol over TCP.")
        {
            panels, basePort, addresses, rate, scenario, groundTruth, key, model, partitions, zones, capacity, seed, idle,
            pushEvents, delay, drop, corrupt, garbage, reset, skew,
        };
        root.SetAction(async (result, ct) =>
        {
            var p = result.GetValue(partitions);
            var z = result.GetValue(zones);
            var k = result.GetValue(key);
            var m = result.GetValue(model);
            var c = result.GetValue(capacity);
            var options = new FleetOptions
            {
                Panels = result.GetValue(panels),
                Definition = i => PanelDefinition.Standard($"sim-{i + 1:D5}", m, p, z, k, c),
                Addressing = result.GetValue(addresses) ? FleetAddressing.Addresses : FleetAddressing.Ports,
                BasePort = result.GetValue(basePort),
                Scenario = result.GetValue(scenario) is { } s ? BuiltInScenarios.Resolve(s) : null,
                RandomEventsPerSecond = result.GetValue(rate),
                Seed = result.GetValue(seed),
                GroundTruthPath = result.GetValue(groundTruth),
                KeepGroundTruth = false,
                Server = new SimulatorOptions
                {
                    IdleTimeout = TimeSpan.FromSeconds(result.GetValue(idle)),
                    PushEventRecords = result.GetValue(pushEvents),
                    Seed = result.GetValue(seed),
                },
            };
            var faults = new FaultSettings
            {
                AnswerDelay = TimeSpan.FromMilliseconds(result.GetValue(delay)),
                DropAnswerProbability = result.GetValue(drop),
                CorruptCrcProbability = result.GetValue(corrupt),
                GarbageProbability = result.GetValue(garbage),
                ResetProbability = result.GetValue(reset),
                ClockSkew = TimeSpan.FromSeconds(result.GetValue(skew)),
            };
            return await FleetRun.RunAsync(options, faults, Console.Out, ct).ConfigureAwait(false);
        });
        return root;
    }
}
