/**
 * A Java client for Descent's REST API, kept by hand and checked against the platform's OpenAPI document by the
 * platform's tests: {@link dev.descent.client.DescentClient} with typed methods for experiments, runs (trained by
 * workers, or external: logged from a user's own script) and metrics, each calling one
 * {@link dev.descent.client.Endpoint}. It depends on {@code java.net.http} and Jackson only, nothing of the platform.
 */
package dev.descent.client;
