#!/usr/bin/env bash
# The README's device walkthrough against the running embedded host (started by smoke-embedded.sh): the simulator
# publishes to the embedded Event Hubs emulator, the silo's device stream applies the events, verify checks every
# product through the API and the dead letters against the malformed items sent. Fewer events than the README's
# example, same commands.
set -euo pipefail
cd "$(dirname "$0")/.."
base=http://127.0.0.1:5080
sent=$(mktemp --suffix=.jsonl)
trap 'rm -f "$sent"' EXIT

dotnet build src/Orleans.Inventory.Devices -v quiet -nologo >/dev/null
baseline=$(curl -sf -H "Authorization: Bearer ${TOKEN:?set TOKEN to a bearer token}" "$base/api/dead-letters?limit=1" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
dotnet run --no-build --project src/Orleans.Inventory.Devices -- simulate --events 3000 --rate 2000 --seed 42 --out "$sent"
dotnet run --no-build --project src/Orleans.Inventory.Devices -- verify --sent "$sent" --api "$base" --wait 180s \
  --dead-letter-baseline "${baseline:-0}"
echo "smoke: devices -> Event Hubs -> device stream -> stock grains verified"
