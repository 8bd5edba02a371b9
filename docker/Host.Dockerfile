# syntax=docker/dockerfile:1
# The Host (REST API, live feed, consumers, projection daemon, outbox relay). Build from the repository root:
#   docker build -f docker/Host.Dockerfile -t alarm-monitoring/host .
# One image for every deployment: configured only by environment variables and secret files (*_FILE), see
# docs/operations.md. Nothing secret is baked in.
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
# Project files first: the restore layer is reused until a project or a package version changes.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Domain/Domain.csproj src/Domain/
COPY src/EventStore/EventStore.csproj src/EventStore/
COPY src/Messaging/Messaging.csproj src/Messaging/
COPY src/Projections/Projections.csproj src/Projections/
COPY src/Contracts/Contracts.csproj src/Contracts/
COPY src/Host/Host.csproj src/Host/
RUN dotnet restore src/Host/Host.csproj
COPY src/ src/
RUN dotnet publish src/Host/Host.csproj -c Release --no-restore -o /app /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
# Daily summary reports are written here when Reports__Daily__Directory points at it (mount a volume).
RUN mkdir -p /var/lib/alarm-monitoring/reports && chown "$APP_UID" /var/lib/alarm-monitoring/reports
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_RUNNING_IN_CONTAINER=true \
    DOTNET_gcServer=1
EXPOSE 8080
# The runtime image's unprivileged user (uid 1654), never root.
USER $APP_UID
# No curl in the runtime image: bash's /dev/tcp asks /health/ready (PostgreSQL, broker, daemon) directly.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && read -r status <&3 && [[ $status == *' 200 '* ]]"]
ENTRYPOINT ["dotnet", "Host.dll"]
