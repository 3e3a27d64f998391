/**
 * Metric names and meters, kept in one place with low-cardinality tags.
 */
@NullMarked
package io.aurora.intelligence.telemetry;

import org.jspecify.annotations.NullMarked;
