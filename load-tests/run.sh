#!/usr/bin/env bash
# The issue-9 load tests in one command (Release builds). Phases, one after another on this machine:
#   peer      PostgreSQL 15 in a temporary folder (pgbench; before any silo starts)
#   embedded  one silo of the embedded profile (memory storage, the emulator in process) on 127.0.0.1:5080:
#             ingest, burst, http, get, catalog
#   durable   scripts/local-stack.sh 2 (Azurite on disk, the emulator as its own process, 2 silos):
#             ping, azurite, ingest, hotkey, get, region/visible, overload
#   report    load-tests/reports/suite-<UTC>.md (suite-<UTC>-smoke.md for --quick)
# Usage: load-tests/run.sh [--quick] [--scenarios peer,ingest,...] [--phases durable,report] [--fresh] [suite options, e.g. --duration 2m]
#        --quick   SMOKE RUN: seconds-long windows, small counts (a few minutes in all); the report says so
#        --phases  run only these phases (default peer,embedded,durable,report); with LOADTEST_RESULTS=<file> a later
#                  call adds to an earlier call's results (e.g. the durable phase once a busy port is free)
#        --fresh   delete the durable stack's Azurite data (.azurite/) and emulator log (.data/eventhubs/) first
#        options:  dotnet load-tests/Orleans.Inventory.LoadTests/bin/Release/net10.0/Orleans.Inventory.LoadTests.dll suite --help
# Ports in use by someone else (5080-5081, 5672, 11111-11112, 30000-30001, and Azurite's 10002) are waited for, never
# taken over; LOADTEST_SHARE_AZURITE=1 lets the durable phase use an Azurite that already runs (the report says so),
# with tables of this run's own so that neither side reads the other's state or stream checkpoints;
# LOADTEST_AZURITE_TABLE_PORT=20002 starts an Azurite of this run's own on 20000-20002 instead.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
logs="$root/.data/logs"
mkdir -p "$logs" "$root/.data/loadtests"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
fresh=false
scenarios=peer,ping,azurite,ingest,burst,http,get,hotkey,region,visible,overload,catalog
phases=peer,embedded,durable,report
args=()
while (( $# )); do
  case $1 in
    --phases) phases=$2; shift 2 ;;
    --phases=*) phases=${1#*=}; shift ;;
    --fresh) fresh=true; shift ;;
    --scenarios) scenarios=$2; shift 2 ;;
    --scenarios=*) scenarios=${1#*=}; shift ;;
    --quick) args+=("$1"); shift ;;
    *) args+=("$1"); shift ;;
  esac
done
has() { local s; for s in "$@"; do [[ ",$scenarios," == *",$s,"* ]] && return 0; done; return 1; }
phase() { [[ ",$phases," == *",$1,"* ]]; }

# shellcheck source=load-tests/stack.sh
source load-tests/stack.sh
trap 'stop_embedded; stop_durable' EXIT

echo "run: building the load tests (Release)"
dotnet build load-tests/Orleans.Inventory.LoadTests -c Release -v quiet -nologo >"$logs/loadtests-build.log" 2>&1 \
  || { cat "$logs/loadtests-build.log" >&2; exit 1; }
stamp=$(date -u +%Y%m%dT%H%M%SZ)
results=${LOADTEST_RESULTS:-"$root/.data/loadtests/results-$stamp.json"}
label="commit $(git rev-parse --short HEAD)"
suite() { dotnet load-tests/Orleans.Inventory.LoadTests/bin/Release/net10.0/Orleans.Inventory.LoadTests.dll suite \
  --results "$results" --scenarios "$scenarios" "${args[@]}" "$@"; }
status=0
phase_started() { echo "run: phase $1 ($(date -u +%H:%M:%S)Z, load $(cut -d' ' -f1-3 /proc/loadavg))"; }

if phase peer && has peer; then
  phase_started peer
  suite --phase peer --label "$label" || status=1
fi

if phase embedded && has ingest burst http get catalog; then
  phase_started embedded
  wait_ports_free 5080 5672 11111 30000
  start_embedded
  suite --phase embedded --silos 1 --cluster-id inventory-dev --profile embedded --silo-pid "$embedded_pid" --label "$label" || status=1
  stop_embedded
fi

if phase durable && has ping azurite ingest hotkey get region visible overload; then
  phase_started durable
  # An Azurite on 10002 is someone else's (their tests use it): sharing it would mix their load and tables into ours.
  # LOADTEST_AZURITE_TABLE_PORT=20002 runs an Azurite of this run's own on 20000-20002 instead (local-stack.sh passes
  # the silos matching connection strings).
  table_port=${LOADTEST_AZURITE_TABLE_PORT:-10002}
  if [ "$table_port" != 10002 ]; then
    export LOCAL_STACK_AZURITE_TABLE_PORT=$table_port
    args+=(--storage "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;")
  fi
  if [ "${LOADTEST_SHARE_AZURITE:-0}" = 1 ]; then
    wait_ports_free 5080 5081 5672 11111 11112 30000 30001
    # Tables of this run's own (the silos read these settings from the environment, see appsettings.Local.json).
    t=lt${stamp//[^0-9A-Za-z]/}
    export Orleans__Clustering__TableName=${t}Silos Orleans__GrainStorage__inventory__TableName=${t}State \
      Orleans__GrainStorage__PubSubStore__TableName=${t}PubSub Orleans__Reminders__TableName=${t}Reminders \
      Inventory__Tables__StockTable=${t}Stock Inventory__Tables__RegionTable=${t}Regions Inventory__DeviceStreams__Checkpoint__TableName=${t}Checkpoints
  else
    wait_ports_free 5080 5081 5672 11111 11112 30000 30001 "$table_port"
  fi
  if [ "$fresh" = true ]; then
    echo "run: --fresh: deleting .azurite/ and .data/eventhubs/"
    rm -rf "$root/.azurite" "$root/.data/eventhubs"
  fi
  start_durable 2
  suite --phase durable --silos 2 --profile durable --log-dir "$logs" --label "$label$shared_note" || status=1
  stop_durable
fi

if phase report; then
  phase_started report
  suite --phase report --label "$label$shared_note" || status=1
fi
echo "run: results in $results; finished $(date -u +%H:%M:%S)Z"
exit "$status"
