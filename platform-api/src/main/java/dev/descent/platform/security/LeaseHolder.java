package dev.descent.platform.security;

import java.io.Serializable;

/**
 * The principal of a request made with a worker's lease token: it may log metrics to {@code runId} and nothing else.
 */
public record LeaseHolder(long runId) implements Serializable {}
