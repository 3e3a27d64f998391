/**
 * Aurora Intelligence: the application's entry point, which starts the service or the market simulator.
 */
@NullMarked
package io.aurora.intelligence;

import org.jspecify.annotations.NullMarked;
