/**
 * Test helpers other modules share through training-core's test-jar: {@link dev.descent.testing.CliRun} (the CLI run in
 * the test's JVM), {@link dev.descent.testing.IdxFiles} (IDX files made on the spot),
 * {@link dev.descent.testing.NameRules} (one meaning per class name, for ArchUnit) and
 * {@link dev.descent.testing.PackageDocs}.
 */
package dev.descent.testing;
