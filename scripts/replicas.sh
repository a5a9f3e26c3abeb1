#!/usr/bin/env bash
# N replicas of the service on one PostgreSQL behind HAProxy, all on loopback, to watch (issue 13).
#
#   scripts/replicas.sh [N]           default 2 replicas; needs the jar `mvn -B package -DskipTests` builds
#
# PostgreSQL: PG_URL (and PG_USER, PG_PASSWORD) when set; otherwise a throwaway cluster from Debian's
# postgresql package (installed if missing) in a temporary directory, run as `nobody` when this runs as root.
# HAProxy (Debian's haproxy, installed if missing) listens on LB_PORT (8400) and spreads requests round
# robin over replicas on 8401…840N, each checked on /actuator/health/readiness; its statistics page is
# http://127.0.0.1:8404/ . Users ed (EDITOR), ap (APPROVER) and au (AUDITOR), password "replicas", so
# that an upload on one replica and an approval on another can be watched (see the end of this file's
# output). BENCH=1 runs wrk against the balancer for 20 s instead of waiting (BENCHMARKS.md).
# Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-2}
LB_PORT=${LB_PORT:-8400}
JAR=${JAR:-$(ls target/renovation-decisions-*.jar 2>/dev/null | grep -v -- '-benchmarks\|original' | head -1 || true)}
[[ -n "$JAR" && -f "$JAR" ]] || { echo "no jar: run mvn -B package -DskipTests first" >&2; exit 1; }
WORK=$(mktemp -d -t replicas.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  if [[ -n "${PGDATA_DIR:-}" ]]; then as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null 2>&1 || true; fi
  echo "stopped; logs in $WORK"
}
trap cleanup EXIT

need() { command -v "$1" >/dev/null || { echo "installing $2"; apt-get install -y "$2" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "$2" >/dev/null; }; }; }
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u nobody -- "$@"; else "$@"; fi; }

if [[ -z "${PG_URL:-}" ]]; then
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [[ -z "$PGBIN" ]]; then need pg_ctlcluster postgresql; PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1); fi
  PG_PORT=${PG_PORT:-55432}
  PGDATA_DIR="$WORK/pg"
  mkdir -p "$PGDATA_DIR" && chmod 755 "$WORK"
  [[ $(id -u) == 0 ]] && chown nobody "$PGDATA_DIR"
  as_pg "$PGBIN/initdb" -D "$PGDATA_DIR" -U postgres -A trust -E UTF8 --locale=C >/dev/null
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -o "-p $PG_PORT -k $PGDATA_DIR -c listen_addresses=127.0.0.1 -c max_connections=200" \
    -l "$PGDATA_DIR/server.log" -w start >/dev/null
  PG_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres"
  PG_USER=postgres
  echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (data $PGDATA_DIR)"
fi
need haproxy haproxy
need htpasswd apache2-utils
HASH="{bcrypt}$(htpasswd -bnBC 10 "" replicas | tr -d ':\n')"

start_replica() {
  local i=$1
  local port=$((LB_PORT + i))
  mkdir -p "$WORK/data-$i"
  # shellcheck disable=SC2086
  java -XX:+ExitOnOutOfMemoryError ${JAVA_OPTS:--Xmx768m} -jar "$JAR" --server.port="$port" --renovation.data-dir="$WORK/data-$i" \
    --spring.datasource.url="$PG_URL" --spring.datasource.username="${PG_USER:-postgres}" --spring.datasource.password="${PG_PASSWORD:-}" \
    --renovation.security.users[0].name=ed --renovation.security.users[0].password="$HASH" --renovation.security.users[0].roles=EDITOR \
    --renovation.security.users[1].name=ap --renovation.security.users[1].password="$HASH" --renovation.security.users[1].roles=APPROVER \
    --renovation.security.users[2].name=au --renovation.security.users[2].password="$HASH" --renovation.security.users[2].roles=AUDITOR \
    >"$WORK/replica-$i.log" 2>&1 &
  PIDS+=($!)
  echo "replica $i: pid $! on 127.0.0.1:$port (log $WORK/replica-$i.log)"
}
wait_ready() {
  local port=$1
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "replica on $port not ready after 120 s" >&2; exit 1
}
# The first replica records the first activation; the others start after it (they then serve what it recorded).
start_replica 1
wait_ready $((LB_PORT + 1))
for i in $(seq 2 "$N"); do start_replica "$i"; done
for i in $(seq 2 "$N"); do wait_ready $((LB_PORT + i)); done

{
  cat <<CFG
global
  maxconn 4096
defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  option redispatch
  retries 2
frontend fe
  bind 127.0.0.1:$LB_PORT
  default_backend replicas
frontend stats
  bind 127.0.0.1:8404
  stats enable
  stats uri /
backend replicas
  balance roundrobin
  option httpchk GET /actuator/health/readiness
  http-check expect status 200
CFG
  for i in $(seq 1 "$N"); do echo "  server r$i 127.0.0.1:$((LB_PORT + i)) check inter 1s fall 2 rise 2"; done
} >"$WORK/haproxy.cfg"
haproxy -f "$WORK/haproxy.cfg" -db >"$WORK/haproxy.log" 2>&1 &
PIDS+=($!)
sleep 1
echo "HAProxy on 127.0.0.1:$LB_PORT over $N replicas (stats http://127.0.0.1:8404/)"

if [[ "${BENCH:-0}" == 1 ]]; then
  need wrk wrk
  export LOAD_BODY_FILE=scripts/typical-request.json
  wrk -t2 -c64 -d"${WARMUP:-15s}" -s scripts/post-evaluation.lua "http://127.0.0.1:$LB_PORT/api/v1/evaluations" >/dev/null
  echo "--- $N replica(s), 64 connections, ${DURATION:-20s}"
  wrk -t2 -c64 -d"${DURATION:-20s}" --latency -s scripts/post-evaluation.lua "http://127.0.0.1:$LB_PORT/api/v1/evaluations" \
    | grep -E "Requests/sec|Latency  |50%|99%|Non-2xx|Socket errors|requests in"
  exit 0
fi

cat <<HELP

Try it (password "replicas"):
  curl -s -H 'Content-Type: application/json' --data-binary @scripts/typical-request.json http://127.0.0.1:$LB_PORT/api/v1/evaluations | head -c 200; echo
  for i in \$(seq 1 $N); do curl -s http://127.0.0.1:\$(( $LB_PORT + i ))/api/v1/rulesets/active | head -c 120; echo; done
  # upload an edited copy of a table on replica 1, approve it on replica 2, and watch every replica serve it:
  curl -s -u ed:replicas -F file=@decision-tables/funding/shares.drl.xlsx http://127.0.0.1:$((LB_PORT + 1))/api/v1/rulesets/candidates
  curl -s -u ap:replicas -X POST http://127.0.0.1:$((LB_PORT + N))/api/v1/rulesets/candidates/<id>/activate
  curl -s -u au:replicas http://127.0.0.1:$LB_PORT/api/v1/audit/verify
  curl -s http://127.0.0.1:$((LB_PORT + 1))/actuator/prometheus | grep ^renovation_
  kill -9 <a replica's pid>   # HAProxy takes it out within 2 s; the others carry on
Ctrl-C stops everything.
HELP
wait
