#!/usr/bin/env bash
# Runs the README's run command and checks the seed scenario end to end over HTTP:
# item_added 10, then the seed's item_removed 5 -> available 5; the same event again -> duplicate.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
base=http://localhost:5080

dotnet build src/Orleans.Inventory.Silo -v quiet -nologo >/dev/null
# Job control gives the silo its own process group that does not ignore SIGINT, so `kill -INT -PGID` is what
# Ctrl+C in a terminal does to the foreground job.
set -m
dotnet run --no-build --project src/Orleans.Inventory.Silo >"$log" 2>&1 &
pid=$!
set +m
cleanup() { kill -KILL -- "-$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"; }
trap cleanup EXIT

for _ in $(seq 1 120); do
  if curl -sf "$base/health/ready" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "smoke: the silo exited early:" >&2; cat "$log" >&2; exit 1; fi
  sleep 0.5
done
curl -sf "$base/health/ready" >/dev/null || { echo "smoke: never became ready" >&2; cat "$log" >&2; exit 1; }
# The development admin token the silo prints on start (the README's TOKEN=...); every /api call sends it.
for _ in $(seq 1 20); do grep -q 'DEV_TOKEN=' "$log" && break; sleep 0.25; done
TOKEN=$(grep -o 'DEV_TOKEN=[A-Za-z0-9._-]*' "$log" | head -1 | cut -d= -f2)
[ -n "$TOKEN" ] || { echo "smoke: the silo printed no development token" >&2; cat "$log" >&2; exit 1; }
export TOKEN
auth=(-H "Authorization: Bearer $TOKEN")

post() { curl -sf "${auth[@]}" -X POST "$base/api/events" -H 'Content-Type: application/json' -d "$1"; }
post '{"event":"item_added","product_id":"SKU123","location":"warehouse_A","quantity":10,"timestamp":"2026-02-16T09:00:00Z"}' >/dev/null
first=$(post '{"event":"item_removed","product_id":"SKU123","location":"warehouse_A","quantity":5,"timestamp":"2026-02-16T10:00:00Z"}')
again=$(post '{"event":"item_removed","product_id":"SKU123","location":"warehouse_A","quantity":5,"timestamp":"2026-02-16T10:00:00Z"}')
stock=$(curl -sf "${auth[@]}" "$base/api/stock/warehouse_A/SKU123")
ledger=$(curl -sf "${auth[@]}" "$base/api/stock/warehouse_A/SKU123/ledger")

check() { if ! grep -q "$2" <<<"$3"; then echo "smoke: $1: expected $2 in $3" >&2; exit 1; fi; }
check "first send" '"outcome":"applied"' "$first"
check "second send" '"outcome":"duplicate"' "$again"
check "stock" '"available_quantity":5' "$stock"
check "no token" '401' "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/stock/warehouse_A/SKU123")"
check "ledger" '"outcome":"duplicate"' "$ledger"
check "dashboard" 'Operator console' "$(curl -sf "$base/")"
check "metrics" 'inventory_events_total' "$(curl -sf "$base/metrics")"
check "orleans dashboard" '<html' "$(curl -sf "$base/orleans/")"
grep -q "Now listening on: http://localhost:5080" "$log" || { echo "smoke: the host did not say where it listens" >&2; exit 1; }

bash .ci/smoke-capabilities.sh || { echo "smoke: silo log follows" >&2; tail -50 "$log" >&2; exit 1; }
bash .ci/smoke-devices.sh || { echo "smoke: silo log follows" >&2; tail -50 "$log" >&2; exit 1; }

kill -INT -- "-$pid"
for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$pid" 2>/dev/null; then echo "smoke: the silo did not stop within 30 s of Ctrl+C" >&2; cat "$log" >&2; exit 1; fi
wait "$pid" || { echo "smoke: the silo exited with an error on Ctrl+C" >&2; cat "$log" >&2; exit 1; }
trap - EXIT
rm -f "$log"
echo "smoke: embedded profile serves the seed scenario and stops cleanly"
