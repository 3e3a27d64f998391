/**
 * Cross-cutting configuration: random sources, clock and OpenAPI description.
 */
@NullMarked
package io.aurora.intelligence.config;

import org.jspecify.annotations.NullMarked;
