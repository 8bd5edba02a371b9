#!/usr/bin/env bash
# Registers the simulated demo fleet with the running Host (sites and panels over its API, tenant "demo") and stores
# each panel's user code with PanelIngest's `secrets set` verb, so operators can arm and disarm them.
#   scripts/demo-fleet.sh <host url> <panels> <first port> <supervisor token> <PanelIngest.dll>
# Idempotent: the panel ids it registered are kept in .data/demo-fleet.txt and a panel the Host still knows is not
# registered again (the database outlives runs). The panels match the simulator's standard panel: INTEGRA 128,
# partitions 1–2, zones 1–8 spread over them in turn, user 1 with code 1111.
set -euo pipefail

URL=$1 COUNT=$2 BASE_PORT=$3 TOKEN=$4 INGEST_DLL=$5
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
STATE="$REPO/.data/demo-fleet.txt"
touch "$STATE"

auth=(-H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json")
id_of() { sed -n 's/.*"id":"\([^"]*\)".*/\1/p'; }

zones=""
for z in 1 2 3 4 5 6 7 8; do zones+="${zones:+,}{\"number\":$z,\"name\":\"Zone $z\",\"partition\":$(((z - 1) % 2 + 1))}"; done

registered=0
for ((i = 1; i <= COUNT; i++)); do
  known=$(awk -v i="$i" '$1 == i { print $2 }' "$STATE" | tail -n1)
  if [[ -n $known ]] && [[ $(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" "$URL/api/panels/$known") == 200 ]]; then continue; fi
  site=$(curl -sf "${auth[@]}" -X POST "$URL/api/sites" -d "{\"name\":\"Demo site $i\",
    \"address\":{\"street\":\"Demo street $i\",\"postalCode\":\"00-00$((i % 10))\",\"city\":\"Warszawa\",\"country\":\"PL\"},
    \"contacts\":[{\"callOrder\":1,\"name\":\"Owner $i\",\"phone\":\"+48 600 000 $(printf %03d "$i")\"}],\"notes\":\"Simulated\"}" | id_of)
  panel=$(curl -sf "${auth[@]}" -X POST "$URL/api/panels" -d "{\"siteId\":\"$site\",\"model\":\"Integra128\",
    \"host\":\"127.0.0.1\",\"port\":$((BASE_PORT + i - 1)),
    \"partitions\":[{\"number\":1,\"name\":\"Partition 1\"},{\"number\":2,\"name\":\"Partition 2\"}],
    \"zones\":[$zones],\"integrationKeyRef\":null}" | id_of)
  [[ -n $panel ]] || { echo "demo-fleet: ERROR: registering panel $i failed" >&2; exit 1; }
  echo "1111" | dotnet "$INGEST_DLL" secrets set --panel "$panel" --user-code-file - >/dev/null
  echo "$i $panel" >>"$STATE"
  registered=$((registered + 1))
done
echo "demo-fleet: $COUNT panels (tenant demo), $registered newly registered"
