package io.berth.core.security.acl;

import io.berth.core.security.Authorizer.Decision;

/** What a matching rule decides. */
enum Permission {
  ALLOW,
  DENY;

  Decision decision() {
    return this == ALLOW ? Decision.ALLOW : Decision.DENY;
  }
}
