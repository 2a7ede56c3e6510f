package io.berth.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The MQTT 5 properties of one packet, immutable. Numbers are stored as {@link Integer} (byte, two byte and variable
 * byte integers) or {@link Long} (four byte integers, which are unsigned); strings as {@link String}; binary data as
 * byte arrays (never exposed: callers get copies). User properties and subscription identifiers may repeat.
 */
public final class MqttProperties {
  public static final MqttProperties NONE = new MqttProperties(new Object[0], List.of(), List.of());

  private final Object[] values; // indexed by property id; empty array when no single-valued property is set
  private final List<UserProperty> userProperties;
  private final List<Integer> subscriptionIdentifiers;

  private MqttProperties(Object[] values, List<UserProperty> user, List<Integer> subIds) {
    this.values = values;
    this.userProperties = user;
    this.subscriptionIdentifiers = subIds;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts with this object's properties. */
  public Builder toBuilder() {
    Builder b = new Builder();
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        b.values[i] = values[i];
      }
    }
    b.userProperties.addAll(userProperties);
    b.subscriptionIdentifiers.addAll(subscriptionIdentifiers);
    return b;
  }

  public boolean isEmpty() {
    return values.length == 0 && userProperties.isEmpty() && subscriptionIdentifiers.isEmpty();
  }

  public boolean has(Property p) {
    return raw(p) != null;
  }

  private Object raw(Property p) {
    return p.id() < values.length ? values[p.id()] : null;
  }

  /** Value of a byte, two byte or variable byte integer property, or {@code dflt} when absent. */
  public int intValue(Property p, int dflt) {
    Object v = raw(p);
    return v == null ? dflt : (Integer) v;
  }

  /** Value of a four byte integer property (unsigned, so a long), or {@code dflt} when absent. */
  public long longValue(Property p, long dflt) {
    Object v = raw(p);
    return v == null ? dflt : (Long) v;
  }

  /** Value of a UTF-8 string property, or null. */
  public String string(Property p) {
    return (String) raw(p);
  }

  /** A copy of a binary property's value, or null. */
  public byte[] binary(Property p) {
    byte[] v = (byte[]) raw(p);
    return v == null ? null : v.clone();
  }

  public List<UserProperty> userProperties() {
    return userProperties;
  }

  public List<Integer> subscriptionIdentifiers() {
    return subscriptionIdentifiers;
  }

  /** The single-valued properties that are set, in identifier order (the encoder's iteration). */
  public List<Property> present() {
    List<Property> out = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        out.add(Property.byId(i));
      }
    }
    return out;
  }

  /** Raw value for the codec: Integer, Long, String or byte[] (not copied: the codec never mutates it). */
  Object valueForCodec(Property p) {
    return raw(p);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof MqttProperties other)) {
      return false;
    }
    int n = Math.max(values.length, other.values.length);
    for (int i = 0; i < n; i++) {
      Object a = i < values.length ? values[i] : null;
      Object b = i < other.values.length ? other.values[i] : null;
      if (!Objects.deepEquals(a, b)) {
        return false;
      }
    }
    return userProperties.equals(other.userProperties)
        && subscriptionIdentifiers.equals(other.subscriptionIdentifiers);
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (Object v : values) {
      h = 31 * h + (v instanceof byte[] bytes ? Arrays.hashCode(bytes) : Objects.hashCode(v));
    }
    return 31 * (31 * h + userProperties.hashCode()) + subscriptionIdentifiers.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (Property p : present()) {
      Object v = raw(p);
      sb.append(p).append('=').append(v instanceof byte[] b ? b.length + " bytes" : v).append(", ");
    }
    userProperties.forEach(u -> sb.append(u).append(", "));
    subscriptionIdentifiers.forEach(s -> sb.append("SUBSCRIPTION_IDENTIFIER=").append(s).append(", "));
    if (sb.length() > 1) {
      sb.setLength(sb.length() - 2);
    }
    return sb.append('}').toString();
  }

  /** Collects properties; {@link #build()} returns {@link #NONE} when nothing was set. */
  public static final class Builder {
    private final Object[] values = new Object[Property.MAX_ID + 1];
    private final List<UserProperty> userProperties = new ArrayList<>();
    private final List<Integer> subscriptionIdentifiers = new ArrayList<>();

    private Builder() {}

    /** Sets a property; the value's Java type must match the property's wire type (see the class comment). */
    public Builder set(Property p, Object value) {
      if (p == Property.USER_PROPERTY || p == Property.SUBSCRIPTION_IDENTIFIER) {
        throw new IllegalArgumentException(p + " repeats: use its own add method");
      }
      Class<?> want =
          switch (p.type()) {
            case BYTE, TWO_BYTE_INT, VARIABLE_BYTE_INT -> Integer.class;
            case FOUR_BYTE_INT -> Long.class;
            case UTF8_STRING -> String.class;
            case BINARY -> byte[].class;
            case UTF8_PAIR -> UserProperty.class;
          };
      if (value != null && !want.isInstance(value)) {
        throw new IllegalArgumentException(p + " takes a " + want.getSimpleName());
      }
      values[p.id()] = value instanceof byte[] b ? b.clone() : value;
      return this;
    }

    public Builder remove(Property p) {
      if (p == Property.USER_PROPERTY) {
        userProperties.clear();
      } else if (p == Property.SUBSCRIPTION_IDENTIFIER) {
        subscriptionIdentifiers.clear();
      } else {
        values[p.id()] = null;
      }
      return this;
    }

    public boolean has(Property p) {
      return values[p.id()] != null;
    }

    public Builder addUserProperty(String name, String value) {
      userProperties.add(new UserProperty(name, value));
      return this;
    }

    public Builder addSubscriptionIdentifier(int id) {
      subscriptionIdentifiers.add(id);
      return this;
    }

    public MqttProperties build() {
      int last = -1;
      for (int i = values.length - 1; i >= 0; i--) {
        if (values[i] != null) {
          last = i;
          break;
        }
      }
      if (last < 0 && userProperties.isEmpty() && subscriptionIdentifiers.isEmpty()) {
        return NONE;
      }
      return new MqttProperties(
          Arrays.copyOf(values, last + 1), List.copyOf(userProperties), List.copyOf(subscriptionIdentifiers));
    }
  }
}
