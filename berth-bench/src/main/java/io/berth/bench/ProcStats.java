package io.berth.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a process from Linux /proc: {@code /proc/PID/stat} (utime + stime, in clock ticks
 * of 1/100 s) and {@code /proc/PID/status} (VmRSS). Samples are null when the process is gone or /proc unreadable.
 */
public final class ProcStats {
  /** USER_HZ: 100 on every mainstream Linux (getconf CLK_TCK). */
  static final int TICKS_PER_SECOND = 100;

  private final Path stat;
  private final Path status;

  public ProcStats(String pid) {
    this.stat = Path.of("/proc", pid, "stat");
    this.status = Path.of("/proc", pid, "status");
  }

  public static ProcStats self() {
    return new ProcStats("self");
  }

  /** A sample now, or null. */
  public Sample sample() {
    try {
      return new Sample(System.nanoTime(), cpuTicks(Files.readString(stat)), rssKb(Files.readString(status)));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** utime + stime: fields 14 and 15 of /proc/PID/stat, counted after the command name in parentheses. */
  static long cpuTicks(String statLine) {
    String[] f = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** VmRSS in KiB from /proc/PID/status. */
  static long rssKb(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
      }
    }
    throw new IllegalArgumentException("no VmRSS line");
  }

  /** One reading: when, CPU ticks used so far, RSS. */
  public record Sample(long nanos, long cpuTicks, long rssKb) {
    /** CPU used between {@code earlier} and this sample, in percent of one core. */
    public double cpuPercentSince(Sample earlier) {
      double seconds = (nanos - earlier.nanos) / 1e9;
      return seconds <= 0 ? 0 : (cpuTicks - earlier.cpuTicks) * 100.0 / TICKS_PER_SECOND / seconds;
    }

    public double cpuSecondsSince(Sample earlier) {
      return (cpuTicks - earlier.cpuTicks) / (double) TICKS_PER_SECOND;
    }
  }
}
