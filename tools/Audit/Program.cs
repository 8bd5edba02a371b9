// The audit tool's command line (docs/audit.md). Exit codes: 0 ok, 1 a finding, 2 usage or connection error.
using Audit;

return await AuditCli.RunAsync(args, Console.Out, Console.Error);
