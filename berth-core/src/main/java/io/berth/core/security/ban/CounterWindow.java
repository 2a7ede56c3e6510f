package io.berth.core.security.ban;

/** One key's open window of a {@link WindowCounter}, as saved: {@code count} events since {@code startMillis}. */
public record CounterWindow(String key, long startMillis, int count) {}
