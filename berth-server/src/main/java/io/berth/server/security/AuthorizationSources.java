package io.berth.server.security;

import io.berth.core.security.acl.AclFile;
import io.berth.core.security.acl.AclFileException;
import io.berth.core.security.acl.AuthorizationChain;
import io.berth.core.security.acl.AuthorizationSettings;
import io.berth.server.config.AuthorizationConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Loads the ACL files of the {@code authorization} block and makes the broker's {@link AuthorizationChain}. */
public final class AuthorizationSources {
  private final List<AclFile> files;
  private final AuthorizationChain chain;

  private AuthorizationSources(List<AclFile> files, AuthorizationChain chain) {
    this.files = files;
    this.chain = chain;
  }

  /** @throws IOException an ACL file is missing or wrong; the message names the file and line */
  public static AuthorizationSources load(AuthorizationConfig config) throws IOException {
    List<AclFile> files = new ArrayList<>();
    for (AuthorizationConfig.AclSource s : config.sources()) {
      try {
        files.add(AclFile.load(s.path(), s.format()));
      } catch (AclFileException e) {
        throw new IOException(s.key() + ": " + e.getMessage(), e);
      }
    }
    AuthorizationSettings settings = config.settings();
    if (files.isEmpty()) { // no rules at all: authorization is off (but for $SYS), whatever no_match says
      settings = new AuthorizationSettings(AuthorizationSettings.NoMatch.ALLOW, settings.denyAction(),
          settings.sysTopicsSuperuserOnly(), settings.cache());
    }
    return new AuthorizationSources(List.copyOf(files), new AuthorizationChain(files, settings));
  }

  public AuthorizationChain chain() {
    return chain;
  }

  /** The loaded files, to reload when they change. */
  public List<AclFile> files() {
    return files;
  }
}
