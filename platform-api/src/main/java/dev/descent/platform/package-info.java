/**
 * The Descent platform: a Spring Boot service that stores datasets, model specs, experiments, runs and metrics in
 * PostgreSQL, queues runs onto workers and streams their metrics live. Each subpackage is a feature that owns its
 * tables ({@code datasets}, {@code models}, {@code experiments}, {@code runs}, {@code queue}, {@code workers},
 * {@code metrics}, {@code live}) or a shared piece no feature owns ({@code web}, {@code boot}, {@code notify}).
 * Features depend on each other in one direction only and never form a cycle; the platform uses training-core through
 * its engine-neutral contract, never the other way (see {@code docs/architecture.md} and {@code ArchitectureTest}).
 */
package dev.descent.platform;
