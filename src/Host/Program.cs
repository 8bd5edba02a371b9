using Host.Alarms;
using Host.Audit;
using Host.Health;
using Host.Infrastructure;
using Host.Infrastructure.Replica;
using Host.LiveFeed;
using Host.Messaging;
using Host.Metrics;
using Host.Panels;
using Host.Projections;
using Host.Reports;
using Host.Reports.Daily;
using Host.Sites;

var builder = WebApplication.CreateBuilder(args);
builder.AddStructuredLogging();
builder.Services.AddEventStoreModule(builder.Configuration);
builder.Services.AddMessagingModule(builder.Configuration);
builder.Services.AddProblemDetails();
builder.Services.AddStrictJsonBodies();
builder.Services.AddEndpointsApiExplorer();
builder.Services.AddSwaggerGen();
builder.Services.AddAuthModule(builder.Configuration);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<CommandExecutor>();
builder.Services.AddReportDatabase(builder.Configuration);
builder.Services.AddDailyReports(builder.Configuration);
builder.Services.AddMetricsModule();
builder.Services.AddWriteRateLimiting(builder.Configuration);
builder.Services.AddLiveFeed(builder.Configuration);

var app = builder.Build();
app.UseRequestIds();
app.UseSwagger();
app.UseSwaggerUI();
app.UseProblemDetailsForErrors();
app.UseAuthentication();
app.UseRequestLogContext();
app.UseRateLimiter();
app.UseAuthorization();
app.MapHealthEndpoints();
app.MapProjectionStatusEndpoint();
app.MapOutboxStatusEndpoint();
app.MapMetricsEndpoint();
app.MapSiteEndpoints();
app.MapPanelEndpoints();
app.MapAlarmEndpoints();
app.MapAuditEndpoints();
app.MapLiveFeed();
app.MapReportEndpoints();
app.MapGet("/", () => Results.Redirect("/health/ready"));

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
