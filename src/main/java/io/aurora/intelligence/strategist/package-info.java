/**
 * The Strategist: featurises a request into a state and lets a policy choose among candidates; the learning core here is plain Java.
 */
@NullMarked
package io.aurora.intelligence.strategist;

import org.jspecify.annotations.NullMarked;
