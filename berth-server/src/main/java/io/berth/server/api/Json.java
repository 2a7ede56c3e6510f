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

  /** Reads at most {@link #MAX_BODY_BYTES}, whatever Content-Length says (chunked bodies included). */
  static byte[] boundedBody(Context ctx) {
    if (ctx.req().getContentLengthLong() > MAX_BODY_BYTES) {
      throw tooLarge();
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw tooLarge();
      }
      return bytes;
    } catch (IOException e) {
      throw ApiException.badRequest("the request body could not be read");
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
