/**
 * How the process starts: its role ({@code all} or {@code worker}), the embedded PostgreSQL started when no database is
 * configured, and the relaunch that adds the JDK's Vector API module to a plain {@code java -jar}. These run before
 * Spring's context exists; they may import Spring Boot and the JDK, and no platform package.
 */
package dev.descent.platform.boot;
