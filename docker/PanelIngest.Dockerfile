# syntax=docker/dockerfile:1
# PanelIngest (the panels' TCP connections, the event-log walk, the ingest's outbox relay, control). Build from the
# repository root:
#   docker build -f docker/PanelIngest.Dockerfile -t alarm-monitoring/panel-ingest .
# The same image runs the secrets verb: docker run … alarm-monitoring/panel-ingest secrets set --panel … --user-code-file -
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Domain/Domain.csproj src/Domain/
COPY src/EventStore/EventStore.csproj src/EventStore/
COPY src/Messaging/Messaging.csproj src/Messaging/
COPY src/Contracts/Contracts.csproj src/Contracts/
COPY src/PanelIngest/PanelIngest.csproj src/PanelIngest/
RUN dotnet restore src/PanelIngest/PanelIngest.csproj
COPY src/ src/
RUN dotnet publish src/PanelIngest/PanelIngest.csproj -c Release --no-restore -o /app /p:UseAppHost=false

# The ingest uses the Generic Host from the ASP.NET Core shared framework: the aspnet runtime image, not runtime.
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV DOTNET_RUNNING_IN_CONTAINER=true
USER $APP_UID
# No HEALTHCHECK: the ingest serves no HTTP endpoint (nor /metrics) yet. Its liveness is visible in the database
# (ingest_nodes heartbeats, ingest_leases) and a dead process is restarted by the restart policy.
ENTRYPOINT ["dotnet", "PanelIngest.dll"]
