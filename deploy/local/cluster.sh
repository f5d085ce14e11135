#!/usr/bin/env bash
# A multi-zone Shoal cluster on this machine, on a private PostgreSQL: the same settings the
# Kubernetes manifests use, as processes on loopback.
#
#   deploy/local/cluster.sh start [active-active|active-standby] [BROKERS] [APIS]
#                                            build, start PostgreSQL and the nodes
#   deploy/local/cluster.sh status           GET /cluster from each running node
#   deploy/local/cluster.sh nodes            each node: zone, roles, endpoint, pid, running/frozen/dead
#   deploy/local/cluster.sh kill NODE        kill -9 one node (its number, as `nodes` lists it)
#   deploy/local/cluster.sh kill-zone ZONE   kill -9 every node of a zone (zone-a, zone-b, zone-c)
#   deploy/local/cluster.sh freeze NODE      SIGSTOP: a partition or a long GC pause, as the others see it
#   deploy/local/cluster.sh thaw NODE        SIGCONT
#   deploy/local/cluster.sh restart NODE     start a node again with its settings (after kill, or to bounce it)
#   deploy/local/cluster.sh stop             stop the nodes and PostgreSQL
#
# BROKERS nodes have roles api and broker, APIS nodes are api only; node i is in zone a, b, c in turn.
# Defaults: active-active 3 brokers, no api-only node; active-standby 2 brokers (node 0, the first seed,
# forms the cluster and is its oldest broker: the active) and 1 api-only node. Node i serves SQS on http://127.0.0.1:(4566+i), remoting on 7355+i;
# the first two brokers are the seeds. Every node signs SNS messages with one key ($DIR/sns-signing.pem, made by
# the first to start), so any node serves the certificate a message's SigningCertURL names. SHOAL_LOCAL_DIR keeps the state elsewhere than /tmp/shoal-local;
# SHOAL_PG uses an existing PostgreSQL connection string instead of a private server; SHOAL_LOCAL_HTTP_BASE,
# SHOAL_LOCAL_CLUSTER_BASE and SHOAL_LOCAL_PG_PORT move the ports when those are taken.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DIR="${SHOAL_LOCAL_DIR:-/tmp/shoal-local}"
ZONES=(zone-a zone-b zone-c)
HTTP_BASE="${SHOAL_LOCAL_HTTP_BASE:-4566}"
CLUSTER_BASE="${SHOAL_LOCAL_CLUSTER_BASE:-7355}"
PG_PORT="${SHOAL_LOCAL_PG_PORT:-7354}"

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  if [ -n "${SHOAL_PG:-}" ]; then echo "$SHOAL_PG"; return; fi
  local bin; bin="$(pg_bin)"
  [ -n "$bin" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
  if [ ! -d "$DIR/pg" ]; then
    mkdir -p "$DIR/pg"
    [ "$(id -u)" = 0 ] && chown postgres "$DIR/pg"
    as_postgres "$bin/initdb" -D "$DIR/pg" -A trust -U postgres >/dev/null
  fi
  as_postgres "$bin/pg_ctl" -D "$DIR/pg" -w -l "$DIR/pg/server.log" \
    -o "-p $PG_PORT -k $DIR/pg -c listen_addresses=127.0.0.1" start >/dev/null
  as_postgres "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres shoal 2>/dev/null || true
  echo "Host=127.0.0.1;Port=$PG_PORT;Database=shoal;Username=postgres;SSL Mode=Disable"
}

# Writes node i's command line to $DIR/node$i.args (one argument a line), so restart can reuse it.
configure_node() { # index mode connection-string roles...
  local i=$1 mode=$2 pg=$3; shift 3
  local args=(--port $((HTTP_BASE + i)) --data-dir "$DIR/node$i"
    --Shoal:Node:Zone "${ZONES[$((i % 3))]}" --Shoal:Cluster:Mode "$mode" --Shoal:Cluster:Port $((CLUSTER_BASE + i))
    --Shoal:Cluster:Seeds:0 "akka.tcp://shoal@127.0.0.1:$CLUSTER_BASE"
    --Shoal:Cluster:Seeds:1 "akka.tcp://shoal@127.0.0.1:$((CLUSTER_BASE + 1))"
    --Shoal:Storage:Provider postgres --Shoal:Storage:ConnectionString "$pg"
    --Shoal:Topics:SigningKeyFile "$DIR/sns-signing.pem")
  local r=0
  for role in "$@"; do args+=(--Shoal:Node:Roles:$r "$role"); r=$((r + 1)); done
  printf '%s\n' "${args[@]}" > "$DIR/node$i.args"
}

run_node() { # index
  local i=$1 args
  mapfile -t args < "$DIR/node$i.args"
  nohup dotnet "$ROOT/src/Node/bin/Release/net10.0/Shoal.Node.dll" "${args[@]}" >> "$DIR/node$i.log" 2>&1 &
  echo $! > "$DIR/node$i.pid"
}

wait_ready() { # index...
  for i in "$@"; do
    local port=$((HTTP_BASE + i))
    for _ in $(seq 1 120); do
      curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break
      sleep 0.5
    done
    curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null || { echo "node $i on :$port is not ready; see $DIR/node$i.log" >&2; exit 1; }
  done
}

node_indexes() { for f in "$DIR"/node*.args; do [ -f "$f" ] && basename "$f" .args | sed 's/^node//'; done | sort -n; }

pid_of() { cat "$DIR/node$1.pid" 2>/dev/null || true; }

state_of() { # running, frozen or dead
  local pid; pid="$(pid_of "$1")"
  if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then echo dead
  elif [ "$(ps -o stat= -p "$pid" | cut -c1)" = T ]; then echo frozen
  else echo running; fi
}

zone_of() { sed -n '/^--Shoal:Node:Zone$/{n;p}' "$DIR/node$1.args"; }

roles_of() { grep -A1 '^--Shoal:Node:Roles:' "$DIR/node$1.args" | grep -v '^--' | paste -sd+ -; }

require_node() {
  [ -n "${1:-}" ] && [ -f "$DIR/node$1.args" ] || { echo "no node '${1:-}'; see: $0 nodes" >&2; exit 2; }
}

case "${1:-}" in
  start)
    MODE="${2:-active-active}"
    [ "$MODE" = active-active ] || [ "$MODE" = active-standby ] || { echo "mode: active-active or active-standby" >&2; exit 2; }
    if [ "$MODE" = active-active ]; then BROKERS="${3:-3}" APIS="${4:-0}"; else BROKERS="${3:-2}" APIS="${4:-1}"; fi
    [ "$BROKERS" -ge 2 ] || { echo "at least 2 brokers (the seeds)" >&2; exit 2; }
    mkdir -p "$DIR"
    rm -f "$DIR"/node*.args
    dotnet build -c Release "$ROOT/src/Node" -v quiet -nologo >/dev/null
    PG="$(start_postgres)"
    all=()
    for ((i = 0; i < BROKERS + APIS; i++)); do
      if [ "$i" -lt "$BROKERS" ]; then configure_node "$i" "$MODE" "$PG" api broker; else configure_node "$i" "$MODE" "$PG" api; fi
      run_node "$i"
      all+=("$i")
    done
    wait_ready "${all[@]}"
    echo "Shoal $MODE, $BROKERS brokers and $APIS api-only nodes; state in $DIR"
    "$0" nodes
    ;;
  nodes)
    printf '%-5s %-7s %-11s %-24s %-8s %s\n' node zone roles endpoint pid state
    for i in $(node_indexes); do
      printf '%-5s %-7s %-11s %-24s %-8s %s\n' "$i" "$(zone_of "$i")" "$(roles_of "$i")" \
        "http://127.0.0.1:$((HTTP_BASE + i))" "$(pid_of "$i")" "$(state_of "$i")"
    done
    ;;
  status)
    for i in $(node_indexes); do
      [ "$(state_of "$i")" = running ] || { echo "== node $i: $(state_of "$i")"; continue; }
      echo "== node $i :$((HTTP_BASE + i))"; curl -s --max-time 5 "http://127.0.0.1:$((HTTP_BASE + i))/cluster" || echo "(no answer)"; echo
    done
    ;;
  kill)
    require_node "${2:-}"
    kill -9 "$(pid_of "$2")" 2>/dev/null || true
    echo "node $2 killed (kill -9)"
    ;;
  kill-zone)
    zone="${2:-}"; killed=()
    for i in $(node_indexes); do
      if [ "$(zone_of "$i")" = "$zone" ]; then kill -9 "$(pid_of "$i")" 2>/dev/null || true; killed+=("$i"); fi
    done
    [ ${#killed[@]} -gt 0 ] || { echo "no node in zone '$zone'" >&2; exit 2; }
    echo "zone $zone killed (kill -9): nodes ${killed[*]}"
    ;;
  freeze)
    require_node "${2:-}"; kill -STOP "$(pid_of "$2")"; echo "node $2 frozen (SIGSTOP); thaw with: $0 thaw $2"
    ;;
  thaw)
    require_node "${2:-}"; kill -CONT "$(pid_of "$2")"; echo "node $2 thawed (SIGCONT)"
    ;;
  restart)
    require_node "${2:-}"
    pid="$(pid_of "$2")"
    if [ "$(state_of "$2")" != dead ]; then kill -CONT "$pid" 2>/dev/null || true; kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done; fi
    run_node "$2"
    wait_ready "$2"
    echo "node $2 up again (pid $(pid_of "$2"))"
    ;;
  stop)
    # Some nodes may be gone already (a failover tried by hand), or frozen: stop what is left.
    for file in "$DIR"/node*.pid; do
      [ -f "$file" ] || continue
      pid="$(cat "$file")"
      kill -CONT "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true
      rm -f "$file"
    done
    if [ -z "${SHOAL_PG:-}" ] && [ -d "$DIR/pg" ]; then as_postgres "$(pg_bin)/pg_ctl" -D "$DIR/pg" -m fast stop >/dev/null || true; fi
    echo "stopped"
    ;;
  *)
    sed -n '2,20p' "$0"; exit 2 ;;
esac
