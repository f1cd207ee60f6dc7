#!/usr/bin/env bash
# The baseline benchmark in one command: builds it in Release, starts the local durable stack with
# scripts/local-stack.sh (Azurite, the Event Hubs emulator, N silos, Release) unless one already answers on
# 127.0.0.1:5080+i, runs the benchmark, stops what it started, and writes load-tests/reports/baseline-<UTC>.md.
# Usage: load-tests/run-baseline.sh [--silos N] [--fresh] [benchmark options: --duration 60s, --quick, --scenarios ping,azurite, ...]
#        --fresh: delete the stack's Azurite data (.azurite/) and emulator log (.data/eventhubs/) before starting it;
#                 Azurite keeps all table data in one JSON file that it rewrites, so it slows down as runs add rows.
#        (all options: dotnet load-tests/Orleans.Inventory.LoadTests/bin/Release/net10.0/Orleans.Inventory.LoadTests.dll --help)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
silos=2
fresh=false
args=()
while (( $# )); do
  case $1 in
    --silos) silos=$2; shift 2 ;;
    --silos=*) silos=${1#*=}; shift ;;
    --fresh) fresh=true; shift ;;
    *) args+=("$1"); shift ;;
  esac
done
logs="$root/.data/logs"
mkdir -p "$logs"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "run-baseline: building the benchmark (Release)"
dotnet build load-tests/Orleans.Inventory.LoadTests -c Release -v quiet -nologo >"$logs/loadtests-build.log" 2>&1 \
  || { cat "$logs/loadtests-build.log" >&2; exit 1; }

# shellcheck source=load-tests/stack.sh
source load-tests/stack.sh
trap stop_durable EXIT

if ready 0; then
  for (( i=1; i<silos; i++ )); do
    ready "$i" || { echo "run-baseline: a stack answers on 5080 but silo $i (http://127.0.0.1:$((5080 + i))) does not; stop it or pass --silos" >&2; exit 1; }
  done
  echo "run-baseline: using the local stack that is already running ($silos silos); it is left running"
  shared_note="; used a local stack that was already running"
  [ "$fresh" = false ] || echo "run-baseline: --fresh ignored: the stack was not started by this run" >&2
else
  if [ "$fresh" = true ]; then
    echo "run-baseline: --fresh: deleting .azurite/ and .data/eventhubs/"
    rm -rf "$root/.azurite" "$root/.data/eventhubs"
  fi
  start_durable "$silos"
fi

status=0
dotnet load-tests/Orleans.Inventory.LoadTests/bin/Release/net10.0/Orleans.Inventory.LoadTests.dll \
  --silos "$silos" --label "commit $(git rev-parse --short HEAD)$shared_note" "${args[@]}" || status=$?
exit "$status"
