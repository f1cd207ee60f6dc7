#!/usr/bin/env bash
# Devices to grains on the durable local profile, with a silo killed mid-stream, in one command:
#   1. starts scripts/local-stack.sh 2 (Azurite, the Event Hubs emulator as its own process, two silos), with Azurite's
#      data in memory (LOCAL_STACK_AZURITE_IN_MEMORY=1): what is killed here is a silo, not Azurite, and Azurite's
#      saving of its one growing JSON file would otherwise bound the run (set DEMO_AZURITE_ON_DISK=1 to keep it);
#   2. the device simulator sends EVENTS events (default 100000) at RATE events/s (default 400) with re-sent
#      duplicates, late timestamps and malformed messages mixed in;
#   3. a third of the way in, silo 1 gets SIGKILL (kill -9); local-stack starts it again on its ports;
#   4. verify checks every product at every warehouse through the API against the rule model, and the dead-letter
#      count against the malformed items sent; exit code 0 only with zero mismatches and the right count.
# Usage: scripts/device-demo.sh [events] [rate]     Sent file: .data/demo-sent.jsonl   Logs: .data/logs/
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
events=${1:-100000}
rate=${2:-400}
logs="$root/.data/logs"
sent="$root/.data/demo-sent.jsonl"
mkdir -p "$logs"

echo "device-demo: building the device simulator"
dotnet build src/Orleans.Inventory.Devices -v quiet -nologo >"$logs/devices-build.log" 2>&1 || { cat "$logs/devices-build.log" >&2; exit 1; }
devices() { dotnet src/Orleans.Inventory.Devices/bin/Debug/net10.0/Orleans.Inventory.Devices.dll "$@"; }

if (exec 3<>/dev/tcp/127.0.0.1/5080) 2>/dev/null; then
  echo "device-demo: something already serves 127.0.0.1:5080; stop it first (this demo starts its own stack)" >&2
  exit 1
fi
# The stack runs the local durable profile with TLS: the API is HTTPS with a certificate of the development CA that
# local-stack.sh makes into .data/certs/ (curl --cacert, verify --ca-certificate trust it).
ca="$root/.data/certs/ca.pem"
LOCAL_STACK_AZURITE_IN_MEMORY=$([ "${DEMO_AZURITE_ON_DISK:-0}" = 1 ] && echo 0 || echo 1) \
  scripts/local-stack.sh 2 >"$logs/local-stack.log" 2>&1 &
stack=$!
trap 'kill -TERM "$stack" 2>/dev/null || true; wait "$stack" 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  grep -q "local-stack: ready" "$logs/local-stack.log" && break
  kill -0 "$stack" 2>/dev/null || { cat "$logs/local-stack.log" >&2; exit 1; }
  sleep 0.5
done
grep -q "local-stack: ready" "$logs/local-stack.log" || { echo "device-demo: the stack was not ready in 5 minutes; see $logs" >&2; exit 1; }
echo "device-demo: stack ready (Azurite, emulator, silos on 5080 and 5081)"

# A development auditor token (signed with Inventory:Auth:DevelopmentSigningKey from appsettings.json); verify mints its own.
token=$(devices token --role auditor)
baseline=$(curl -sf --cacert "$ca" -H "Authorization: Bearer $token" "https://127.0.0.1:5080/api/dead-letters?limit=1" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
echo "device-demo: dead letters before the run: ${baseline:-0}"

devices simulate --events "$events" --rate "$rate" --seed 42 --out "$sent" &
simulator=$!
sleep $(( events / rate / 3 ))   # a third of the way in (a demo, not a test: the moment need not be exact)
victim=$(cat .data/pids/silo-1.pid)
echo "device-demo: kill -9 silo 1 (pid $victim) while events stream"
kill -KILL "$victim"
wait "$simulator"

for _ in $(seq 1 360); do
  curl -sf --cacert "$ca" https://127.0.0.1:5081/health/ready -o /dev/null && break
  sleep 0.5
done
echo "device-demo: silo 1 is back: $(grep -c 'starting it again' "$logs/local-stack.log") restart(s) by local-stack"

devices verify --sent "$sent" --api https://127.0.0.1:5080 --ca-certificate "$ca" --wait 30m --dead-letter-baseline "${baseline:-0}"
