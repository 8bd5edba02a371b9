using Microsoft.Extensions.Hosting;
using PanelIngest.Hosting;
using PanelIngest.Secrets;

// `PanelIngest secrets set --panel …` stores a panel's secrets and exits; anything else runs the ingest.
if (args is ["secrets", .. var verb])
    return await SecretsCommand.RunAsync(verb, Console.In, Console.Out, Console.Error);

await IngestApplication.CreateBuilder(args).Build().RunAsync();
return 0;
