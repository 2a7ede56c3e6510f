package io.berth.server.config;

import com.typesafe.config.Config;
import java.util.List;

/**
 * Keys Berth used to read and no longer does. An old file that still sets one starts anyway (refusing it would stop
 * an upgrade for a line that does no harm now); the broker says at start what replaced it.
 */
final class ObsoleteKeys {
  private ObsoleteKeys() {}

  /** {@code merged} without the obsolete keys it sets; a warning for each goes to {@code warnings}. */
  static Config remove(Config merged, Problems problems, List<String> warnings) {
    Config out = merged;
    if (out.hasPathOrNull("admin.socket")) {
      warnings.add(problems.where(out.getValue("admin").origin()) + ": admin.socket is no longer used and is"
          + " ignored: berth ctl now talks to the management REST API (dashboard.listeners.http, key in"
          + " node.data_dir/ctl.key; docs/api.md#berth-ctl). Remove the line.");
      out = out.withoutPath("admin.socket");
      if (out.getObject("admin").isEmpty()) {
        out = out.withoutPath("admin");
      }
    }
    return out;
  }
}
