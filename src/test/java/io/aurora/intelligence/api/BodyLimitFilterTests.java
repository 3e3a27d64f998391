package io.aurora.intelligence.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import org.apache.coyote.BadRequestException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** How the body filter meets bodies that arrive slowly or break off. */
class BodyLimitFilterTests {

	private final BodyLimitFilter filter = new BodyLimitFilter(200, 200, 100_000);

	private final AtomicBoolean handled = new AtomicBoolean();

	@Test
	void aBodyThatDoesNotArriveInTimeIsAnswered408() throws Exception {
		MockHttpServletResponse response = post(new InputStream() {
			@Override
			public int read() {
				sleep(50);
				return 'x';
			}

			@Override
			public int read(byte[] buffer, int offset, int length) {
				buffer[offset] = (byte) read();
				return 1;
			}
		});
		assertThat(response.getStatus()).isEqualTo(408);
		assertThat(response.getContentType()).startsWith("application/problem+json");
		assertThat(response.getContentAsString()).contains("did not arrive in time (a body must arrive whole within ");
		assertThat(handled).isFalse();
	}

	@Test
	void aBodyThatBreaksOffIsAnswered408() throws Exception {
		MockHttpServletResponse response = post(new InputStream() {
			@Override
			public int read() throws IOException {
				throw new IOException("connection reset");
			}
		});
		assertThat(response.getStatus()).isEqualTo(408);
		assertThat(response.getContentAsString()).contains("could not be read");
		assertThat(handled).isFalse();
	}

	@Test
	void aBodyThatBreaksHttpFramingIsAnswered400WithItsReasonQuotedAsJson() throws Exception {
		MockHttpServletResponse response = post(new InputStream() {
			@Override
			public int read() throws IOException {
				throw new BadRequestException("Invalid chunk header \"zz\"");
			}
		});
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(new JsonMapper().readTree(response.getContentAsString()).get("detail").asString())
			.isEqualTo("The request body is malformed: Invalid chunk header \"zz\"");
		assertThat(handled).isFalse();
	}

	@Test
	void aBodyThatArrivesIsPassedOnWhole() throws Exception {
		byte[] body = "{\"task_id\":\"t\"}".getBytes(StandardCharsets.UTF_8);
		MockHttpServletResponse response = post(new ByteArrayInputStream(body));
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(handled).isTrue();
	}

	@Test
	void aBodyThatIsNotUtf8IsAnswered400BeforeTheParserTakesAnOverlongFormForTheCharacterItSpells() throws Exception {
		byte[] overlong = "{\"provider\": \"\u00c0\u00ae\u00c0\u00ae\"}".getBytes(StandardCharsets.ISO_8859_1);
		byte[] utf16 = "{\"task_id\": \"t\"}".getBytes(StandardCharsets.UTF_16LE);
		for (byte[] body : new byte[][] { overlong, utf16, { '{', '"', (byte) 0xE2, (byte) 0x82 } }) {
			MockHttpServletResponse response = send("POST", "/decisions", new ByteArrayInputStream(body));
			assertThat(response.getStatus()).isEqualTo(400);
			assertThat(response.getContentAsString()).contains("UTF-8");
			assertThat(handled).isFalse();
		}
		MockHttpServletResponse accented = send("POST", "/decisions",
				new ByteArrayInputStream("{\"region\": \"s\u00e3o-paulo \u20ac \ud83d\ude80\"}".getBytes(StandardCharsets.UTF_8)));
		assertThat(accented.getStatus()).isEqualTo(200);
		assertThat(handled).isTrue();
	}

	@Test
	void aModelImportTooLargeForTheHeapOnceParsedIsAnswered413BeforeItIsParsed() throws Exception {
		String emptyObjects = String.join(",", Collections.nCopies(1000, "{}"));
		byte[] body = ("{\"policy\":\"q-table\",\"state\":{\"x\":[" + emptyObjects + "]}}").getBytes(StandardCharsets.UTF_8);
		MockHttpServletResponse response = send("PUT", "/model", new ByteArrayInputStream(body));
		assertThat(response.getStatus()).isEqualTo(413);
		assertThat(response.getContentType()).startsWith("application/problem+json");
		assertThat(response.getContentAsString()).contains("would take more than 0 MiB of heap");
		assertThat(handled).isFalse();
	}

	@Test
	void aModelImportThatFitsTheHeapIsPassedOn() throws Exception {
		byte[] body = "{\"policy\":\"q-table\",\"state\":{\"x\":[{},{}]}}".getBytes(StandardCharsets.UTF_8);
		MockHttpServletResponse response = send("PUT", "/model", new ByteArrayInputStream(body));
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(handled).isTrue();
	}

	@Test
	void otherBodiesAreNotHeldToTheModelHeapLimit() throws Exception {
		String emptyObjects = String.join(",", Collections.nCopies(1000, "{}"));
		MockHttpServletResponse response = post(new ByteArrayInputStream(("[" + emptyObjects + "]").getBytes(StandardCharsets.UTF_8)));
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(handled).isTrue();
	}

	private MockHttpServletResponse post(InputStream body) throws Exception {
		return send("POST", "/decisions", body);
	}

	private MockHttpServletResponse send(String method, String path, InputStream body) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path) {
			@Override
			public ServletInputStream getInputStream() {
				return new ServletInputStream() {
					@Override
					public int read() throws IOException {
						return body.read();
					}

					@Override
					public int read(byte[] buffer, int offset, int length) throws IOException {
						return body.read(buffer, offset, length);
					}

					@Override
					public boolean isFinished() {
						return false;
					}

					@Override
					public boolean isReady() {
						return true;
					}

					@Override
					public void setReadListener(ReadListener listener) {
						throw new UnsupportedOperationException();
					}
				};
			}

			@Override
			public long getContentLengthLong() {
				return 10_000;
			}
		};
		request.setContentType("application/json");
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, (req, res) -> handled.set(req.getInputStream().readAllBytes().length > 0));
		return response;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
