/**
 * HTTP surface: controllers, request and response records, problem+json errors and request limits.
 */
@NullMarked
package io.aurora.intelligence.api;

import org.jspecify.annotations.NullMarked;
