# syntax=docker/dockerfile:1
# The audit CLI (tools/Audit: inspection, state as of a moment, tamper verification, export). A one-shot command,
# run against the store's database with the same settings as the Host, e.g.
#   docker run --rm -e ConnectionStrings__EventStore_FILE=/run/secrets/eventstore_cs … alarm-monitoring/audit verify
# Build from the repository root:
#   docker build -f docker/Audit.Dockerfile -t alarm-monitoring/audit .
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
# The audit tool may reference any library under src/: restore from the whole tree (the layer is small).
COPY src/ src/
COPY tools/Audit/ tools/Audit/
RUN dotnet restore tools/Audit/Audit.csproj
RUN dotnet publish tools/Audit/Audit.csproj -c Release --no-restore -o /app /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
WORKDIR /app
COPY --from=build /app ./
USER $APP_UID
# No HEALTHCHECK: a command that runs and exits, not a service.
ENTRYPOINT ["dotnet", "Audit.dll"]
CMD ["--help"]
