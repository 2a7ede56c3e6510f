#!/usr/bin/env bash
# Berth vs Mosquitto vs HiveMQ CE, side by side, on this machine (see docs/benchmarks.md).
#
#   bench/compare.sh [--duration SECONDS] [--rounds N] [--latency-runs N] [--brokers "berth mosquitto hivemq"]
#                    [--out DIR]
#   bench/compare.sh --suite durable [--duration SECONDS] [--rounds N]
#
# --suite durable: QoS 1 fan-in and fan-out to persistent sessions (subscribers with Clean Session 0), against
# Berth with durability.sync = batch (berth-batch), Berth in memory (berth-none: sync = none) and HiveMQ CE with
# its file persistence (hivemq-file): the broker must keep each message for the persistent sessions before it
# acknowledges the publisher.
#
# For each round and each broker in turn: start the broker pinned to CPU 0 on a free 127.0.0.1 port, pre-warm it
# (a short run, discarded), run every scenario with the generator (`berth bench`) pinned to CPU 1, stop it. Then
# write one Markdown table per round with each figure and Berth's ratio to each peer measured in the same round.
# Latency is measured apart, --latency-runs times per round (default 3), the brokers taking turns (a fresh, pre-warmed
# broker per run, the order rotated each time): one run per broker minutes apart measured this VM's drift more than
# the brokers. The table shows the median of each broker's runs.
# Where the kernel runs DAMON, summary.md also lists kdamond's CPU time during each measured latency run.
# Results: DIR/round<N>/<broker>/<case>.{json,log}, DIR/round<N>.md, DIR/summary.md (DIR: bench/results/<time>).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration=10
rounds=2
latency_runs=3
brokers=""
suite=all
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="${2%s}"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --latency-runs) latency_runs="$2"; shift 2 ;;
    --brokers) brokers="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --suite) suite="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$suite" in
  all) brokers="${brokers:-berth mosquitto hivemq}" ;;
  durable) brokers="${brokers:-berth-batch berth-none hivemq-file}" ;;
  *) echo "compare.sh: --suite must be all or durable, not $suite" >&2; exit 2 ;;
esac
out="${out:-$root/bench/results/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
work="$out/work"
mkdir -p "$work"

# JVM flags, the same for Berth and HiveMQ: a 1 GB heap ceiling, the serial collector (what the JVM picks by itself
# when it sees one CPU, as under taskset -c 0; stated so that a bigger machine measures the same thing), and
# the heap on transparent huge pages (what bin/berth start does where the kernel offers them). No periodic native-heap
# trim since round 14: it held the broker's core for milliseconds (docs/benchmarks.md, session 7).
BROKER_JVM=${BROKER_JVM:-"-Xms256m -Xmx1g -XX:+UseSerialGC -XX:+UseTransparentHugePages"}
GEN_JVM=${GEN_JVM:-"-Xms512m -Xmx2g -XX:+UseSerialGC"}
# The latency run's generator compiles with C1 only: C2 compilations on the generator's single core kept preempting
# its busy-polling loop and were most of every broker's p99 (against Mosquitto, back to back: 680-745 us with C2,
# 210-260 us without). C1 code is fast enough for 10,000 msg/s.
GEN_JVM_LATENCY=${GEN_JVM_LATENCY:-"$GEN_JVM -XX:TieredStopAtLevel=1"}
gen_jvm=$GEN_JVM
BROKER_CPU=${BROKER_CPU:-0}
GEN_CPU=${GEN_CPU:-1}
jar="$root/berth-server/target/berth.jar"

log() { echo "compare: $*" >&2; }

# --- build -----------------------------------------------------------------------------------------------------
log "building Berth"
(cd "$root" && mvn -B -q -DskipTests package -pl berth-server -am)

hivemq_ok=0
if [[ " $brokers " == *" hivemq"* ]]; then
  log "resolving HiveMQ CE 2025.5 (bench/hivemq)"
  if (cd "$root/bench/hivemq" && mvn -B -q compile dependency:build-classpath -Dmdep.outputFile="$work/hivemq.cp") \
      > "$work/hivemq-build.log" 2>&1; then
    hivemq_ok=1
  else
    log "HiveMQ CE could not be resolved or built (see $work/hivemq-build.log): it is left out of the tables"
  fi
fi
if [[ " $brokers " == *" mosquitto "* ]] && ! command -v mosquitto >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing mosquitto"
    apt-get install -y mosquitto >/dev/null 2>&1 || (apt-get update >/dev/null 2>&1 && apt-get install -y mosquitto >/dev/null 2>&1) || true
  fi
  command -v mosquitto >/dev/null 2>&1 || log "mosquitto is not installed (apt-get install -y mosquitto): left out"
fi

# --- brokers ---------------------------------------------------------------------------------------------------
free_port() {
  local p
  for p in $(shuf -i 20000-29999 -n 100); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "compare: no free port" >&2; exit 1
}

wait_port() { # port seconds
  local i
  for i in $(seq $(($2 * 10))); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  return 1
}

available() {
  case "$1" in
    berth|berth-batch|berth-none) return 0 ;;
    mosquitto) command -v mosquitto >/dev/null 2>&1 ;;
    hivemq|hivemq-file) [ "$hivemq_ok" = 1 ] ;;
    *) log "unknown broker $1"; return 1 ;;
  esac
}

broker_pid=""
start_broker() { # name port dir -> broker_pid
  local name=$1 port=$2 dir=$3
  mkdir -p "$dir"
  case "$name" in
    berth|berth-batch|berth-none)
      # berth: the defaults (sync = batch, data in $dir/data, unused by the clean-session scenarios of suite all);
      # the WebSocket listener and the dashboard, on by default, stay on but on loopback ports.
      local sync=batch
      [ "$name" = berth-none ] && sync=none
      printf 'node.name = "berth@127.0.0.1"\nnode.data_dir = "%s"\nlisteners.tcp.default.bind = "127.0.0.1:%s"\ndurability.sync = %s\n' \
        "$dir/data" "$port" "$sync" > "$dir/berth.conf"
      printf 'listeners.ws.default.bind = "127.0.0.1:%s"\ndashboard.listeners.http.bind = "127.0.0.1:%s"\n' \
        "$(free_port)" "$(free_port)" >> "$dir/berth.conf"
      taskset -c "$BROKER_CPU" java $BROKER_JVM -jar "$jar" start -c "$dir/berth.conf" > "$dir/broker.log" 2>&1 &
      ;;
    mosquitto)
      cat > "$dir/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
set_tcp_nodelay true
max_queued_messages 1000
max_inflight_messages 32
persistence false
log_dest stderr
log_type error
log_type warning
CONF
      taskset -c "$BROKER_CPU" mosquitto -c "$dir/mosquitto.conf" > "$dir/broker.log" 2>&1 &
      ;;
    hivemq|hivemq-file)
      mkdir -p "$dir/conf" "$dir/data"
      local mode=in-memory
      [ "$name" = hivemq-file ] && mode=file
      cat > "$dir/conf/config.xml" <<CONF
<?xml version="1.0"?>
<hivemq>
  <listeners><tcp-listener><port>$port</port><bind-address>127.0.0.1</bind-address></tcp-listener></listeners>
  <mqtt><queued-messages><max-queue-size>1000</max-queue-size></queued-messages></mqtt>
  <persistence><mode>$mode</mode></persistence>
  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
</hivemq>
CONF
      taskset -c "$BROKER_CPU" java $BROKER_JVM -cp "$root/bench/hivemq/target/classes:$(cat "$work/hivemq.cp")" \
        io.berth.bench.hivemq.HiveMqLauncher "$dir/conf" "$dir/data" > "$dir/broker.log" 2>&1 &
      ;;
  esac
  broker_pid=$!
  if ! wait_port "$port" 90; then
    log "$name did not start (see $dir/broker.log)"
    stop_broker
    return 1
  fi
}

stop_broker() {
  [ -n "$broker_pid" ] || return 0
  kill -TERM "$broker_pid" 2>/dev/null || true
  local i
  for i in $(seq 150); do kill -0 "$broker_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$broker_pid" 2>/dev/null || true
  wait "$broker_pid" 2>/dev/null || true
  broker_pid=""
}
trap stop_broker EXIT

bench() { # port dir case args...
  local port=$1 dir=$2 name=$3
  shift 3
  if ! timeout $((duration + 180)) taskset -c "$GEN_CPU" java $gen_jvm -jar "$jar" bench "$@" -p "$port" \
      --duration "$duration" --pid "$broker_pid" --json "$dir/$name.json" > "$dir/$name.log" 2>&1; then
    log "  $name failed: $(tail -1 "$dir/$name.log")"
    rm -f "$dir/$name.json"
  fi
}

# Suite durable: persistent subscribers (Clean Session 0), QoS 1, fan-in and fan-out.
run_durable() { # name round-dir
  local name=$1 dir=$2/$1 port
  available "$name" || return 0
  port=$(free_port)
  log "$name on 127.0.0.1:$port ($dir)"
  start_broker "$name" "$port" "$dir" || return 0
  timeout 60 taskset -c "$GEN_CPU" java $GEN_JVM -jar "$jar" bench fanout --qos 1 --clean false -p "$port" --duration 3 > "$dir/warmup.log" 2>&1 || true
  for s in fanin fanout; do
    log "  $s QoS 1, persistent subscribers"
    bench "$port" "$dir" "$s-q1-persistent" "$s" --qos 1 --clean false
  done
  stop_broker
}

is_jvm() { # name
  case "$1" in berth*|hivemq*) return 0 ;; *) return 1 ;; esac
}

run_broker() { # name round-dir
  local name=$1 dir=$2/$1 port
  available "$name" || return 0
  port=$(free_port)
  log "$name on 127.0.0.1:$port ($dir)"
  start_broker "$name" "$port" "$dir" || return 0
  # Pre-warm: JIT and pools (discarded).
  timeout 60 taskset -c "$GEN_CPU" java $GEN_JVM -jar "$jar" bench fanin -p "$port" --duration 3 > "$dir/warmup.log" 2>&1 || true
  timeout 60 taskset -c "$GEN_CPU" java $GEN_JVM -jar "$jar" bench fanout --qos 1 -p "$port" --duration 3 >> "$dir/warmup.log" 2>&1 || true
  for q in 0 1; do
    for s in fanin fanout p2p; do
      log "  $s QoS $q"
      bench "$port" "$dir" "$s-q$q" "$s" --qos "$q"
    done
  done
  log "  flood"
  bench "$port" "$dir" flood-q0 flood
  stop_broker
  # conn on a fresh broker: its RSS per connection is not hidden in memory an earlier run made the broker take.
  # A second run on the same broker measures the rate with the connection code compiled (JIT brokers).
  port=$(free_port)
  start_broker "$name" "$port" "$dir" || return 0
  # A JVM broker is warmed with as many connections as the measured run opens (then closed): the JIT compiles the
  # connection path, and the young generation, a fixed-size area (~70 MB with -Xms256m), is cycled at least once.
  # Otherwise the baseline depends on how much of it a fresh JVM happened to have touched: the same Berth build
  # measured 2.2 and 3.6 KB per connection that way. What the connections keep is promoted to the old generation,
  # which grows into pages not touched before (no full collection runs), so it is still counted. Not always: in
  # one round (docs/benchmarks.md, round 17) the warm-up's garbage was reclaimed first and the measured connections
  # reused its pages (0.6 B per connection reported); a figure far below the other round's is that, not a saving.
  # Mosquitto, a C program with nothing to compile, keeps a small warm-up: a large one would let it reuse the memory
  # it freed.
  local warm=(--clients 1000)
  is_jvm "$name" && warm=() # bench conn's default: the measured run's count
  timeout 120 taskset -c "$GEN_CPU" java $GEN_JVM -jar "$jar" bench conn "${warm[@]}" -p "$port" --duration 1 \
    >> "$dir/warmup.log" 2>&1 || true
  # Settle before the RSS baseline: the warm-up's compilations and connection teardown finish first.
  sleep 12
  log "  conn"
  bench "$port" "$dir" conn conn
  sleep 2
  log "  conn, second run (rate)"
  bench "$port" "$dir" conn-rate conn
  stop_broker
}

# CPU time (ns) the kernel's DAMON threads have used so far, empty where none runs. Their passes hold the broker's core
# for milliseconds, longer the more memory the broker keeps (docs/benchmarks.md, session 8): shown per latency run.
kdamond_ns() {
  local p total="" t
  for p in $(pgrep '^kdamond' || true); do
    read -r t _ < "/proc/$p/schedstat" 2>/dev/null || continue
    total=$(( ${total:-0} + t ))
  done
  echo "$total"
}

# Latency, run i of a round: each broker in turn (the order rotated by i), fresh and pre-warmed, one latency run.
latency_run() { # round-dir i
  local i=$2 order=() n b k port dir
  for b in $available_list; do order+=("$b"); done
  n=${#order[@]}
  for k in $(seq 0 $((n - 1))); do
    b=${order[$(((k + i) % n))]}
    dir=$1/$b
    port=$(free_port)
    log "$b: latency run $i on 127.0.0.1:$port"
    start_broker "$b" "$port" "$dir/latency-$i" || continue
    # Pre-warm with the latency path itself: after a fanin alone a JVM broker's C2 compiler still ran ~0.6 s of CPU
    # on the broker's core during the measured run, and Berth's p99 doubled (958 us vs 502 us after this warm-up).
    timeout 60 taskset -c "$GEN_CPU" java $GEN_JVM -jar "$jar" bench fanin -p "$port" --duration 3 > "$dir/latency-$i/warmup.log" 2>&1 || true
    timeout 90 taskset -c "$GEN_CPU" java $GEN_JVM_LATENCY -jar "$jar" bench latency -p "$port" --duration 10 >> "$dir/latency-$i/warmup.log" 2>&1 || true
    gen_jvm=$GEN_JVM_LATENCY
    local k0 k1
    k0=$(kdamond_ns)
    bench "$port" "$dir" "latency-q0-$i" latency
    k1=$(kdamond_ns)
    [ -z "$k0" ] || echo $(( (k1 - k0) / 1000000 )) > "$dir/latency-$i/kdamond-ms"
    gen_jvm=$GEN_JVM
    stop_broker
  done
}

facts() {
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- command: \`bench/compare.sh --suite $suite --duration $duration --rounds $rounds --latency-runs $latency_runs --brokers \"$brokers\"\`"
  echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), nproc $(nproc); broker on CPU $BROKER_CPU, generator on CPU $GEN_CPU"
  echo "- java: $(java -version 2>&1 | head -1)"
  echo "- mosquitto: $( (mosquitto -h 2>/dev/null || true) | head -1)"
  echo "- broker JVM: \`$BROKER_JVM\`; generator JVM: \`$GEN_JVM\` (latency: \`$GEN_JVM_LATENCY\`); ulimit -n $(ulimit -n)"
}

# The machine's latency floor: an echo server sleeping in read() on the broker's CPU, pinged at 10,000/s from the
# generator's CPU by a busy-polling client. No broker answers faster here; latency rows are read against it.
echo_floor() {
  local port pid line
  port=$(free_port)
  taskset -c "$BROKER_CPU" java "$root/bench/floor/EchoFloor.java" serve "$port" > /dev/null 2>&1 &
  pid=$!
  if wait_port "$port" 30; then
    line=$(timeout 120 taskset -c "$GEN_CPU" java "$root/bench/floor/EchoFloor.java" ping "$port" "$duration" 2>&1 | tail -1)
  else
    line="the echo server did not start"
  fi
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "- machine floor, $line"
}

# One line: each broker's kdamond milliseconds over its latency runs of the round, or nothing without DAMON.
kdamond_line() { # round-dir
  local b f line=""
  for b in $available_list; do
    local ms=""
    for f in "$1/$b"/latency-*/kdamond-ms; do [ -f "$f" ] && ms="${ms:+$ms, }$(cat "$f")"; done
    [ -z "$ms" ] || line="${line:+$line; }$b $ms"
  done
  [ -z "$line" ] || echo "- kdamond (the kernel's DAMON) CPU during each measured latency run, ms: $line"
}

available_list=""
for b in $brokers; do available "$b" && available_list="$available_list $b"; done
{ echo "# Berth vs peers"; echo; facts; echo; } > "$out/summary.md"
for r in $(seq "$rounds"); do
  for b in $available_list; do
    if [ "$suite" = durable ]; then run_durable "$b" "$out/round$r"; else run_broker "$b" "$out/round$r"; fi
  done
  if [ "$suite" = all ]; then
    for i in $(seq "$latency_runs"); do latency_run "$out/round$r" "$i"; done
  fi
  table_opt=""
  [ "$suite" = durable ] && table_opt="--durable"
  java -cp "$jar" io.berth.bench.CompareTable $table_opt "$out/round$r" $available_list > "$out/round$r.md"
  floor_line=""
  [ "$suite" = durable ] || floor_line=$(echo_floor)
  kd_line=""
  [ "$suite" = durable ] || kd_line=$(kdamond_line "$out/round$r")
  { echo "## Round $r"; echo; [ -z "$floor_line" ] || { echo "$floor_line"; echo; }; [ -z "$kd_line" ] || { echo "$kd_line"; echo; }
    cat "$out/round$r.md"; echo; } >> "$out/summary.md"
  log "round $r: $out/round$r.md"
done
cat "$out/summary.md"
