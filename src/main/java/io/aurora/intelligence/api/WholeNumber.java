package io.aurora.intelligence.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.std.StdDeserializer;

/**
 * Reads a whole number written either way JSON allows, {@code 3} or {@code 3.0} (Python's
 * {@code json.dumps} writes a float count so, and JSON Schema counts it an integer), and refuses a
 * fraction such as {@code 0.5} rather than truncating it, and any other type. A number beyond an int is
 * refused with the field's own bounds ({@code @Min}, {@code @PositiveOrZero}, {@code @Max}) where it has them.
 */
final class WholeNumber extends StdDeserializer<Integer> {

	/** How a refusal of a fraction, or of a whole number beyond an int, begins, so that the error answer can quote it. */
	static final String NEEDED = "a whole number";

	private final long low;

	private final long high;

	WholeNumber() {
		this(Integer.MIN_VALUE, Integer.MAX_VALUE);
	}

	private WholeNumber(long low, long high) {
		super(Integer.class);
		this.low = low;
		this.high = high;
	}

	/** The reader of one field, which names that field's bounds when a number is beyond an int. */
	@Override
	public ValueDeserializer<?> createContextual(DeserializationContext ctxt, @Nullable BeanProperty property) {
		if (property == null) {
			return this;
		}
		Min min = property.getAnnotation(Min.class);
		Max max = property.getAnnotation(Max.class);
		long from = min != null ? min.value() : property.getAnnotation(PositiveOrZero.class) != null ? 0 : Integer.MIN_VALUE;
		return new WholeNumber(Math.max(from, Integer.MIN_VALUE), max != null ? Math.min(max.value(), Integer.MAX_VALUE)
				: Integer.MAX_VALUE);
	}

	@Override
	public Integer deserialize(JsonParser p, DeserializationContext ctxt) {
		if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
			if (p.getNumberType() == JsonParser.NumberType.INT) {
				return p.getIntValue();
			}
			return (Integer) ctxt.reportInputMismatch(this, beyond(p.getString()));
		}
		if (p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
			double value = p.getDoubleValue();
			if (value != Math.rint(value)) {
				return (Integer) ctxt.reportInputMismatch(this, NEEDED + ", not " + p.getString());
			}
			if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
				return (int) value;
			}
			return (Integer) ctxt.reportInputMismatch(this, beyond(p.getString()));
		}
		return (Integer) ctxt.handleUnexpectedToken(Integer.class, p);
	}

	private String beyond(String written) {
		return NEEDED + " from " + low + " to " + high + ", not " + written;
	}

}
