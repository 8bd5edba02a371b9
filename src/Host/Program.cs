using Host.Health;
using Host.Infrastructure;
using Host.Messaging;
using Host.Projections;

var builder = WebApplication.CreateBuilder(args);
builder.AddStructuredLogging();
builder.Services.AddEventStoreModule(builder.Configuration);
builder.Services.AddMessagingModule(builder.Configuration);
builder.Services.AddProblemDetails();

var app = builder.Build();
app.MapHealthEndpoints();
app.MapProjectionStatusEndpoint();
app.MapOutboxStatusEndpoint();
app.MapGet("/", () => Results.Redirect("/health/ready"));

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
