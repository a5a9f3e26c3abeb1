#!/usr/bin/env bash
# Optional faster start-up on Java 25: builds a JDK AOT cache (JEP 483/514: classes loaded and linked, method
# profiles) for the service from one training run, next to the jar extracted in Spring Boot's production layout.
#
#   scripts/aot-cache.sh [jar] [dir]     default: the jar `mvn -B package` builds; dir target/aot
#
# Then run the service with the same JDK, the same extracted jar and the cache (the JVM checks that the class
# path matches the training run's and ignores the cache, with a warning, when it does not):
#   $JAVA -XX:AOTCache=target/aot/app.aot -jar target/aot/renovation-decisions-0.1.0-SNAPSHOT.jar
# The training run starts the service on a scratch data directory and port 8384, waits for readiness, makes 50
# evaluations and stops it; the cache is written at exit. Rebuild it after every build of the jar.
# JAVA (default /usr/lib/jvm/temurin-25-jdk-amd64/bin/java) must be Java 25 or later; the service itself runs on
# Java 17 as before without any of this. BENCHMARKS.md has the measured start-up with and without the cache.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JAR=${1:-$(ls target/renovation-decisions-*.jar | grep -v -- '-benchmarks\|original' | head -1)}
DIR=${2:-target/aot}
PORT=${PORT:-8384}
rm -rf "$DIR"
"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$DIR" >/dev/null
APP="$DIR/$(basename "$JAR")"
DATA=$(mktemp -d -t aot-training.XXXXXX)
"$JAVA" -XX:AOTCacheOutput="$DIR/app.aot" -jar "$APP" --server.port="$PORT" --renovation.data-dir="$DATA" \
  >"$DIR/training.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
until curl -sf "http://localhost:$PORT/actuator/health/readiness" >/dev/null 2>&1; do
  kill -0 $PID 2>/dev/null || { echo "the training run exited; see $DIR/training.log" >&2; exit 1; }
  sleep 0.2
done
for _ in $(seq 1 50); do
  curl -s -o /dev/null -H 'Content-Type: application/json' --data-binary @scripts/typical-request.json \
    "http://localhost:$PORT/api/v1/evaluations"
done
kill $PID
wait $PID 2>/dev/null || true
trap 'rm -rf "$DATA"' EXIT
[[ -s "$DIR/app.aot" ]] || { echo "no cache was written; see $DIR/training.log" >&2; exit 1; }
echo "AOT cache $DIR/app.aot ($(du -h "$DIR/app.aot" | cut -f1)); run:"
echo "  $JAVA -XX:AOTCache=$DIR/app.aot -jar $APP"
