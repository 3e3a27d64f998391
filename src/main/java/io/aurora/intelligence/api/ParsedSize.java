package io.aurora.intelligence.api;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Estimates, in one pass over its tokens, the heap a JSON document takes once parsed into maps and
 * lists, so that a model import too large for this replica's heap is refused before it is parsed: a
 * body of empty objects takes some fifty times its size, enough for a 64 MiB import to exhaust a pod.
 */
final class ParsedSize {

	/** A map or list: its object, its table or array, and its slot in its parent. */
	static final long CONTAINER = 160;

	/** A map entry, with its share of the table (names are interned, so a repeated name is not counted again). */
	static final long PROPERTY = 48;

	/** A boxed number (a {@code Double} is 16 bytes) and its slot, with its share of the list's spare room. */
	static final long SCALAR = 24;

	/** A string's object and slot; its characters count three bytes each (the parser's buffer and the string). */
	static final long STRING = 48;

	/** A shared constant (true, false, null): only its slot. */
	static final long SLOT = 8;

	private static final JsonFactory FACTORY = new JsonFactory();

	private ParsedSize() {
	}

	/**
	 * The estimated heap of {@code body} parsed, in bytes, counted until it passes {@code limit}; a
	 * malformed document is counted up to its flaw (its parsing then fails anyway).
	 */
	static long estimate(byte[] body, long limit) {
		long bytes = 0;
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), body)) {
			JsonToken token;
			while (bytes <= limit && (token = parser.nextToken()) != null) {
				bytes += switch (token) {
					case START_OBJECT, START_ARRAY -> CONTAINER;
					case PROPERTY_NAME -> PROPERTY;
					case VALUE_STRING -> STRING + 3L * parser.getStringLength();
					case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> SCALAR;
					case END_OBJECT, END_ARRAY -> 0;
					default -> SLOT;
				};
			}
		}
		catch (JacksonException ex) {
			// Malformed: what was counted stands, and the real parse answers 400.
		}
		return bytes;
	}

}
