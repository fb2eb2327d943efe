/** Runnable examples of the client, quoted in the README: logging an external run from your own training script. */
package dev.descent.client.examples;
