#!/usr/bin/env python3
"""Where a latency tail comes from: the slow episodes of a `berth bench ... --trace FILE` run.

    bench/episodes.py TRACE [--threshold-us 150] [--timehist FILE] [--list]

An episode is a run of messages slower than the threshold, sent less than 1 ms apart. The report gives how many
episodes there were, how many reached 1 ms, whether the long ones recur with a fixed period (a timer somewhere: a
kernel thread, a JVM task), and, with --timehist, what else ran on the broker's CPU during each long episode.
--timehist takes `perf sched timehist` output of a `perf sched record -k CLOCK_MONOTONIC -C CPU` taken during the
traced run: the trace's times are the generator's System.nanoTime(), CLOCK_MONOTONIC on Linux, the same clock.
Pure Python (no numpy): runs wherever the benchmark does.
"""
import argparse
import array
import collections
import re
import sys

GAP_NS = 1_000_000  # slow messages sent closer together than this belong to one episode
LONG_NS = 1_000_000  # a "long" episode: some message in it took 1 ms or more


def read_trace(path):
    values = array.array("q")  # 8 bytes a value: a 20 M-message trace takes 320 MB, not a tuple of Python ints
    with open(path, "rb") as f:
        data = f.read()
    values.frombytes(data[: len(data) // 16 * 16])
    if sys.byteorder == "little":
        values.byteswap()  # the trace is big-endian
    return values[0::2], values[1::2]


def percentile(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p / 100))]


def episodes(sent, received, threshold_ns):
    found = []
    for s, r in zip(sent, received):
        if r - s <= threshold_ns:
            continue
        last = found[-1] if found else None
        if last and s - last["last_sent"] < GAP_NS:
            last["last_sent"] = s
            last["end"] = max(last["end"], r)
            last["messages"] += 1
            last["worst"] = max(last["worst"], r - s)
        else:
            found.append({"start": s, "last_sent": s, "end": r, "messages": 1, "worst": r - s})
    return found


def strongest_period(starts_ms, low=250.0, high=1100.0, step=0.1, bin_ms=10.0):
    """The period (ms) at which the most episode starts fall in one 10 ms bin of phase, and how many do. Events every
    512 ms also line up every 256 ms: of the periods within 90 % of the best count, the longest is the one."""
    scores = []
    period = low
    while period <= high:
        bins = collections.Counter(int((t % period) / bin_ms) for t in starts_ms)
        phase, hits = bins.most_common(1)[0]
        scores.append((hits, period, phase * bin_ms))
        period += step
    top = max(hits for hits, _, _ in scores)
    return max((s for s in scores if s[0] >= 0.9 * top), key=lambda s: s[1])


TIMEHIST = re.compile(r"\s*([\d.]+)\s+\[(\d+)\]\s+(.+?)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*$")


def read_timehist(path):
    """(start_ns, end_ns, task) of every slice `perf sched timehist` printed (its time is the slice's end)."""
    slices = []
    for line in open(path, errors="replace"):
        m = TIMEHIST.match(line)
        if m:
            end = float(m.group(1)) * 1e9
            run = float(m.group(6)) * 1e6
            slices.append((end - run, end, m.group(3)))
    slices.sort()
    return slices


def task_name(task):
    return re.sub(r"\[.*", "", task).strip()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("trace")
    ap.add_argument("--threshold-us", type=float, default=150)
    ap.add_argument("--timehist", help="perf sched timehist output for the broker's CPU")
    ap.add_argument("--list", action="store_true", help="print every long episode")
    a = ap.parse_args()

    sent, received = read_trace(a.trace)
    if not sent:
        sys.exit("episodes.py: %s holds no messages" % a.trace)
    latencies = sorted(r - s for s, r in zip(sent, received))
    seconds = (sent[-1] - sent[0]) / 1e9 or 1
    found = episodes(sent, received, a.threshold_us * 1000)
    long_ones = [e for e in found if e["worst"] >= LONG_NS]
    print("%s: %d messages over %.1f s; p50 %.0f us, p99 %.0f us, p99.9 %.0f us" % (
        a.trace, len(sent), seconds, percentile(latencies, 50) / 1e3, percentile(latencies, 99) / 1e3,
        percentile(latencies, 99.9) / 1e3))
    print("episodes over %.0f us: %d (%.1f/s), holding %d messages; reaching 1 ms: %d" % (
        a.threshold_us, len(found), len(found) / seconds, sum(e["messages"] for e in found), len(long_ones)))

    several = [e["start"] / 1e6 for e in long_ones if e["messages"] > 1]
    if len(several) >= 4:
        hits, period, phase = strongest_period(several)
        print("long episodes of several messages: %d; the most at one period: %d every %.1f ms (phase %.0f ms; "
              "%.1f expected by chance)" % (len(several), hits, period, phase, len(several) * 10.0 / period))

    slices = read_timehist(a.timehist) if a.timehist else []
    if slices:  # only the episodes wholly inside the perf record: a partial one would be read as quieter than it was
        long_ones = [e for e in long_ones if slices[0][0] <= e["start"] - GAP_NS and e["end"] <= slices[-1][1]]
    totals, counts = collections.Counter(), collections.Counter()
    for e in long_ones:
        begin, end = e["start"] - GAP_NS, e["end"]
        ran = collections.Counter()
        for s0, s1, task in slices:
            if s0 > end:
                break
            overlap = min(s1, end) - max(s0, begin)
            if overlap > 0:
                ran[task_name(task)] += overlap
        for task, ns in ran.items():
            totals[task] += ns
            counts[task] += 1
        if a.list:
            print("  %+10.1f ms: %3d messages, worst %5.0f us%s" % (
                (e["start"] - sent[0]) / 1e6, e["messages"], e["worst"] / 1e3,
                "".join("; %s %.0f us" % (t, ns / 1e3) for t, ns in ran.most_common(4))))
    if slices:
        print("on the CPU during the %d long episodes inside the perf record (task: ms in all, episodes present):"
              % len(long_ones))
        for task, ns in totals.most_common(12):
            print("  %-34s %8.1f  %4d" % (task, ns / 1e6, counts[task]))


if __name__ == "__main__":
    main()
