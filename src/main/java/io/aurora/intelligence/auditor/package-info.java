/**
 * The Auditor: turns an outcome into a reward, logs the feedback durably and lets the model learn from it, also on replay at start-up.
 */
@NullMarked
package io.aurora.intelligence.auditor;

import org.jspecify.annotations.NullMarked;
