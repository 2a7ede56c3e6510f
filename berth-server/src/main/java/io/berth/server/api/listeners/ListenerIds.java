package io.berth.server.api.listeners;

import io.berth.server.api.ApiException;
import io.berth.server.config.ListenerConfig;
import java.util.regex.Pattern;

/** Listener ids "type:name", checked as the configuration checks them. */
final class ListenerIds {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private ListenerIds() {}

  static String id(String type, String name) {
    if (!ListenerConfig.TYPES.contains(type)) {
      throw ApiException.badRequest("field 'type': expected one of " + String.join(", ", ListenerConfig.TYPES));
    }
    if (name == null || !NAME.matcher(name).matches()) {
      throw ApiException.badRequest("field 'name': expected 1 to 64 letters, digits, _ and -");
    }
    return type + ":" + name;
  }

  /** {type, name} of an existing listener's id. */
  static String[] split(String id) {
    int colon = id.indexOf(':');
    return new String[] {id.substring(0, colon), id.substring(colon + 1)};
  }
}
