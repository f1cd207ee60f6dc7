#!/usr/bin/env bash
# The README's "Regions, reservations, transfers and live updates" walkthrough, against a running embedded silo
# (started by .ci/smoke-embedded.sh after the seed scenario: SKU123 at warehouse_A has 5 available).
set -euo pipefail
base=${BASE:-http://localhost:5080}
: "${TOKEN:?set TOKEN to a bearer token (smoke-embedded.sh exports the development admin token the silo printed)}"
json=(-H 'Content-Type: application/json')
auth=(-H "Authorization: Bearer $TOKEN")
fail() { echo "smoke-capabilities: $*" >&2; exit 1; }
expect() { grep -q -- "$2" <<<"$3" || fail "$1: expected $2 in $3"; }
poll() { # poll WHAT URL PATTERN: GET until the body contains PATTERN (10 s)
  local body=""
  for _ in $(seq 1 40); do body=$(curl -sf "${auth[@]}" "$2" || true); grep -q -- "$3" <<<"$body" && return 0; sleep 0.25; done
  fail "$1: expected $3 from $2, last answer: $body"
}
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
in_an_hour=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)

# Warehouses: seeded from configuration, changed at run time.
expect "seeded warehouses" '"warehouse_id":"warehouse_C"' "$(curl -sf "${auth[@]}" "$base/api/warehouses")"
expect "register a warehouse" '"region_id":"region_south"' \
  "$(curl -sf "${auth[@]}" -X PUT "$base/api/warehouses/warehouse_D" "${json[@]}" -d '{"region_id":"region_south","name":"Warehouse D"}')"

# A threshold for SKU123 in region_north, then the regional view.
curl -sf "${auth[@]}" -X PUT "$base/api/regions/region_north/thresholds/SKU123" "${json[@]}" -d '{"low_stock_threshold":4,"recovery_level":8}' >/dev/null
poll "region totals" "$base/api/regions/region_north/stock/SKU123" '"available_quantity":5'

# Reservations: hold 2, commit them; available 5 -> 3 crosses the threshold of 4: one low_stock alert.
expect "reserve" '"state":"active"' \
  "$(curl -sf "${auth[@]}" -X POST "$base/api/stock/warehouse_A/SKU123/reservations" "${json[@]}" -d '{"reservation_id":"order-1001","quantity":2,"ttl_seconds":900}')"
expect "commit" '"state":"committed"' "$(curl -sf "${auth[@]}" -X POST "$base/api/stock/warehouse_A/SKU123/reservations/order-1001/commit")"
expect "short reservation" '"status":409' \
  "$(curl -s "${auth[@]}" -X POST "$base/api/stock/warehouse_A/SKU123/reservations" "${json[@]}" -d '{"reservation_id":"order-1002","quantity":50}')"
poll "active alert" "$base/api/regions/region_north/alerts" '"type":"low_stock"'
poll "alert history" "$base/api/alerts?type=low_stock" '"product_id":"SKU123"'

# A transfer from warehouse_A (north) to warehouse_C (south): in transit, then received.
curl -sf "${auth[@]}" -X POST "$base/api/events" "${json[@]}" -d "{\"event\":\"transfer_shipped\",\"product_id\":\"SKU123\",\"location\":\"warehouse_A\",\"quantity\":1,\"timestamp\":\"$now\",\"reference\":\"TR-1\",\"destination\":\"warehouse_C\",\"expected_arrival\":\"$in_an_hour\"}" >/dev/null
poll "transfer in transit" "$base/api/transfers/TR-1" '"status":"in_transit"'
poll "in transit to the south" "$base/api/regions/region_south/stock/SKU123" '"in_transit_quantity":1'
curl -sf "${auth[@]}" -X POST "$base/api/events" "${json[@]}" -d "{\"event\":\"transfer_received\",\"product_id\":\"SKU123\",\"location\":\"warehouse_C\",\"quantity\":1,\"timestamp\":\"$now\",\"reference\":\"TR-1\"}" >/dev/null
poll "transfer received" "$base/api/transfers/TR-1" '"status":"received"'

# Time travel: before the removal, SKU123 at warehouse_A had 10.
expect "as_of" '"available_quantity":10' "$(curl -sf "${auth[@]}" "$base/api/stock/warehouse_A/SKU123?as_of=2026-02-16T09:30:00Z")"

# Live push: a stock change for SKU123 arrives on the SSE stream.
sse=$(mktemp)
curl -sN --max-time 8 "$base/api/stream?product_id=SKU123&access_token=$TOKEN" >"$sse" 2>/dev/null &
sse_pid=$!
sleep 1
curl -sf "${auth[@]}" -X POST "$base/api/events" "${json[@]}" -d "{\"event\":\"item_added\",\"product_id\":\"SKU123\",\"location\":\"warehouse_A\",\"quantity\":3,\"timestamp\":\"$now\"}" >/dev/null
for _ in $(seq 1 40); do grep -q "event: stock_changed" "$sse" && break; sleep 0.2; done
kill "$sse_pid" 2>/dev/null || true
grep -q "event: stock_changed" "$sse" || fail "live push: no stock_changed event in: $(cat "$sse")"
rm -f "$sse"

# Webhooks: register one for low_stock alerts (its deliveries are listed per webhook); a loopback, private or
# metadata address is refused (Inventory:Webhooks:AllowPrivateAddresses is false).
hook=$(curl -sf "${auth[@]}" -X POST "$base/api/webhooks" "${json[@]}" -d '{"url":"https://hooks.example.com/inventory","notification_types":["low_stock"],"secret":"a-long-shared-secret-value"}')
expect "webhook" '"notification_types":\["low_stock"\]' "$hook"
expect "webhook listed" 'https://hooks.example.com/inventory' "$(curl -sf "${auth[@]}" "$base/api/webhooks")"
expect "webhook to loopback refused" '"status":400' \
  "$(curl -s "${auth[@]}" -X POST "$base/api/webhooks" "${json[@]}" -d '{"url":"http://127.0.0.1:9/hook","secret":"a-long-shared-secret-value"}')"

# Without a token, or with a forged one, the API answers 401.
expect "no token" '401' "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/stock/warehouse_A/SKU123")"
expect "forged token" '401' "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer ${TOKEN}x" "$base/api/stock/warehouse_A/SKU123")"

# Dead letters: an event for an unknown warehouse, then its replay after registering the warehouse.
curl -sf "${auth[@]}" -X POST "$base/api/events" "${json[@]}" -d "{\"event\":\"item_added\",\"product_id\":\"SKU9\",\"location\":\"warehouse_Z\",\"quantity\":2,\"timestamp\":\"$now\",\"event_id\":\"late-wh-1\"}" >/dev/null
expect "unknown warehouse" '"code":"unknown_warehouse"' "$(curl -sf "${auth[@]}" "$base/api/dead-letters?limit=5")"
curl -sf "${auth[@]}" -X PUT "$base/api/warehouses/warehouse_Z" "${json[@]}" -d '{"region_id":"region_south","name":"Warehouse Z"}' >/dev/null
for _ in $(seq 1 20); do
  replay=$(curl -sf "${auth[@]}" -X POST "$base/api/dead-letters/replay?warehouse_id=warehouse_Z")
  grep -q '"applied":1' <<<"$replay" && break
  sleep 0.5
done
expect "replay" '"applied":1' "$replay"
expect "replayed stock" '"available_quantity":2' "$(curl -sf "${auth[@]}" "$base/api/stock/warehouse_Z/SKU9")"

echo "smoke: regions, alerts, reservations, transfers, time travel, live push, webhooks and replay answer over HTTP"
