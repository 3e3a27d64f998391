package io.aurora.intelligence.config;

import java.util.LinkedHashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.aurora.intelligence.config.OpenTelemetryVariables.InvalidOpenTelemetryVariableException;

/**
 * {@code OTEL_PROPAGATORS} as Spring Boot's {@code management.tracing.propagation.produce}: the formats the router
 * call carries the trace context in ({@code tracecontext}, {@code b3}, {@code b3multi}). Callers' context is read
 * in all three whatever it says, and {@code baggage} is taken but changes nothing, since a caller's baggage is never
 * passed on. {@code none}, alone, propagates nothing: the router's call carries no context and a caller's is not
 * read. Others ({@code jaeger}, {@code xray}, {@code ottrace}) stop the start.
 */
final class OpenTelemetryPropagators {

	static final String VARIABLE = "OTEL_PROPAGATORS";

	/** Spring Boot's setting for the formats the service writes the trace context in. */
	static final String PRODUCE = "management.tracing.propagation.produce";

	/** Spring Boot's setting for the formats the service reads a caller's trace context in. */
	static final String CONSUME = "management.tracing.propagation.consume";

	/** What {@link #produce} gives for {@code none}: no format, written or read. */
	static final String NONE = "";

	private OpenTelemetryPropagators() {
	}

	/**
	 * Spring Boot's propagation types {@code propagators} names, comma-separated; {@link #NONE} for {@code none}, and
	 * null when it names none of the types (only {@code baggage}).
	 */
	static @Nullable String produce(@Nullable String propagators) {
		if (!OpenTelemetryVariables.set(propagators)) {
			return null;
		}
		if (OpenTelemetryVariables.word(propagators).equals("none")) {
			return NONE;
		}
		Set<String> types = new LinkedHashSet<>();
		for (String name : propagators.split(",", -1)) {
			String propagator = OpenTelemetryVariables.word(name);
			switch (propagator) {
				case "tracecontext" -> types.add("W3C");
				case "b3" -> types.add("B3");
				case "b3multi" -> types.add("B3_MULTI");
				case "baggage" -> {
				}
				case "none" -> throw new InvalidOpenTelemetryVariableException(VARIABLE, VARIABLE + " is '" + propagators.strip()
						+ "', but none propagates nothing, and stands alone");
				default -> throw new InvalidOpenTelemetryVariableException(VARIABLE, VARIABLE + " is '" + propagators.strip() + "', but '"
						+ name.strip() + "' is none of the propagators this service writes: tracecontext, b3, b3multi (and baggage, "
						+ "which it takes but never passes on), or none alone");
			}
		}
		return types.isEmpty() ? null : String.join(",", types);
	}

}
