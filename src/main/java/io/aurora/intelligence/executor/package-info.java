/**
 * The Executor: hands the chosen candidate to the Aurora Router (bounded, circuit-broken) and traces the decision.
 */
@NullMarked
package io.aurora.intelligence.executor;

import org.jspecify.annotations.NullMarked;
