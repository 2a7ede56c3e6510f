package io.berth.codec;

/** One MQTT 5 User Property: a UTF-8 string pair; a name may repeat and order is kept [MQTT-3.3.2-18]. */
public record UserProperty(String name, String value) {}
