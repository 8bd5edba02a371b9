using Host.Health;
using Host.Infrastructure;
using Host.Projections;

var builder = WebApplication.CreateBuilder(args);
builder.AddStructuredLogging();
builder.Services.AddEventStoreModule(builder.Configuration);
builder.Services.AddProblemDetails();

var app = builder.Build();
app.MapHealthEndpoints();
app.MapProjectionStatusEndpoint();
app.MapGet("/", () => Results.Redirect("/health/ready"));

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
