# Sourced by run.sh and run-baseline.sh (not run on its own): starting and stopping the systems under test.
#   start_durable N     scripts/local-stack.sh N in Release (Azurite, the Event Hubs emulator as its own process, N silos);
#                       sets stack_pid and shared_note; output in .data/logs/local-stack.log
#   stop_durable        stops what start_durable started (local-stack.sh stops its silos, the emulator and Azurite on TERM)
#   start_embedded      the embedded profile (one silo, memory storage, the emulator in process), Release, on 127.0.0.1:5080;
#                       sets embedded_pid (the silo process itself, for memory readings); output in .data/logs/embedded-silo.log
#   stop_embedded
#   wait_ports_free P.. waits (up to LOADTEST_PORT_WAIT seconds, default 600) until nothing listens on the ports:
#                       another engineer's stack may hold them; it is never stopped from here
# Expects: root (repository root, the current directory) and logs (its .data/logs).
# The suite measures the cluster, not the edge: one principal sends thousands of requests a second, far past the
# per-principal rate limit (Inventory:RateLimits, docs/security.md), so the silos started from here run without it.
export Inventory__RateLimits__Enabled=false
stack_pid=
embedded_pid=
shared_note=

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
ready() { curl -sf "http://127.0.0.1:$((5080 + $1))/health/ready" -o /dev/null; }

wait_ports_free() {
  local waited=0 limit=${LOADTEST_PORT_WAIT:-600} busy
  while :; do
    busy=()
    for port in "$@"; do answers "$port" && busy+=("$port"); done
    [ ${#busy[@]} -eq 0 ] && return 0
    if (( waited >= limit )); then
      echo "stack: ports ${busy[*]} still busy after ${limit} s (someone else's stack?); not stopping it" >&2
      return 1
    fi
    (( waited % 60 == 0 )) && echo "stack: ports ${busy[*]} are busy; waiting for them to be free (up to ${limit} s)"
    sleep 5; waited=$((waited + 5))
  done
}

start_durable() { # silos
  local silos=$1
  echo "stack: starting scripts/local-stack.sh $silos (Release); its output goes to $logs/local-stack.log"
  # Without TLS (LOCAL_STACK_TLS=0): the load generator's Orleans client and HTTP client present no certificate and
  # trust no development CA yet, and the recorded baselines are of plain TCP; TLS's cost is not measured here.
  LOCAL_STACK_TLS=0 LOCAL_STACK_CONFIGURATION=Release scripts/local-stack.sh "$silos" >"$logs/local-stack.log" 2>&1 &
  stack_pid=$!
  for _ in $(seq 1 600); do
    grep -q "local-stack: ready" "$logs/local-stack.log" && break
    if ! kill -0 "$stack_pid" 2>/dev/null; then
      stack_pid=
      echo "stack: the local stack did not start:" >&2; cat "$logs/local-stack.log" >&2; return 1
    fi
    sleep 1
  done
  grep -q "local-stack: ready" "$logs/local-stack.log" || { echo "stack: the local stack was not ready within 10 min; see $logs" >&2; return 1; }
  # local-stack.sh reuses an Azurite that already answers; whoever else uses it loads it too, so the report says so.
  if grep -q "already answers on 127.0.0.1:10002" "$logs/local-stack.log"; then
    shared_note="; Azurite on 10002 was already running (not started by this run, possibly shared)"
  fi
}

stop_durable() {
  if [ -n "$stack_pid" ]; then
    echo "stack: stopping the local stack it started"
    kill -TERM "$stack_pid" 2>/dev/null || true
    wait "$stack_pid" 2>/dev/null || true
    stack_pid=
  fi
}

start_embedded() {
  echo "stack: building the silo (Release) and starting the embedded profile; its output goes to $logs/embedded-silo.log"
  dotnet build src/Orleans.Inventory.Silo -c Release -v quiet -nologo >"$logs/embedded-build.log" 2>&1 || { cat "$logs/embedded-build.log" >&2; return 1; }
  # What `dotnet run -c Release --project src/Orleans.Inventory.Silo` runs, started directly so that the pid is the silo's.
  dotnet src/Orleans.Inventory.Silo/bin/Release/net10.0/Orleans.Inventory.Silo.dll --urls http://127.0.0.1:5080 >"$logs/embedded-silo.log" 2>&1 &
  embedded_pid=$!
  for _ in $(seq 1 240); do
    ready 0 && return 0
    kill -0 "$embedded_pid" 2>/dev/null || { embedded_pid=; echo "stack: the embedded silo exited; see $logs/embedded-silo.log" >&2; return 1; }
    sleep 0.5
  done
  echo "stack: the embedded silo was not ready within 120 s; see $logs/embedded-silo.log" >&2
  return 1
}

stop_embedded() {
  if [ -n "$embedded_pid" ]; then
    echo "stack: stopping the embedded silo it started"
    kill -TERM "$embedded_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$embedded_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$embedded_pid" 2>/dev/null || true
    wait "$embedded_pid" 2>/dev/null || true
    embedded_pid=
  fi
}
