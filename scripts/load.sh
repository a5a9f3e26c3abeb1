#!/usr/bin/env bash
# HTTP load test of POST /api/v1/evaluations against the packaged jar (BENCHMARKS.md).
#
#   scripts/load.sh [jar]        default: the jar `mvn -B package` builds in target/
#
# Installs wrk (Debian) if it is missing, starts the service on port 8383 from the project root (so it
# serves the bundled ruleset), reports the time from process start to ready (/actuator/health/readiness
# UP), warms it up, then runs wrk at 16 and 64 connections and prints throughput and latency percentiles;
# then stops the service and prints the bytes the decision log stores per recorded decision (its H2 file over
# the records a verify of it counts, which also checks the chain), and a summary of the figures of issue 11.
# Environment: READY_TIMEOUT (seconds, 600), PORT (8383), DURATION (20s), WARMUP (20s), THREADS (wrk threads, 2), BODY (request file,
# default scripts/typical-request.json), JAVA_OPTS (extra JVM options for the service), LAYOUT=extracted
# (run the jar extracted with `-Djarmode=tools extract`, Spring Boot's production layout, instead of the
# nested jar: classes load from plain jars, which started faster here), JAVA (the java command for the
# service, e.g. Temurin 25's with JAVA_OPTS=-XX:AOTCache=… from scripts/aot-cache.sh and the jar it extracted).
# BULK=N (0: skipped) then also runs the command-line targets of issue 11 on the same jar, after the HTTP
# load: `audit bulk` over N generated communities (scripts/communities.py) into a fresh log, an export of that
# log, and `audit replay` of its first REPLAY decisions (100000, or N if fewer; compile included), each with
# its wall time, CPU time and the load average, e.g. BULK=220000 scripts/load.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8383}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-20s}
THREADS=${THREADS:-2}
BODY=${BODY:-scripts/typical-request.json}
JAR=${1:-$(ls target/renovation-decisions-*.jar | grep -v -- '-benchmarks\|original' | head -1)}

if ! command -v wrk >/dev/null; then
  echo "installing wrk"
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi
if curl -s -o /dev/null "http://localhost:$PORT/"; then
  echo "port $PORT is in use; set PORT" >&2
  exit 1
fi

if [[ "${LAYOUT:-jar}" == extracted ]]; then
  EXTRACTED=$(mktemp -d -t load-extracted.XXXXXX)
  java -Djarmode=tools -jar "$JAR" extract --destination "$EXTRACTED" >/dev/null
  JAR="$EXTRACTED/$(basename "$JAR")"
fi

LOG=$(mktemp -t load-service.XXXXXX.log)
start_ns=$(date +%s%N)
# shellcheck disable=SC2086
DATA=$(mktemp -d -t load-data.XXXXXX)   # the decision log of this run, not the project's
${JAVA:-java} -XX:+ExitOnOutOfMemoryError ${JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" --renovation.data-dir="$DATA" >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT

until curl -sf "http://localhost:$PORT/actuator/health/readiness" >/dev/null 2>&1; do
  if ! kill -0 $PID 2>/dev/null; then
    echo "the service exited; its log: $LOG" >&2
    exit 1
  fi
  if (( ($(date +%s%N) - start_ns) / 1000000 > ${READY_TIMEOUT:-600} * 1000 )); then
    echo "not ready after ${READY_TIMEOUT:-600} s; its log: $LOG" >&2
    exit 1
  fi
  sleep 0.05
done
ready_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
echo "ready ${ready_ms} ms after process start (readiness UP; log $LOG)"
grep -E "Started .* in|compiled and verified ruleset" "$LOG" | sed 's/^/  /' || true

URL="http://localhost:$PORT/api/v1/evaluations"
export LOAD_BODY_FILE="$BODY"
code=$(curl -s -o /tmp/load-response.json -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$BODY" "$URL")
if [[ "$code" != 200 ]]; then
  echo "POST $URL answered $code: $(head -c 400 /tmp/load-response.json)" >&2
  exit 1
fi
echo "one response: $(wc -c </tmp/load-response.json) bytes"

# CPU seconds used so far by a process (user + system), from /proc: on a shared machine, CPU time per request
# is the number that does not depend on how busy the other users keep the cores.
cpu_s() { awk -v t="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$1/stat"; }

echo "warm-up: $WARMUP at 64 connections"
wrk -t"$THREADS" -c64 -d"$WARMUP" -s scripts/post-evaluation.lua "$URL" >/dev/null
declare -A RPS P99 CPU
for c in 16 64; do
  echo "--- $c connections, $DURATION (load average $(cut -d' ' -f1 /proc/loadavg))"
  before=$(cpu_s $PID)
  out=$(wrk -t"$THREADS" -c"$c" -d"$DURATION" --latency -s scripts/post-evaluation.lua "$URL")
  after=$(cpu_s $PID)
  echo "$out" | grep -E "Requests/sec|Latency  |50%|90%|99%|Non-2xx|Socket errors|requests in"
  n=$(echo "$out" | awk '/requests in/ { print $1 }')
  RPS[$c]=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
  P99[$c]=$(echo "$out" | awk '$1 == "99%" { print $2 }')
  CPU[$c]=$(awk -v b="$before" -v a="$after" -v n="$n" 'BEGIN { printf "%.0f", (a - b) * 1e6 / n }')
  awk -v b="$before" -v a="$after" -v n="$n" 'BEGIN { printf "  service CPU per request: %.0f µs (%.1f CPU s for %d requests)\n", (a - b) * 1e6 / n, a - b, n }'
done
load_end=$(cut -d' ' -f1 /proc/loadavg)

# Bytes stored per decision: the H2 file while serving, and after a clean stop (H2 compacts on close), over the
# records in the log, counted by a verify of it (which also proves the chain intact after the load).
DB="$DATA/decisions.mv.db"
running_bytes=$(stat -c %s "$DB")
kill $PID 2>/dev/null; wait $PID 2>/dev/null || true
trap - EXIT
closed_bytes=$(stat -c %s "$DB")
verify=$(java -jar "$JAR" audit verify --audit.data-dir="$DATA" --renovation.data-dir="$DATA" 2>&1 | tail -1)
echo "verify after the load: $verify"
records=$(echo "$verify" | sed -n 's/.*: \([0-9]*\) record(s).*/\1/p')
echo
echo "=== summary (load average at the end $load_end; $(nproc) cores shared with wrk and others) ==="
echo "ready after process start:        ${ready_ms} ms"
echo "evaluations/s at 64 connections:  ${RPS[64]}   (service CPU ${CPU[64]} µs per request)"
echo "p99 at 16 connections:            ${P99[16]}   (${RPS[16]} evaluations/s; service CPU ${CPU[16]} µs per request)"
if [[ -n "$records" && "$records" -gt 0 ]]; then
  awk -v r="$running_bytes" -v c="$closed_bytes" -v n="$records" 'BEGIN {
    printf "bytes stored per decision:        %.0f while serving, %.0f after a clean stop (%d records, %.1f MB)\n", r / n, c / n, n, c / 1e6 }'
else
  echo "bytes stored per decision:        (the verify did not count records: $verify)"
fi

echo "in-process evaluation × the plain-Java floor: not measured here (mvn -B -Pbench package, then CpuRatios: BENCHMARKS.md)"

BULK=${BULK:-0}
if (( BULK > 0 )); then
  REPLAY=${REPLAY:-$(( BULK < 100000 ? BULK : 100000 ))}
  WORK=$(mktemp -d -t load-bulk.XXXXXX)
  python3 scripts/communities.py "$BULK" >"$WORK/communities.jsonl"
  # one command, timed with its CPU: "<wall s> <user+sys s>"
  timed() { /usr/bin/env time -f "%e %U %S" -o "$WORK/time" "$@" || true; awk '{ printf "%.1f s (CPU %.1f s)", $1, $2 + $3 }' "$WORK/time"; }
  load0=$(cut -d' ' -f1 /proc/loadavg)
  bulk_t=$(timed java ${JAVA_OPTS:-} -jar "$JAR" audit bulk --in="$WORK/communities.jsonl" --audit.data-dir="$WORK/log" \
    --renovation.data-dir="$WORK/log" >"$WORK/bulk.out" 2>"$WORK/bulk.err")
  bulk_line=$(grep -E "decisions/s recorded" "$WORK/bulk.out" | sed 's/^ *//')
  load1=$(cut -d' ' -f1 /proc/loadavg)
  java -jar "$JAR" audit export --out="$WORK/export.jsonl" --audit.data-dir="$WORK/log" --renovation.data-dir="$WORK/log" >/dev/null 2>&1
  # an excerpt of the export: its header, the ruleset line and the first REPLAY decisions
  head -n $(( REPLAY + 2 )) "$WORK/export.jsonl" >"$WORK/replay.jsonl"
  load2=$(cut -d' ' -f1 /proc/loadavg)
  replay_t=$(timed java ${JAVA_OPTS:-} -jar "$JAR" audit replay --in="$WORK/replay.jsonl" --audit.data-dir="$WORK/replay-log" \
    --renovation.data-dir="$WORK/replay-log" >"$WORK/replay.out" 2>&1 || true)
  replay_line=$(grep -E "^replayed" "$WORK/replay.out" || tail -1 "$WORK/replay.out")
  load3=$(cut -d' ' -f1 /proc/loadavg)
  echo "bulk of $BULK communities:        $bulk_t from process start (load $load0 -> $load1): $bulk_line"
  echo "replay of $REPLAY decisions:      $replay_t from process start, compile included (load $load2 -> $load3): $replay_line"
  rm -rf "$WORK"
fi
