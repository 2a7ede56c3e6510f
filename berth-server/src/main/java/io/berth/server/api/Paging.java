package io.berth.server.api;

import io.javalin.http.Context;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code page} and {@code limit} of a listing (EMQX's: pages from 1, 100 items by default), and the check that a
 * request has no query parameter the route does not know (a 400 naming it: a misspelt filter must not silently list
 * everything).
 *
 * @param page the page wanted, from 1
 * @param limit items per page, 1..{@link #MAX_LIMIT}
 */
public record Paging(int page, int limit) {
  public static final int MAX_LIMIT = 10_000;

  /** {@code meta} of a listing: {@code count} is the number of items over all pages. */
  public record Meta(int page, int limit, int count, boolean hasnext) {}

  /** The JSON of a listing: one page of items and where it is. */
  public record Page<T>(List<T> data, Meta meta) {}

  /**
   * @param filters the route's other query parameters
   * @throws ApiException 400 for an unknown parameter or a page or limit that is not a number in range
   */
  public static Paging of(Context ctx, String... filters) {
    Set<String> known = new TreeSet<>(List.of(filters));
    known.add("page");
    known.add("limit");
    for (String name : ctx.queryParamMap().keySet()) {
      if (!known.contains(name)) {
        throw ApiException.badRequest("unknown query parameter '" + name + "' (known: " + String.join(", ", known)
            + ")");
      }
    }
    return new Paging(number(ctx, "page", 1, Integer.MAX_VALUE), number(ctx, "limit", 100, MAX_LIMIT));
  }

  /** A query parameter's value, null when absent or empty (an empty filter filters nothing). */
  public static String filter(Context ctx, String name) {
    String v = ctx.queryParam(name);
    return v == null || v.isEmpty() ? null : v;
  }

  /** The page of {@code all} this paging asks for. */
  public <T> Page<T> page(List<T> all) {
    long from = (long) (page - 1) * limit;
    int start = (int) Math.min(from, all.size());
    int end = (int) Math.min(from + limit, all.size());
    return new Page<>(List.copyOf(all.subList(start, end)), new Meta(page, limit, all.size(), end < all.size()));
  }

  private static int number(Context ctx, String name, int absent, int max) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) {
      return absent;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.badRequest("query parameter '" + name + "': expected a number from 1 to " + max + ", not '"
        + v + "'");
  }
}
