package io.berth.core.security.jwt;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import io.berth.core.security.AuthRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The checks of a verified token's claims: its time window and {@code verify_claims}; and its claims as strings. */
final class JwtClaimsCheck {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
  private static final List<String> PLACEHOLDERS = List.of("username", "clientid");

  private JwtClaimsCheck() {}

  /** Refuses a verify_claims value with a placeholder other than ${username} and ${clientid}. */
  static void checkTemplates(Map<String, String> verifyClaims) throws JwtConfigException {
    for (Map.Entry<String, String> e : verifyClaims.entrySet()) {
      Matcher m = PLACEHOLDER.matcher(e.getValue());
      while (m.find()) {
        if (!PLACEHOLDERS.contains(m.group(1))) {
          throw new JwtConfigException("verify_claims", e.getKey() + " = \"" + e.getValue() + "\": unknown "
              + m.group() + "; allowed: ${username}, ${clientid}");
        }
      }
    }
  }

  /**
   * RFC 7519 4.1.4 and 4.1.5: a token past its {@code exp}, or before its {@code nbf}, is refused (each claim
   * optional), with {@code skew} of tolerance.
   *
   * @return why the token is refused, or null
   */
  static String timeProblem(JWTClaimsSet claims, Instant now, Duration skew) {
    Date exp = claims.getExpirationTime();
    if (exp != null && now.isAfter(exp.toInstant().plus(skew))) {
      return "JWT expired at " + exp.toInstant();
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.plus(skew).isBefore(nbf.toInstant())) {
      return "JWT not valid before " + nbf.toInstant();
    }
    return null;
  }

  /**
   * Each verify_claims entry: the claim must be present and equal its template filled with the client's values (a
   * list claim: one of its elements).
   *
   * @return why the token is refused, or null
   */
  static String claimsProblem(JWTClaimsSet claims, Map<String, String> verifyClaims, AuthRequest request) {
    for (Map.Entry<String, String> e : verifyClaims.entrySet()) {
      String expected = fill(e.getValue(), request);
      Object actual = claims.getClaim(e.getKey());
      if (expected == null || actual == null || !matches(actual, expected)) {
        return "JWT claim " + e.getKey() + " = " + (actual == null ? "(absent)" : asString(actual))
            + ", verify_claims wants " + (expected == null ? e.getValue() + " (the client has none)" : expected);
      }
    }
    return null;
  }

  private static boolean matches(Object actual, String expected) {
    if (actual instanceof List<?> list) {
      return list.stream().anyMatch(v -> v != null && expected.equals(asString(v)));
    }
    return expected.equals(asString(actual));
  }

  /** The template with ${username} and ${clientid} replaced; null when the client lacks a value it needs. */
  static String fill(String template, AuthRequest request) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = m.group(1).equals("username") ? request.username() : request.clientId();
      if (value == null) {
        return null;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** {@code is_superuser}: true or "true". */
  static boolean superuser(JWTClaimsSet claims) {
    Object v = claims.getClaim("is_superuser");
    return Boolean.TRUE.equals(v) || "true".equals(v);
  }

  /** Every claim as a string (times in epoch seconds, lists and objects as JSON), for ACL templates. */
  static Map<String, String> attributes(JWTClaimsSet claims) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : claims.toJSONObject().entrySet()) {
      if (e.getValue() != null) {
        out.put(e.getKey(), asString(e.getValue()));
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static String asString(Object v) {
    if (v instanceof List<?> list) {
      return JSONArrayUtils.toJSONString(list);
    }
    if (v instanceof Map<?, ?> map) {
      return JSONObjectUtils.toJSONString((Map<String, ?>) map);
    }
    if (v instanceof Date d) {
      return Long.toString(d.getTime() / 1000);
    }
    return String.valueOf(v);
  }
}
