package io.berth.server.api;

/** Checks of request fields that Jackson's binding leaves to us. */
public final class Fields {
  private Fields() {}

  /** The value; 400 naming the field when it is missing or empty. */
  public static String required(String value, String field) {
    if (value == null || value.isEmpty()) {
      throw ApiException.badRequest("field '" + field + "' is required");
    }
    return value;
  }
}
