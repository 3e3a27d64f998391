package io.aurora.intelligence.api;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;

/**
 * Reads a whole number written either way JSON allows, {@code 3} or {@code 3.0} (Python's
 * {@code json.dumps} writes a float count so, and JSON Schema counts it an integer), and refuses a
 * fraction such as {@code 0.5} rather than truncating it, and any other type.
 */
final class WholeNumber extends StdDeserializer<Integer> {

	/** How a refusal of a fraction, or of a whole number beyond an int, begins, so that the error answer can quote it. */
	static final String NEEDED = "a whole number";

	WholeNumber() {
		super(Integer.class);
	}

	@Override
	public Integer deserialize(JsonParser p, DeserializationContext ctxt) {
		if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
			return p.getIntValue();
		}
		if (p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
			double value = p.getDoubleValue();
			if (value != Math.rint(value)) {
				return (Integer) ctxt.reportInputMismatch(this, NEEDED + ", not " + p.getString());
			}
			if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
				return (int) value;
			}
			return (Integer) ctxt.reportInputMismatch(this,
					NEEDED + " from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ", not " + p.getString());
		}
		return (Integer) ctxt.handleUnexpectedToken(Integer.class, p);
	}

}
