/**
 * The {@code descent} command line ({@code train}, {@code inspect}, {@code bench}, {@code gradcheck}) with picocli:
 * flags become a spec and a train config, errors name the flag the user typed. The top of training-core: it may import
 * any package, and none imports it.
 */
package dev.descent.cli;
