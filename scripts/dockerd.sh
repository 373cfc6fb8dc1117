#!/usr/bin/env bash
# Makes sure a Docker Engine answers on /var/run/docker.sock for berth's tests.
#
#   scripts/dockerd.sh start   an engine that already answers is left alone; otherwise
#                              installs Debian's docker.io when dockerd is missing, starts
#                              dockerd in the background (log: /tmp/berth-dockerd.log) and
#                              waits until it answers (at most BERTH_DOCKERD_WAIT seconds, 60).
#   scripts/dockerd.sh stop    stops the dockerd this script started, and nothing else.
#   scripts/dockerd.sh status  exit 0 when an engine answers.
#
# Needs root to install or start anything. Concurrent callers are serialised by a lock.
set -euo pipefail

socket=/var/run/docker.sock
log=/tmp/berth-dockerd.log
pid_file=/tmp/berth-dockerd.pid
lock_file=/tmp/berth-dockerd.lock
wait_seconds="${BERTH_DOCKERD_WAIT:-60}"

answers() {
  [ -S "$socket" ] || return 1
  if command -v curl >/dev/null 2>&1; then
    curl -sf --max-time 5 --unix-socket "$socket" http://localhost/_ping >/dev/null 2>&1
  elif command -v docker >/dev/null 2>&1; then
    DOCKER_HOST="unix://$socket" timeout 10 docker version >/dev/null 2>&1
  else
    return 1
  fi
}

ours_running() {
  [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

install_docker() {
  if command -v dockerd >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" != 0 ]; then
    echo "dockerd.sh: dockerd is not installed; run as root (apt-get install -y docker.io) or start a Docker Engine yourself" >&2
    exit 1
  fi
  echo "dockerd.sh: installing docker.io" >&2
  # One update only when the package lists are missing or older than a day.
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null | head -n 1)" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
}

start() {
  if answers; then return 0; fi
  exec 9>"$lock_file"
  flock 9
  # Another caller may have started it while we waited for the lock.
  if answers; then return 0; fi
  if ! ours_running; then
    if [ "$(id -u)" != 0 ]; then
      echo "dockerd.sh: no Docker Engine answers on $socket and only root can start one; start it yourself or run as root" >&2
      exit 1
    fi
    install_docker
    # A stale socket or pid file from a killed daemon makes dockerd refuse to start.
    if [ -f /var/run/docker.pid ] && ! kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
      rm -f /var/run/docker.pid
    fi
    echo "dockerd.sh: starting dockerd (log: $log)" >&2
    # fd 9 holds the lock; the daemon must not inherit it.
    setsid dockerd >"$log" 2>&1 </dev/null 9>&- &
    echo $! >"$pid_file"
  fi
  local deadline=$((SECONDS + wait_seconds))
  until answers; do
    if ! ours_running; then
      echo "dockerd.sh: dockerd exited while starting; the end of $log:" >&2
      tail -n 20 "$log" >&2 || true
      rm -f "$pid_file"
      exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "dockerd.sh: dockerd did not answer on $socket within ${wait_seconds}s; see $log" >&2
      exit 1
    fi
    sleep 0.2
  done
  echo "dockerd.sh: dockerd is up" >&2
}

stop() {
  if ! [ -f "$pid_file" ]; then return 0; fi
  exec 9>"$lock_file"
  flock 9
  local pid
  pid="$(cat "$pid_file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    local deadline=$((SECONDS + 30))
    while kill -0 "$pid" 2>/dev/null; do
      if [ "$SECONDS" -ge "$deadline" ]; then
        echo "dockerd.sh: dockerd ($pid) did not stop within 30s; killing it" >&2
        kill -KILL "$pid" 2>/dev/null || true
        break
      fi
      sleep 0.2
    done
  fi
  rm -f "$pid_file"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) answers ;;
  *)
    echo "usage: scripts/dockerd.sh start|stop|status" >&2
    exit 2
    ;;
esac
