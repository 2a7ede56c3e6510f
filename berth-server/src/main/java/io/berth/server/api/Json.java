package io.berth.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Collectors;

/**
 * JSON in and out of the API: snake_case names, unknown fields refused, bodies read up to a bound (413 past it).
 * A body that does not fit its record is a 400 that names the field.
 */
public final class Json {
  /** The largest request body accepted; the API's bodies are small (a listener definition is the largest). */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  private final ObjectMapper mapper = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  public ObjectMapper mapper() {
    return mapper;
  }

  /** The request body as {@code type}; 400 naming the field for unknown fields and values of the wrong type. */
  public <T> T read(Context ctx, Class<T> type) {
    JsonNode tree = tree(ctx);
    if (!tree.isObject()) {
      throw ApiException.badRequest("expected a JSON object");
    }
    try {
      return mapper.treeToValue(tree, type);
    } catch (UnrecognizedPropertyException e) {
      throw ApiException.badRequest("unknown field '" + e.getPropertyName() + "' (known: "
          + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "))
          + ")");
    } catch (JsonMappingException e) {
      throw ApiException.badRequest("field '" + field(e) + "': bad value (" + e.getOriginalMessage()
          .replaceAll("\\(class [^)]*\\)", "").split("\n")[0].strip() + ")");
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("malformed JSON");
    }
  }

  /** The request body as a JSON object tree (an empty body is an empty object). */
  public ObjectNode object(Context ctx) {
    JsonNode tree = tree(ctx);
    if (!(tree instanceof ObjectNode o)) {
      throw ApiException.badRequest("expected a JSON object");
    }
    return o;
  }

  private JsonNode tree(Context ctx) {
    byte[] body = boundedBody(ctx);
    if (body.length == 0) {
      return mapper.createObjectNode();
    }
    try {
      return mapper.readTree(body);
    } catch (IOException e) {
      throw ApiException.badRequest("malformed JSON" + location(e));
    }
  }

  /** Writes {@code value} as the JSON response. */
  public void send(Context ctx, int status, Object value) {
    try {
      ctx.status(status).contentType("application/json").result(mapper.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /**
   * Past the bound, up to this much more of the body is read and dropped before the 413 goes out: a connection closed
   * with the client's body unread in it is reset by the kernel, and the client may get the reset instead of the 413.
   */
  static final int DRAIN_BYTES = 4 * MAX_BODY_BYTES;

  /** Reads at most {@link #MAX_BODY_BYTES}, whatever Content-Length says (chunked bodies included). */
  static byte[] boundedBody(Context ctx) {
    try (InputStream in = ctx.req().getInputStream()) {
      return readBounded(in, ctx.req().getContentLengthLong());
    } catch (IOException e) {
      throw ApiException.badRequest("the request body could not be read");
    }
  }

  /** The body from {@code in}, or 413 once it is known to be too large; {@code contentLength} -1 when not given. */
  static byte[] readBounded(InputStream in, long contentLength) throws IOException {
    if (contentLength > MAX_BODY_BYTES) {
      drain(in);
      throw tooLarge();
    }
    byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    if (bytes.length > MAX_BODY_BYTES) {
      drain(in);
      throw tooLarge();
    }
    return bytes;
  }

  /** Reads and drops up to {@link #DRAIN_BYTES}; a client that stops sending or goes away ends it early. */
  private static void drain(InputStream in) {
    byte[] sink = new byte[8192];
    long left = DRAIN_BYTES;
    try {
      for (int n; left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0; ) {
        left -= n;
      }
    } catch (IOException e) {
      // the 413 is the answer either way
    }
  }

  private static ApiException tooLarge() {
    return new ApiException(413, "PAYLOAD_TOO_LARGE", "the request body is larger than " + MAX_BODY_BYTES
        + " bytes");
  }

  private static String field(JsonMappingException e) {
    return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
  }

  private static String location(IOException e) {
    if (e instanceof JsonProcessingException p && p.getLocation() != null) {
      return " at line " + p.getLocation().getLineNr() + ", column " + p.getLocation().getColumnNr();
    }
    return "";
  }
}
