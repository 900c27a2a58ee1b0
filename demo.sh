#!/usr/bin/env bash
# Builds Lantern, starts the demo app with the agent attached, drives some traffic and prints where
# to look. Runs until Ctrl-C (or for DEMO_SECONDS seconds when that is set).
set -euo pipefail
cd "$(dirname "$0")"
APP_PORT="${DEMO_PORT:-8080}"
METRICS_PORT="${DEMO_METRICS_PORT:-9464}"
LOG_FILE="$PWD/logs/lantern.log"

echo "==> building (./mvnw package, tests skipped)"
./mvnw -q -B -DskipTests package

mkdir -p logs
rm -f "$LOG_FILE"
echo "==> starting the demo app with -javaagent:agent/target/lantern-agent.jar"
java -javaagent:agent/target/lantern-agent.jar \
  -Dlantern.service.name=lantern-demo -Dlantern.metrics.port="$METRICS_PORT" -Dlantern.log.file="$LOG_FILE" \
  "-Dlantern.methods.include=com.example.demo.DemoOperations[greet,fail]" \
  -Dlantern.logs.capture=true \
  -Dapp.port="$APP_PORT" -jar test-apps/demo/target/demo.jar > logs/demo-app.out 2>&1 &
APP_PID=$!
trap 'kill $APP_PID 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 600); do
  grep -q '^LISTENING' logs/demo-app.out 2>/dev/null && break
  kill -0 $APP_PID 2>/dev/null || { cat logs/demo-app.out; echo "demo app exited"; exit 1; }
  sleep 0.1
done

echo "==> sending traffic"
for i in $(seq 1 60); do
  curl -s -o /dev/null "http://localhost:$APP_PORT/hello"
  curl -s -o /dev/null "http://localhost:$APP_PORT/users/$i"
  [ $((i % 10)) -eq 0 ] && curl -s -o /dev/null "http://localhost:$APP_PORT/slow"
  [ $((i % 15)) -eq 0 ] && curl -s -o /dev/null "http://localhost:$APP_PORT/orders"
  [ $((i % 20)) -eq 0 ] && { curl -s -o /dev/null "http://localhost:$APP_PORT/error" || true; }
  [ $((i % 6)) -eq 0 ] && curl -s -o /dev/null "http://localhost:$APP_PORT/ask"
  [ $((i % 6)) -eq 3 ] && curl -s -o /dev/null "http://localhost:$APP_PORT/ask/stream"
  [ $((i % 30)) -eq 0 ] && { curl -s -o /dev/null "http://localhost:$APP_PORT/ask/limited" || true; }
done
TRACE_ID=4bf92f3577b34da6a3ce929d0e0e4736
curl -s -o /dev/null -H "traceparent: 00-$TRACE_ID-00f067aa0ba902b7-01" "http://localhost:$APP_PORT/users/42"
sleep 0.5

cat <<MSG

Lantern demo is running (app pid $APP_PID).
  App:        http://localhost:$APP_PORT/hello   /users/{id}   /orders (N+1 queries)   /slow   /error
              /ask  /ask/stream  /ask/limited (a language model through the OpenAI SDK; the
              "provider" is a fake one on loopback inside the app: no key, no cost)
  Metrics:    http://localhost:$METRICS_PORT/metrics
  Events:     $LOG_FILE   ($(wc -l < "$LOG_FILE") lines so far)

Try:
  curl -s localhost:$METRICS_PORT/metrics | grep '^http_server_request_duration_seconds_count'
  curl -s -H 'Accept: application/openmetrics-text' localhost:$METRICS_PORT/metrics | grep 'trace_id' | head -3
  grep $TRACE_ID $LOG_FILE        # the request sent with a traceparent, continued
  grep gen_ai_call $LOG_FILE | tail -2                                   # AI calls: tokens, cost, ttfc
  curl -s localhost:$METRICS_PORT/metrics | grep -E '^(gen_ai|lantern_gen_ai)' | grep -v _bucket
  curl -H 'traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' localhost:$APP_PORT/users/7

Request counts so far:
MSG
curl -s "localhost:$METRICS_PORT/metrics" | grep '^http_server_request_duration_seconds_count' || true
if [ -n "${DEMO_SECONDS:-}" ]; then
  sleep "$DEMO_SECONDS"
else
  echo; echo "Ctrl-C to stop."
  wait $APP_PID
fi
