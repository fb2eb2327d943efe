/** A PostgreSQL outage in the middle of a run, against a private cluster the test stops and starts. */
package dev.descent.platform.outage;
