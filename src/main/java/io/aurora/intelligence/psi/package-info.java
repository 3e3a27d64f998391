/**
 * Client and off-request-path cache for the Ψ-field service, whose readings are context for the Strategist.
 */
@NullMarked
package io.aurora.intelligence.psi;

import org.jspecify.annotations.NullMarked;
