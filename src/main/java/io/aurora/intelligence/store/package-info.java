/**
 * Durable store: decision traces and the feedback log, with versioned migrations; knows nothing of the domain.
 */
@NullMarked
package io.aurora.intelligence.store;

import org.jspecify.annotations.NullMarked;
