package io.berth.server.api.auth;

/**
 * An API key for scripts (HTTP Basic key:secret), as stored: the secret only as its SHA-256 digest.
 *
 * @param key the public half, shown in lists
 * @param name what it is for
 * @param secretDigest SHA-256 of the secret, which was shown once at creation
 * @param createdBy the admin who made it
 * @param createdAt when, ISO-8601
 */
public record ApiKey(String key, String name, String secretDigest, String createdBy, String createdAt) {}
