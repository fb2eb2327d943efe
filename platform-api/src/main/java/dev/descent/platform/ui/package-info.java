/**
 * The browser app's place in the platform: serving the web-ui module's bundle at {@code /} and the app's own paths.
 * Imports nothing of the platform's features; the app talks to them only through the REST API.
 */
package dev.descent.platform.ui;
