/**
 * The market simulator and regret benchmark: a hidden market of offerings, scenarios that drift or
 * shift it, baselines, and a runner that drives the service's own learning code in-process or a
 * running service over HTTP.
 */
@NullMarked
package io.aurora.intelligence.simulator;

import org.jspecify.annotations.NullMarked;
