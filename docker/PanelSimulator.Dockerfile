# syntax=docker/dockerfile:1
# The Satel module simulator, for development and demonstrations only (never in production). It listens on
# loopback only, so it shares PanelIngest's network namespace in docker/compose.dev.yml. Build from the repository root:
#   docker build -f docker/PanelSimulator.Dockerfile -t alarm-monitoring/panel-simulator .
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Domain/Domain.csproj src/Domain/
COPY src/EventStore/EventStore.csproj src/EventStore/
COPY src/Messaging/Messaging.csproj src/Messaging/
COPY src/Contracts/Contracts.csproj src/Contracts/
COPY src/PanelIngest/PanelIngest.csproj src/PanelIngest/
COPY tools/PanelSimulator/PanelSimulator.csproj tools/PanelSimulator/
RUN dotnet restore tools/PanelSimulator/PanelSimulator.csproj
COPY src/ src/
COPY tools/PanelSimulator/ tools/PanelSimulator/
RUN dotnet publish tools/PanelSimulator/PanelSimulator.csproj -c Release --no-restore -o /app /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
WORKDIR /app
COPY --from=build /app ./
USER $APP_UID
# No HEALTHCHECK: it speaks the Satel protocol over TCP, not HTTP.
ENTRYPOINT ["dotnet", "PanelSimulator.dll"]
CMD ["--panels", "20", "--base-port", "17094", "--scenario", "lively", "--rate", "0.02"]
