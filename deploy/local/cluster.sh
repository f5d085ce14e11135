#!/usr/bin/env bash
# A three-zone Shoal cluster on this machine, on a private PostgreSQL: the same settings the
# Kubernetes manifests use, as processes on loopback.
#
#   deploy/local/cluster.sh start [active-active|active-standby]   build, start PostgreSQL and three nodes
#   deploy/local/cluster.sh status                                  GET /cluster from each node
#   deploy/local/cluster.sh stop                                    stop the nodes and PostgreSQL
#
# active-active: three nodes, zones a, b, c, each both api and broker.
# active-standby: brokers (also api) in zones a (active) and b (standby), an api-only node in zone c.
# Every node serves SQS: http://127.0.0.1:4566, :4567, :4568. Set SHOAL_LOCAL_DIR to keep the state
# elsewhere than /tmp/shoal-local; SHOAL_PG to use an existing PostgreSQL connection string instead.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DIR="${SHOAL_LOCAL_DIR:-/tmp/shoal-local}"
HTTP_PORTS=(4566 4567 4568)
CLUSTER_PORTS=(7355 7356 7357)
ZONES=(zone-a zone-b zone-c)
PG_PORT=7354

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

start_node() { # index roles...
  local i=$1; shift
  local args=(--port "${HTTP_PORTS[$i]}" --data-dir "$DIR/node$i"
    --Shoal:Node:Zone "${ZONES[$i]}" --Shoal:Cluster:Mode "$MODE" --Shoal:Cluster:Port "${CLUSTER_PORTS[$i]}"
    --Shoal:Cluster:Seeds:0 "akka.tcp://shoal@127.0.0.1:${CLUSTER_PORTS[0]}"
    --Shoal:Cluster:Seeds:1 "akka.tcp://shoal@127.0.0.1:${CLUSTER_PORTS[1]}"
    --Shoal:Storage:Provider postgres --Shoal:Storage:ConnectionString "$PG")
  local r=0
  for role in "$@"; do args+=(--Shoal:Node:Roles:$r "$role"); r=$((r + 1)); done
  nohup dotnet "$ROOT/src/Node/bin/Release/net10.0/Shoal.Node.dll" "${args[@]}" > "$DIR/node$i.log" 2>&1 &
  echo $! > "$DIR/node$i.pid"
}

wait_ready() {
  for port in "${HTTP_PORTS[@]}"; do
    for _ in $(seq 1 120); do
      curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break
      sleep 0.5
    done
    curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null || { echo "node on :$port is not ready; see $DIR" >&2; exit 1; }
  done
}

case "${1:-}" in
  start)
    MODE="${2:-active-active}"
    [ "$MODE" = active-active ] || [ "$MODE" = active-standby ] || { echo "mode: active-active or active-standby" >&2; exit 2; }
    mkdir -p "$DIR"
    dotnet build -c Release "$ROOT/src/Node" -v quiet -nologo >/dev/null
    PG="$(start_postgres)"
    start_node 0 api broker
    start_node 1 api broker
    if [ "$MODE" = active-active ]; then start_node 2 api broker; else start_node 2 api; fi
    wait_ready
    echo "Shoal $MODE: http://127.0.0.1:4566 (zone-a), :4567 (zone-b), :4568 (zone-c); state in $DIR"
    ;;
  status)
    for port in "${HTTP_PORTS[@]}"; do echo "== :$port"; curl -s "http://127.0.0.1:$port/cluster" || echo "(down)"; echo; done
    ;;
  stop)
    # A node may be gone already (a failover tried by hand): stop what is left.
    for pid in "$DIR"/node*.pid; do
      if [ -f "$pid" ]; then kill "$(cat "$pid")" 2>/dev/null || true; rm -f "$pid"; fi
    done
    if [ -z "${SHOAL_PG:-}" ] && [ -d "$DIR/pg" ]; then as_postgres "$(pg_bin)/pg_ctl" -D "$DIR/pg" -m fast stop >/dev/null || true; fi
    echo "stopped"
    ;;
  *)
    sed -n '2,14p' "$0"; exit 2 ;;
esac
