#!/usr/bin/env bash
# Profiles Berth with JFR while `berth bench` loads it: broker on CPU 0, generator on CPU 1, as in compare.sh.
#   bench/profile.sh [SCENARIO...]     (default: fanin fanout, QoS 0, 10 s each)
# For each scenario: a warm-up run, then a JFR recording (profile settings: execution samples every 10-20 ms,
# allocation samples) during a measured run; prints the top 15 frames by CPU samples (top of stack) and the top
# allocation sites (class + top frame, by sampled weight). Recordings: bench/results/profile-<time>/<scenario>.jfr
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(fanin fanout)
duration=${DURATION:-10}
out="$root/bench/results/profile-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
jar="$root/berth-server/target/berth.jar"
(cd "$root" && mvn -B -q -DskipTests package -pl berth-server -am)

port=$(shuf -i 20000-29999 -n 1)
printf 'node.name = "berth@127.0.0.1"\nlisteners.tcp.default.bind = "127.0.0.1:%s"\n' "$port" > "$out/berth.conf"
broker_jvm=${BROKER_JVM:-"-Xms256m -Xmx1g -XX:+UseSerialGC"}
taskset -c 0 java $broker_jvm -XX:+FlightRecorder \
  -jar "$jar" start -c "$out/berth.conf" > "$out/broker.log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 300); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
gen() { taskset -c 1 java -Xms512m -Xmx2g -XX:+UseSerialGC -jar "$jar" bench "$@" -p "$port" --pid "$pid"; }

top_frames() { # file.jfr
  jfr print --events jdk.ExecutionSample "$1" | awk '
    /stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); sub(/[ \t]+line:.*$/, ""); n[$0]++; total++ }
    END { for (f in n) printf "%7d %5.1f%%  %s\n", n[f], 100 * n[f] / total, f }' | sort -rn | sed -n 1,15p
}

top_allocations() { # file.jfr: by sampled weight, class + allocating frame
  jfr print --events jdk.ObjectAllocationSample "$1" | awk '
    /objectClass = / { cls = $3 }
    /weight = / { w = $3; u = $4; m = (u ~ /^kB/) ? 1024 : (u ~ /^MB/) ? 1048576 : (u ~ /^GB/) ? 1073741824 : 1; weight = w * m }
    /stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); sub(/[ \t]+line:.*$/, ""); key = cls "  <-  " $0; n[key] += weight; total += weight }
    END { for (k in n) printf "%9.1f MB %5.1f%%  %s\n", n[k] / 1048576, 100 * n[k] / total, k }' | sort -rn | sed -n 1,15p
}

for s in "${scenarios[@]}"; do
  gen "$s" --duration 5 > "$out/$s-warmup.log" 2>&1
  jcmd "$pid" JFR.start name="$s" settings=profile duration="$((duration + 5))s" filename="$out/$s.jfr" > /dev/null
  gen "$s" --duration "$duration" > "$out/$s.log" 2>&1
  jcmd "$pid" JFR.stop name="$s" > /dev/null 2>&1 || true
  for _ in $(seq 100); do [ -s "$out/$s.jfr" ] && break; sleep 0.1; done
  echo "== $s: $(grep -E 'delivered_msg_s|broker_cpu_pct' "$out/$s.log" | tr -s ' ' | tr '\n' ' ')"
  echo "-- top 15 frames by CPU samples (top of stack)"
  top_frames "$out/$s.jfr"
  echo "-- top allocation sites (class <- frame, by sampled weight)"
  top_allocations "$out/$s.jfr"
done | tee "$out/profile.txt"
