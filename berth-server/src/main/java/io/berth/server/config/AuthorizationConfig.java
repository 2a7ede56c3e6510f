package io.berth.server.config;

import io.berth.core.security.acl.AclFormat;
import io.berth.core.security.acl.AuthorizationSettings;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code authorization} block: the ACL sources asked in order and the settings of the chain. Without sources,
 * authorization is off (every client may publish and subscribe to every topic but $SYS; `berth audit` says so).
 */
public record AuthorizationConfig(List<AclSource> sources, AuthorizationSettings settings) {
  public AuthorizationConfig {
    sources = List.copyOf(sources);
  }

  /** No authorization at all, $SYS included: brokers embedded in tests. */
  public static AuthorizationConfig off() {
    return new AuthorizationConfig(List.of(), new AuthorizationSettings(AuthorizationSettings.NoMatch.ALLOW,
        AuthorizationSettings.DenyAction.IGNORE, false, AuthorizationSettings.CacheSettings.defaults()));
  }

  /** One {@code type = file} source: an ACL file in EMQX or Mosquitto syntax. */
  public record AclSource(String key, Path path, AclFormat format) {}
}
