package io.berth.server.audit;

import io.berth.server.config.AuthorizationConfig;
import io.berth.server.config.BrokerConfig;
import io.berth.server.config.DashboardConfig;
import io.berth.server.config.ListenerConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The exposure report of a configuration: each listener's reach, encryption and authentication, and the findings
 * by severity. Printed by {@code berth audit}; its listener lines and warnings also make the start-up banner.
 */
public record AuditReport(
    String source, String authorization, List<ListenerExposure> listeners, List<Finding> brokerFindings) {

  /** The report's last line when nothing is HIGH. */
  public static final String NO_HIGH_FINDING = "No high-severity finding.";

  public static AuditReport of(BrokerConfig config, Instant now) {
    List<ListenerExposure> listeners = new ArrayList<>();
    for (ListenerConfig c : config.listeners()) {
      if (c.enabled()) {
        listeners.add(ListenerExposure.of(c, now));
      }
    }
    List<Finding> broker = new ArrayList<>();
    if (listeners.isEmpty()) {
      broker.add(new Finding(Finding.Severity.INFO, "broker", "no listener is enabled.", ""));
    }
    if (config.authorization().sources().isEmpty()) {
      broker.add(new Finding(Finding.Severity.MEDIUM, "broker", "no ACL: every client that gets in may publish and"
          + " subscribe to every topic (but $SYS).", "authorization.sources = [{type = file, path ="
          + " \"etc/acl.conf\"}] with rules per user or client (docs/security.md, Authorization)."));
    }
    dashboard(config.dashboard()).ifPresent(broker::add);
    return new AuditReport(config.source(), describe(config.authorization()), List.copyOf(listeners),
        List.copyOf(broker));
  }

  /** The management API is a way in too: on another machine's reach it should not speak plain HTTP. */
  static java.util.Optional<Finding> dashboard(DashboardConfig d) {
    if (!d.enabled() || Reach.ofHost(d.host()) == Reach.LOCAL) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new Finding(Finding.Severity.MEDIUM, "dashboard", "the management API"
        + " listens on " + d.bind() + " (reachable from " + Reach.ofHost(d.host()).words() + ") without TLS:"
        + " admin passwords and tokens cross the network in clear.", "dashboard.listeners.http.bind ="
        + " \"127.0.0.1:18083\" and serve other machines over dashboard.listeners.https (a certificate and key),"
        + " or reach it through SSH or a VPN, or bind it to a management network only (docs/api.md)."));
  }

  private static String describe(AuthorizationConfig a) {
    if (a.sources().isEmpty()) {
      return "none: every topic but $SYS is open to every client";
    }
    return a.sources().stream().map(s -> s.path().toString()).collect(Collectors.joining(", "))
        + "; no_match = " + a.settings().noMatch().name().toLowerCase(Locale.ROOT)
        + ", deny_action = " + a.settings().denyAction().name().toLowerCase(Locale.ROOT);
  }

  /** Every finding, the most severe first. */
  public List<Finding> findings() {
    List<Finding> all = new ArrayList<>(brokerFindings);
    listeners.forEach(l -> all.addAll(l.findings()));
    all.sort(Comparator.comparing(Finding::severity));
    return all;
  }

  public boolean hasHigh() {
    return findings().stream().anyMatch(f -> f.severity() == Finding.Severity.HIGH);
  }

  /** The report as text for a terminal. */
  public String render() {
    StringBuilder b = new StringBuilder("Exposure report for " + source + "\n\nAuthorization\n  "
        + authorization + "\n\nListeners\n");
    for (ListenerExposure l : listeners) {
      b.append("  ").append(l.listener().id()).append("  ").append(address(l.listener()))
          .append("\n    reachable from: ").append(l.reach().words())
          .append("\n    encryption:     ").append(l.encryption())
          .append("\n    authentication: ").append(l.authentication())
          .append("\n    max connections: ").append(l.listener().maxConnections() == Integer.MAX_VALUE
              ? "infinity" : String.valueOf(l.listener().maxConnections()))
          .append('\n');
    }
    List<Finding> findings = findings();
    b.append("\nFindings\n");
    if (findings.isEmpty()) {
      b.append("  none\n");
    }
    findings.forEach(f -> b.append("  ").append(f).append('\n'));
    long high = findings.stream().filter(f -> f.severity() == Finding.Severity.HIGH).count();
    b.append('\n').append(high == 0 ? NO_HIGH_FINDING : high + " high-severity finding"
        + (high == 1 ? "" : "s") + ": fix before exposing this broker.").append('\n');
    return b.toString();
  }

  static String address(ListenerConfig c) {
    return c.unix() != null ? c.unix().path().toString()
        : (c.host().contains(":") ? "[" + c.host() + "]" : c.host()) + ":" + c.port();
  }
}
