package io.aurora.intelligence.api;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Function;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * A request whose body has been read into memory, within the limit. A body without a
 * {@code Content-Type} is taken as JSON, as the original service (FastAPI) took it, unless a browser
 * ({@code Origin} or {@code Sec-Fetch-Site}) sent it: a web page may post such a body cross-site
 * without a CORS preflight.
 */
final class BufferedRequest extends HttpServletRequestWrapper {

	private final byte[] body;

	private final boolean untyped;

	/**
	 * The request as its handler sees it when no endpoint it reaches takes a body: with none, so that a handler
	 * that would drop one (Actuator's, on its reads) does not read it first; the body itself is left unread.
	 */
	static HttpServletRequest withoutBody(HttpServletRequest request) {
		return new BufferedRequest(request, new byte[0]);
	}

	BufferedRequest(HttpServletRequest request, byte[] body) {
		super(request);
		this.body = body;
		this.untyped = request.getHeader(HttpHeaders.CONTENT_TYPE) == null && !fromBrowser(request::getHeader);
	}

	/** Whether a browser sent the request, by its {@code Origin} or {@code Sec-Fetch-Site} header. */
	static boolean fromBrowser(Function<String, @Nullable String> headers) {
		return headers.apply(HttpHeaders.ORIGIN) != null || headers.apply("Sec-Fetch-Site") != null;
	}

	/** The body as read. */
	byte[] body() {
		return body;
	}

	@Override
	public ServletInputStream getInputStream() {
		ByteArrayInputStream in = new ByteArrayInputStream(body);
		return new ServletInputStream() {

			@Override
			public int read() {
				return in.read();
			}

			@Override
			public int read(byte[] b, int off, int len) {
				return in.read(b, off, len);
			}

			@Override
			public boolean isFinished() {
				return in.available() == 0;
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setReadListener(ReadListener listener) {
				throw new UnsupportedOperationException("synchronous reads only");
			}

		};
	}

	@Override
	public BufferedReader getReader() {
		return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
	}

	@Override
	public int getContentLength() {
		return body.length;
	}

	@Override
	public long getContentLengthLong() {
		return body.length;
	}

	@Override
	public @Nullable String getContentType() {
		return untyped ? MediaType.APPLICATION_JSON_VALUE : super.getContentType();
	}

	@Override
	public @Nullable String getHeader(String name) {
		return untyped && HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name) ? MediaType.APPLICATION_JSON_VALUE
				: super.getHeader(name);
	}

	@Override
	public Enumeration<String> getHeaders(String name) {
		return untyped && HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)
				? Collections.enumeration(List.of(MediaType.APPLICATION_JSON_VALUE)) : super.getHeaders(name);
	}

	@Override
	public Enumeration<String> getHeaderNames() {
		if (!untyped) {
			return super.getHeaderNames();
		}
		List<String> names = new ArrayList<>(Collections.list(super.getHeaderNames()));
		names.add(HttpHeaders.CONTENT_TYPE);
		return Collections.enumeration(names);
	}

}
