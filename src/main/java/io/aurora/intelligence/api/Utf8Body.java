package io.aurora.intelligence.api;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * JSON exchanged between systems is UTF-8 (RFC 8259). The parser reads most malformed UTF-8 as an error but
 * decodes an overlong form ({@code C0 AE} for {@code .}) as the character it spells, and takes a body in
 * UTF-16 or UTF-32 by its byte pattern; both are refused here, with the JDK's strict decoder.
 */
final class Utf8Body {

	private Utf8Body() {
	}

	/** Why {@code body} is not UTF-8, or null when it is (an empty body and a UTF-8 byte order mark pass). */
	static @Nullable String problem(byte[] body) {
		if (body.length >= 2 && (body[0] == 0 || body[1] == 0 || (body[0] & 0xFE) == 0xFE && (body[1] & 0xFE) == 0xFE)) {
			return "The request body is not UTF-8 (it reads as UTF-16 or UTF-32); JSON is sent in UTF-8";
		}
		if (ascii(body)) {
			return null;
		}
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		ByteBuffer in = ByteBuffer.wrap(body);
		CharBuffer out = CharBuffer.allocate(4096);
		while (true) {
			CoderResult result = decoder.decode(in, out, true);
			if (result.isError()) {
				return "The request body is not well-formed UTF-8 (byte " + in.position() + "); JSON is sent in UTF-8";
			}
			if (result.isUnderflow()) {
				return decoder.flush(out.clear()).isError() ? "The request body ends inside a UTF-8 character" : null;
			}
			out.clear();
		}
	}

	private static boolean ascii(byte[] body) {
		for (byte b : body) {
			if (b < 0) {
				return false;
			}
		}
		return true;
	}

}
