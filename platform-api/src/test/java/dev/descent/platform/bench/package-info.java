/**
 * The platform benchmark ({@code scripts/platform-bench}): test code, kept out of the production jar. It may import
 * anything in the platform, as it drives the platform's internals (the metric write path, a worker) to time them.
 */
package dev.descent.platform.bench;
