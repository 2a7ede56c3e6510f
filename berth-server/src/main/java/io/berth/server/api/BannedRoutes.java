package io.berth.server.api;

import io.berth.core.security.ban.Ban;
import io.berth.core.security.ban.BanKind;
import io.berth.core.security.ban.BanList;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * {@code /api/v5/banned}, shaped like EMQX's: list, add and lift bans of client ids, user names, addresses, networks
 * and regular expressions. A ban takes effect at once: the {@link BanList}'s listeners close what it covers.
 */
public final class BannedRoutes implements Consumer<RoutesConfig> {
  private static final String BASE = "/api/v5/banned";
  /** {@code until} of a ban without an end. */
  static final String FOREVER = "infinity";
  /** A ban's length when the request gives no {@code until}: a year, as EMQX's API. */
  static final long DEFAULT_MILLIS = 365L * 86_400_000L;

  private final BanList bans;
  private final LongSupplier clock;
  private final Json json;
  private final AuditLog audit;

  /**
   * A ban as the API shows and takes it.
   *
   * @param as the kind: clientid, username, peerhost, cidr, clientid_re, username_re
   * @param who the value (addresses and networks in their canonical spelling)
   * @param at when it was made, ISO-8601 (default: now)
   * @param until when it ends, ISO-8601, or "infinity" (default, as EMQX's: a year from now)
   */
  record BanView(String as, String who, String by, String reason, String at, String until) {
    static BanView of(Ban b) {
      return new BanView(b.kind().word(), b.value(), b.by(), b.reason(), Instant.ofEpochMilli(b.atMillis())
          .toString(), b.untilMillis() == Ban.FOREVER ? FOREVER : Instant.ofEpochMilli(b.untilMillis()).toString());
    }
  }

  record Page(List<BanView> data, Meta meta) {}

  record Meta(int page, int limit, int count) {}

  public BannedRoutes(BanList bans, LongSupplier clock, Json json, AuditLog audit) {
    this.bans = bans;
    this.clock = clock;
    this.json = json;
    this.audit = audit;
  }

  @Override
  public void accept(RoutesConfig r) {
    r.get(BASE, this::list);
    r.post(BASE, this::add);
    // <who>: a network ("10.0.0.0/8") or an expression may hold slashes
    r.delete(BASE + "/{as}/<who>", this::remove);
  }

  /** EMQX's paging: {@code page} from 1, {@code limit} items a page (100 by default); {@code count} is the total. */
  private void list(Context ctx) {
    List<BanView> all = bans.list().stream().map(BanView::of).toList();
    int page = number(ctx, "page", 1);
    int limit = number(ctx, "limit", 100);
    int from = (int) Math.min((long) (page - 1) * limit, all.size());
    int to = (int) Math.min((long) from + limit, all.size());
    json.send(ctx, 200, new Page(all.subList(from, to), new Meta(page, limit, all.size())));
  }

  private static int number(Context ctx, String name, int absent) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) {
      return absent;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.badRequest("query parameter '" + name + "': expected a number from 1, not '" + v + "'");
  }

  private void add(Context ctx) {
    BanView body = json.read(ctx, BanView.class);
    String target = body.as() + ":" + body.who();
    audit.audited(ctx, "ban_add", target, () -> {
      BanKind kind = kind(Fields.required(body.as(), "as"));
      long now = clock.getAsLong();
      long at = body.at() == null ? now : time(body.at(), "at");
      long until = body.until() == null ? now + DEFAULT_MILLIS
          : body.until().equals(FOREVER) ? Ban.FOREVER : time(body.until(), "until");
      if (until <= now) {
        throw ApiException.badRequest("field 'until': " + body.until() + " is not in the future");
      }
      Ban ban;
      try {
        ban = Ban.of(kind, Fields.required(body.who(), "who"), body.reason(),
            body.by() == null ? RequestInfo.principal(ctx).auditName() : body.by(), at, until);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(kind.word() + " '" + body.who() + "': " + e.getMessage());
      }
      if (bans.list().stream().anyMatch(b -> b.kind() == kind && b.value().equals(ban.value()))) {
        throw new ApiException(409, "ALREADY_EXISTS", "already banned: " + kind.word() + " " + ban.value()
            + " (DELETE it first to change it)");
      }
      if (!bans.add(ban)) {
        throw new ApiException(409, "BAN_LIST_FULL", "the ban list is full (" + BanList.MAX_BANS + " bans);"
            + " remove some first");
      }
      json.send(ctx, 201, BanView.of(ban));
    });
  }

  private void remove(Context ctx) {
    String as = ctx.pathParam("as");
    String who = ctx.pathParam("who");
    audit.audited(ctx, "ban_remove", as + ":" + who, () -> {
      BanKind kind = kind(as);
      if (!bans.remove(kind, who)) {
        throw ApiException.notFound("no ban on " + kind.word() + " " + who);
      }
      ctx.status(204);
    });
  }

  private static BanKind kind(String word) {
    try {
      return BanKind.parse(word);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private static long time(String text, String field) {
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("field '" + field + "': expected an ISO-8601 time such as"
          + " 2026-12-01T10:00:00Z, got '" + text + "'");
    }
  }
}
