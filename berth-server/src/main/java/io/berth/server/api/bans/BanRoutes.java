package io.berth.server.api.bans;

import io.berth.core.security.ban.Ban;
import io.berth.core.security.ban.BanKind;
import io.berth.core.security.ban.BanList;
import io.berth.server.api.ApiException;
import io.berth.server.api.AuditLog;
import io.berth.server.api.Fields;
import io.berth.server.api.Json;
import io.berth.server.api.Paging;
import io.berth.server.api.RequestInfo;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * {@code /api/v5/banned}: the broker's {@link BanList}, the one {@code berth ctl banned} changes. A new ban closes the
 * connections it covers at once (the list's listeners), and is saved with the others (banned.txt or the store).
 */
public final class BanRoutes implements Consumer<RoutesConfig> {
  private static final String BASE = "/api/v5/banned";
  /** EMQX's default when {@code until} is left out: a year. */
  static final long DEFAULT_DAYS = 365;
  private final BanList bans;
  private final LongSupplier clock;
  private final Json json;
  private final AuditLog audit;

  /** The body of a new ban. */
  record NewBan(String as, String who, String by, String reason, String until) {}

  public BanRoutes(BanList bans, LongSupplier clock, Json json, AuditLog audit) {
    this.bans = bans;
    this.clock = clock;
    this.json = json;
    this.audit = audit;
  }

  @Override
  public void accept(RoutesConfig r) {
    r.get(BASE, ctx -> json.send(ctx, 200, Paging.of(ctx).page(bans.list().stream().map(BanView::of).toList())));
    r.post(BASE, this::create);
    r.delete(BASE + "/{as}/<who>", this::delete);
  }

  private void create(Context ctx) {
    NewBan req = json.read(ctx, NewBan.class);
    String who = RequestInfo.principal(ctx).auditName();
    String target = req.as() + " " + req.who();
    try {
      BanKind kind = kind(Fields.required(req.as(), "as"));
      String value = Fields.required(req.who(), "who");
      long now = clock.getAsLong();
      long until = until(req.until(), now);
      Ban ban;
      try {
        ban = Ban.of(kind, value, req.reason(), req.by() != null ? req.by() : who, now, until);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("field 'who': " + e.getMessage());
      }
      if (bans.list().stream().anyMatch(b -> b.kind() == kind && b.value().equals(ban.value()))) {
        throw new ApiException(409, "ALREADY_EXISTS", "already banned: " + BanView.word(kind) + " " + ban.value()
            + " (DELETE it first to change it)");
      }
      if (!bans.add(ban)) {
        throw ApiException.badRequest("the ban list is full (" + BanList.MAX_BANS + " bans): remove some first");
      }
      audit.record(who, RequestInfo.address(ctx), "ban_create", target, "success");
      json.send(ctx, 201, BanView.of(ban));
    } catch (ApiException e) {
      audit.record(who, RequestInfo.address(ctx), "ban_create", target, e.code());
      throw e;
    }
  }

  private void delete(Context ctx) {
    String value = ctx.pathParam("who");
    String target = ctx.pathParam("as") + " " + value;
    String who = RequestInfo.principal(ctx).auditName();
    try {
      BanKind kind = kind(ctx.pathParam("as"));
      if (!bans.remove(kind, value)) {
        throw ApiException.notFound("no ban on " + BanView.word(kind) + " '" + value + "'");
      }
      audit.record(who, RequestInfo.address(ctx), "ban_delete", target, "success");
      ctx.status(204);
    } catch (ApiException e) {
      audit.record(who, RequestInfo.address(ctx), "ban_delete", target, e.code());
      throw e;
    }
  }

  private static BanKind kind(String as) {
    try {
      return BanKind.parse(as);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("field 'as': unknown '" + as + "' (expected clientid, username, peerhost,"
          + " peerhost_net, clientid_re or username_re)");
    }
  }

  /** Epoch millis; "infinity" for no end; absent for a year from now. */
  private static long until(String text, long now) {
    if (text == null) {
      return Instant.ofEpochMilli(now).plus(DEFAULT_DAYS, ChronoUnit.DAYS).toEpochMilli();
    }
    if (text.equals("infinity")) {
      return Ban.FOREVER;
    }
    long until;
    try {
      until = Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("field 'until': expected an ISO 8601 time such as 2027-01-31T12:00:00Z, or"
          + " infinity, not '" + text + "'");
    }
    if (until <= now) {
      throw ApiException.badRequest("field 'until': " + text + " is already past");
    }
    return until;
  }
}
