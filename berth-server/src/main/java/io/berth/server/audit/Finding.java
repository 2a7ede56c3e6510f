package io.berth.server.audit;

/**
 * One thing the exposure audit found, in plain words, with what to do about it.
 *
 * @param scope the listener id ("tcp:default") or "broker"
 */
public record Finding(Severity severity, String scope, String problem, String fix) {

  /** HIGH: an open door (anyone may connect, or credentials travel in clear); the audit then exits non-zero. */
  public enum Severity {
    HIGH,
    MEDIUM,
    LOW,
    INFO
  }

  @Override
  public String toString() {
    return severity + "  " + scope + ": " + problem + (fix.isEmpty() ? "" : " Fix: " + fix);
  }
}
