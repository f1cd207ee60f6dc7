#!/usr/bin/env bash
# Starts the local durable stack (DOTNET_ENVIRONMENT=Local, appsettings.Local.json):
#   Azurite            Table 127.0.0.1:10002 (also Blob 10000, Queue 10001), data in .azurite/
#   Event Hubs emulator 127.0.0.1:5672, its own process, partition logs in .data/eventhubs/
#   N silos            (default 2) one cluster through Azure Table clustering; silo i listens on
#                      silo port 11111+i, gateway 30000+i, HTTPS API https://127.0.0.1:(5080+i)
#   TLS                silo and gateway ports take mutual TLS only, the API HTTPS only (Inventory:Tls), with the
#                      development certificates of .data/certs/, made first by scripts/dev-certs.sh if missing
# waits until every silo is ready, prints where everything listens, and stops everything on Ctrl+C.
# Usage: scripts/local-stack.sh [silo count]        Logs: .data/logs/
#        LOCAL_STACK_CONFIGURATION=Release scripts/local-stack.sh   builds and runs Release (the benchmarks do)
#        LOCAL_STACK_AZURITE_IN_MEMORY=1 scripts/local-stack.sh     Azurite keeps its data in memory only (faster for long
#                                                                   runs; gone when Azurite stops)
#        LOCAL_STACK_AZURITE_TABLE_PORT=20002 scripts/local-stack.sh Azurite on other ports (table 20002, queue 20001, blob
#                                                                   20000) when 10002 belongs to someone else's tests; the
#                                                                   silos get matching connection strings
#        LOCAL_STACK_TLS=0 scripts/local-stack.sh  plain TCP and HTTP (the load tests: their clients have no
#                                                  certificate yet)
# A silo that exits is started again on its ports (pids in .data/pids/).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
silos=${1:-2}
configuration=${LOCAL_STACK_CONFIGURATION:-Debug}
logs="$root/.data/logs"
pids_dir="$root/.data/pids"
mkdir -p "$logs" "$root/.data/eventhubs" "$root/.azurite" "$pids_dir"

tls=${LOCAL_STACK_TLS:-1}
for tool in dotnet node npm curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "local-stack: missing dependency: $tool" >&2; exit 1; }
done

table_port=${LOCAL_STACK_AZURITE_TABLE_PORT:-10002}
if [ "$table_port" != 10002 ]; then
  # The well-known development account on other ports; every storage setting of appsettings.Local.json points there.
  storage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$((table_port - 2))/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$((table_port - 1))/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;"
  export Orleans__Clustering__ConnectionString=$storage Orleans__GrainStorage__inventory__ConnectionString=$storage \
    Orleans__GrainStorage__PubSubStore__ConnectionString=$storage Orleans__Reminders__ConnectionString=$storage \
    Inventory__Tables__ConnectionString=$storage Inventory__DeviceStreams__Checkpoint__ConnectionString=$storage
fi

certs="$root/.data/certs"
if [ "$tls" = 1 ]; then
  scripts/dev-certs.sh "$certs"
  scheme=https
  # Absolute paths, so the silos find them whatever their working directory.
  export Inventory__Tls__Certificate__Path="$certs/silo.pem" Inventory__Tls__Certificate__KeyPath="$certs/silo.key" \
    Inventory__Tls__CertificateAuthorityPath="$certs/ca.pem" \
    Inventory__Tls__Api__Certificate__Path="$certs/api.pem" Inventory__Tls__Api__Certificate__KeyPath="$certs/api.key"
  probe=(curl -sf --cacert "$certs/ca.pem")
else
  scheme=http
  export Inventory__Tls__Enabled=false
  probe=(curl -sf)
fi

pids=()       # Azurite (if started here) and the emulator
silo_pids=()
halt() { # pids...: SIGTERM, then wait up to 30 s each. SIGTERM, because background jobs of a non-interactive shell
         # ignore SIGINT; the .NET hosts and Azurite stop cleanly on it.
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "$@"; do
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
stop() {
  trap - INT TERM EXIT
  echo "local-stack: stopping"
  # Silos first, while storage still answers (they leave the membership table cleanly), then the emulator, Azurite.
  halt "${silo_pids[@]}"
  for (( i=${#pids[@]}-1; i>=0; i-- )); do halt "${pids[$i]}"; done
  echo "local-stack: stopped"
  exit 0
}
trap stop INT TERM EXIT

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_for() { # what, pid, probe command...
  local what=$1 pid=$2; shift 2
  for _ in $(seq 1 240); do
    if "$@"; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then echo "local-stack: $what exited; see its log in $logs" >&2; exit 1; fi
    sleep 0.5
  done
  echo "local-stack: $what was not ready within 120 s; see $logs" >&2
  exit 1
}

echo "local-stack: building the silo and the Event Hubs emulator ($configuration)"
dotnet build src/Orleans.Inventory.Silo -c "$configuration" -v quiet -nologo >"$logs/build.log" 2>&1 || { cat "$logs/build.log" >&2; exit 1; }
silo_dll=src/Orleans.Inventory.Silo/bin/$configuration/net10.0/Orleans.Inventory.Silo.dll
emulator_dll=src/Orleans.Inventory.EventHubsEmulator/bin/$configuration/net10.0/Orleans.Inventory.EventHubsEmulator.dll

if answers "$table_port"; then
  echo "local-stack: something already answers on 127.0.0.1:$table_port; using it as Azurite"
else
  [ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund
  # LOCAL_STACK_AZURITE_IN_MEMORY=1 keeps Azurite's data in memory only: no rewriting of its one JSON file as the data
  # grows (faster for long runs), but the data is gone when Azurite stops. Silo kills lose nothing either way.
  azurite_data=(--location "$root/.azurite")
  [ "${LOCAL_STACK_AZURITE_IN_MEMORY:-0}" = 1 ] && azurite_data=(--inMemoryPersistence)
  node_modules/.bin/azurite --silent --disableTelemetry "${azurite_data[@]}" --skipApiVersionCheck \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    --tablePort "$table_port" --queuePort "$((table_port - 1))" --blobPort "$((table_port - 2))" >"$logs/azurite.log" 2>&1 &
  pids+=($!)
  wait_for Azurite "$!" answers "$table_port"
fi

DOTNET_ENVIRONMENT=Local EventHubsEmulator__DataDirectory="$root/.data/eventhubs" \
  dotnet "$emulator_dll" >"$logs/eventhubs.log" 2>&1 &
pids+=($!)
wait_for "the Event Hubs emulator" "$!" answers 5672

start_silo() { # index: one silo process on its own ports; its pid goes to silo_pids[index] and .data/pids/silo-index.pid
  local i=$1 http=$((5080 + $1)) silo_port=$((11111 + $1)) gateway=$((30000 + $1))
  DOTNET_ENVIRONMENT=Local \
  Orleans__Endpoints__SiloPort=$silo_port Orleans__Endpoints__GatewayPort=$gateway \
  Orleans__Endpoints__SiloListeningEndpoint=127.0.0.1:$silo_port \
  Orleans__Endpoints__GatewayListeningEndpoint=127.0.0.1:$gateway \
    dotnet "$silo_dll" --urls "$scheme://127.0.0.1:$http" >>"$logs/silo-$i.log" 2>&1 &
  silo_pids[$i]=$!
  echo "$!" >"$pids_dir/silo-$i.pid"
}
for (( i=0; i<silos; i++ )); do
  : >"$logs/silo-$i.log"
  start_silo "$i"
done
for (( i=0; i<silos; i++ )); do
  wait_for "silo $i" "${silo_pids[$i]}" "${probe[@]}" "$scheme://127.0.0.1:$((5080 + i))/health/ready" -o /dev/null
done

echo
echo "local-stack: ready (Ctrl+C stops everything)"
echo "  Azurite         Table http://127.0.0.1:$table_port  (${storage:+the development account on these ports, }UseDevelopmentStorage=true on 10002; data in .azurite/)"
echo "  Event Hubs      127.0.0.1:5672  Endpoint=sb://127.0.0.1:5672;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true  (log in .data/eventhubs/; devices send with the Send-only key devices, the silos read with the Listen-only key silo: docs/security.md)"
for (( i=0; i<silos; i++ )); do
  echo "  silo $i          API $scheme://127.0.0.1:$((5080 + i))  silo 127.0.0.1:$((11111 + i))  gateway 127.0.0.1:$((30000 + i))  pid in .data/pids/silo-$i.pid"
done
if [ "$tls" = 1 ]; then
  echo "  TLS             mutual TLS on silo and gateway ports, HTTPS API; CA $certs/ca.pem (curl --cacert it),"
  echo "                  gateway clients present $certs/client.pem + client.key (Inventory:Tls, docs/security.md)"
else
  echo "  TLS             off (LOCAL_STACK_TLS=0): plain TCP and HTTP"
fi
echo "  logs            $logs"
echo "  A silo that dies (try: kill -9 \$(cat .data/pids/silo-1.pid)) is started again on its ports, as an orchestrator would."

# Supervise: restart any silo that exits until Ctrl+C. Its partitions move to the others meanwhile; the new
# process joins with a new generation and the cluster rebalances the partitions again.
while true; do
  wait -n || true
  for (( i=0; i<silos; i++ )); do
    if ! kill -0 "${silo_pids[$i]}" 2>/dev/null; then
      wait "${silo_pids[$i]}" 2>/dev/null && code=0 || code=$?
      echo "local-stack: silo $i exited (code $code); starting it again"
      start_silo "$i"
    fi
  done
done
