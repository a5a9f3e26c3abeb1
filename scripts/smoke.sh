#!/usr/bin/env bash
# Starts the packaged service the way a newcomer would (java -jar on the bundled rules and tables, a fresh
# data directory), waits for readiness, sends the README's request and expects a 200 decision. It catches what
# the test classpath hides: a dependency that is only on the test classpath, a jar that does not start.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=$(ls target/renovation-decisions-*.jar | grep -v original | head -1)
DATA=$(mktemp -d)
PORT=${PORT:-18099}
java -XX:+ExitOnOutOfMemoryError -jar "$JAR" --server.port="$PORT" --renovation.data-dir="$DATA" > "$DATA/service.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do
  if curl -sf "localhost:$PORT/actuator/health/readiness" > /dev/null; then break; fi
  if ! kill -0 $PID 2>/dev/null; then echo "smoke: the service exited"; tail -40 "$DATA/service.log"; exit 1; fi
  sleep 1
done
curl -sf "localhost:$PORT/actuator/health/readiness" > /dev/null || { echo "smoke: not ready in 120 s"; tail -40 "$DATA/service.log"; exit 1; }
python3 - "$PORT" <<'PY'
import json, re, sys, urllib.request
readme = open("README.md", encoding="utf-8").read()
body = re.search(r"<<'JSON'\n(.*?)\nJSON\n", readme, re.S).group(1).encode("utf-8")
req = urllib.request.Request("http://localhost:%s/api/v1/evaluations" % sys.argv[1], data=body,
                             headers={"Content-Type": "application/json"})
with urllib.request.urlopen(req) as r:
    d = json.load(r)
assert r.status == 200 and len(d["menu"]["items"]) == 36 and d["rulesetVersion"].startswith("sha256:"), d
print("smoke: README request answered 200 on", d["rulesetVersion"])
PY
