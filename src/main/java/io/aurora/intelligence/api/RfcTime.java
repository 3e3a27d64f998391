package io.aurora.intelligence.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;

/**
 * Reads a time with its offset ({@code 2026-12-01T00:00:00Z}, {@code 2026-12-01T01:00:00+01:00}) from a JSON string,
 * as ISO 8601's offset form reads it, which takes every RFC 3339 time (and a few more, such as one without seconds);
 * it refuses a number (which Jackson would read as epoch seconds, so that milliseconds landed in a far future), a
 * blank string (which it would read as no value), a time without an offset, and a year outside 0000–9999.
 */
final class RfcTime extends StdDeserializer<Instant> {

	/** How a refusal begins, so that the error answer can quote it. */
	static final String NEEDED = "an RFC 3339 time";

	/** The whole refusal, kept under the 64 characters the error answer quotes. */
	static final String REFUSAL = NEEDED + " with an offset, such as 2026-12-01T00:00:00Z";

	RfcTime() {
		super(Instant.class);
	}

	@Override
	public Instant deserialize(JsonParser p, DeserializationContext ctxt) {
		if (p.currentToken() != JsonToken.VALUE_STRING) {
			return (Instant) ctxt.reportInputMismatch(this, REFUSAL);
		}
		String text = p.getString();
		try {
			OffsetDateTime time = OffsetDateTime.parse(text.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
			if (time.getYear() >= 0 && time.getYear() <= 9999) {
				return time.toInstant();
			}
		}
		catch (DateTimeParseException ex) {
			// refused below
		}
		return (Instant) ctxt.reportInputMismatch(this, REFUSAL);
	}

}
