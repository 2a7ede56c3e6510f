package io.berth.server.api.tester;

/** One step of a self-test: {@code {step, ok, millis, detail}}. */
record Step(String step, boolean ok, long millis, String detail) {}
