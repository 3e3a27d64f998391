package io.aurora.intelligence.psi;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.web.service.annotation.GetExchange;

/**
 * Reads the Ψ-field's {@code GET /state}. Accepts both spellings, {@code Psi}/{@code C} and the older
 * {@code density}/{@code coherence}, each a number in [0, 1] (rounding noise of up to {@link #TOLERANCE} beyond
 * it is clamped); anything else, a percentage among them, is an invalid reading.
 */
class PsiClient {

	/** The declarative HTTP interface of the Ψ-field service. */
	interface PsiApi {

		@GetExchange("/state")
		JsonNode state();

	}

	/**
	 * The most fields of a reading kept as it came (numbers, and strings of up to 64 characters, under
	 * keys of up to 64): the reading is copied into every decision's trace, so a Ψ-field answering
	 * thousands of fields must not make every trace that large.
	 */
	static final int MAX_RAW_FIELDS = 16;

	/** How far beyond [0, 1] a value may stray by rounding before it is refused rather than clamped. */
	static final double TOLERANCE = 1e-6;

	private final PsiApi api;

	PsiClient(PsiApi api) {
		this.api = api;
	}

	/**
	 * Fetches one reading.
	 * @throws InvalidReadingException when the answer lacks a density or coherence in [0, 1]
	 */
	PsiReading fetch() {
		return parse(api.state());
	}

	static PsiReading parse(@Nullable JsonNode body) {
		if (body == null || !body.isObject()) {
			throw new InvalidReadingException("Ψ-field answered no JSON object");
		}
		double density = field(body, "Psi", "density");
		double coherence = field(body, "C", "coherence");
		Map<String, Object> raw = new LinkedHashMap<>();
		for (var entry : body.properties()) {
			JsonNode v = entry.getValue();
			if (raw.size() >= MAX_RAW_FIELDS) {
				break;
			}
			if (entry.getKey().length() > 64) {
				continue;
			}
			if (v.isNumber()) {
				raw.put(entry.getKey(), v.doubleValue());
			}
			else if (v.isString() && v.asString().length() <= 64) {
				raw.put(entry.getKey(), v.asString());
			}
		}
		return new PsiReading(density, coherence, raw, 0, "live");
	}

	private static double field(JsonNode body, String name, String legacyName) {
		JsonNode v = body.hasNonNull(name) ? body.get(name) : body.get(legacyName);
		if (v == null || !v.isNumber() || !Double.isFinite(v.doubleValue())) {
			throw new InvalidReadingException("Ψ-field reading has no numeric '" + name + "' or '" + legacyName + "'");
		}
		double value = v.doubleValue();
		if (value < -TOLERANCE || value > 1 + TOLERANCE) {
			throw new InvalidReadingException("Ψ-field reading's '" + (body.hasNonNull(name) ? name : legacyName)
					+ "' is outside [0, 1]");
		}
		return Math.max(0, Math.min(1, value));
	}

	/** A Ψ-field answer that is not a usable reading. */
	static class InvalidReadingException extends RuntimeException {

		InvalidReadingException(String message) {
			super(message);
		}

	}

}
