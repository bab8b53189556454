#!/usr/bin/env bash
# Starts or stops dynalite, a DynamoDB-protocol emulator from npm, for the DynamoDB metrics store tests.
#   scripts/dynalite.sh start [port]   installs it from scripts/dynalite/package-lock.json (npm ci) if needed,
#                                       starts it on 127.0.0.1:port (default 8111) and waits until it answers
#   scripts/dynalite.sh stop [port]    stops the instance this script started on that port
# Tests find it through DYNALITE_ENDPOINT=http://127.0.0.1:<port> (scripts/test.sh sets it).
set -euo pipefail
cd "$(dirname "$0")/dynalite"

action="${1:-}"
port="${2:-${DYNALITE_PORT:-8111}}"
# pid and log live in the git-ignored node_modules of this checkout: another checkout's stop never kills ours
pid_file="$PWD/node_modules/.dynalite-$port.pid"
log_file="$PWD/node_modules/.dynalite-$port.log"

running() {
  [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

case "$action" in
  start)
    if running; then
      echo "dynalite already running on port $port (pid $(cat "$pid_file"))"
      exit 0
    fi
    if curl -fsS "http://127.0.0.1:$port/" >/dev/null 2>&1; then
      # another checkout's dynalite (same machine) already serves this port: use it, and leave stopping it to its owner
      echo "dynalite already answering on port $port (not started here)"
      exit 0
    fi
    if [ ! -x node_modules/.bin/dynalite ]; then
      echo "installing dynalite (npm ci)"
      npm ci --no-audit --no-fund --loglevel=error
    fi
    # table changes take effect at once: the SDK's table waiter would otherwise poll for 20 s
    nohup node_modules/.bin/dynalite --host 127.0.0.1 --port "$port" \
      --createTableMs 0 --deleteTableMs 0 --updateTableMs 0 >"$log_file" 2>&1 &
    echo $! >"$pid_file"
    for _ in $(seq 1 100); do
      if curl -fsS "http://127.0.0.1:$port/" >/dev/null 2>&1; then
        echo "dynalite ready on http://127.0.0.1:$port (pid $(cat "$pid_file"))"
        exit 0
      fi
      if ! running; then
        echo "dynalite exited during start:" >&2
        cat "$log_file" >&2
        rm -f "$pid_file"
        exit 1
      fi
      sleep 0.1
    done
    echo "dynalite did not answer on port $port within 10 s" >&2
    exit 1
    ;;
  stop)
    if running; then
      kill "$(cat "$pid_file")"
      echo "dynalite on port $port stopped"
    else
      echo "dynalite on port $port was not running"
    fi
    rm -f "$pid_file"
    ;;
  *)
    echo "usage: $0 start|stop [port]" >&2
    exit 2
    ;;
esac
