package io.aurora.intelligence.api;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import java.util.function.IntConsumer;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.ServletException;
import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.res.StringManager;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Answers the errors Tomcat reports before any application sees the request (an invalid URI such as
 * {@code /../decisions} or {@code /decisions%2Fx}, a head too large) as problem+json, in place of Tomcat's HTML
 * page, and closes an HTTP/0.9 request unanswered; it replaces the host's error report valve, Spring Boot's
 * included, so it runs after Boot's customizer.
 */
final class ProblemReportValve extends ErrorReportValve {

	/** Tomcat's messages about reading a request's head, in the process's locale. */
	private static final StringManager HTTP11 = StringManager.getManager("org.apache.coyote.http11");

	/** Tomcat's message for a request line and headers beyond its buffer. */
	private static final String HEAD_TOO_LARGE = HTTP11.getString("iib.requestheadertoolarge.error");

	private static final StringManager HEADERS = StringManager.getManager("org.apache.tomcat.util.http");

	/** The starts of Tomcat's messages for a request line it could not read, in the process's locale, and what they mean. */
	private static final Map<String, String> BAD_REQUEST_LINE = Map.of(
			start("iib.invalidRequestTarget"), "The request target has a character that must be percent-encoded (RFC 3986), "
					+ "such as a space, '\"', '<', '>', '[', ']', '{', '}', '|', '\\', '^' or '`'",
			start("iib.invalidmethod"), "The request's method is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~)",
			start("iib.invalidHttpProtocol"), "The request line's protocol is malformed; send HTTP/1.1");

	/** Told the status of each request refused before any endpoint saw it. */
	private final IntConsumer refusals;

	/** A valve that counts nothing, as Tomcat makes one by its class name. */
	ProblemReportValve() {
		this(status -> {
		});
	}

	ProblemReportValve(IntConsumer refusals) {
		this.refusals = refusals;
	}

	/**
	 * Closes an HTTP/0.9 request ({@code GET /healthz} with no version) without an answer, which could carry
	 * neither a status nor a type, and passes every other request on.
	 */
	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		if ("".equals(request.getProtocol())) {
			request.getCoyoteRequest().action(ActionCode.CLOSE_NOW, null);
			return;
		}
		super.invoke(request, response);
	}

	@Override
	protected void report(Request request, Response response, @Nullable Throwable throwable) {
		if (response.getStatus() < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		HeadLimit limit = headLimit(request, throwable);
		if (limit != null) {
			response.setStatus(limit.status);
			// Tomcat closes the connection after it, as after its 400, but says so only for the statuses it knows to.
			response.setHeader("Connection", "close");
		}
		int status = response.getStatus();
		if (request.getWrapper() == null) {
			refusals.accept(status);
		}
		HttpStatus known = HttpStatus.resolve(status);
		String reason = known == null ? "Error" : known.getReasonPhrase();
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(FilterAnswers.json(status, reason,
						limit != null ? limit.detail(request) : detail(status, reason, request, throwable),
						instance(request)));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the connection is gone or the answer already began: nothing more can be said
		}
	}

	/**
	 * What a container's error says: for a 400 before Tomcat decoded the path, why it refused the path where the path
	 * shows why ({@link RefusedPaths}), for another 400 why it refused the headers where they show why
	 * ({@link RefusedHeaders}), else {@link FilterAnswers#containerDetail}. A request line Tomcat could not read
	 * ({@code throwable} says so) has no headers to blame.
	 */
	private static String detail(int status, String reason, Request request, @Nullable Throwable throwable) {
		String message = throwable instanceof IllegalArgumentException ? throwable.getMessage() : null;
		if (status == 400 && message != null) {
			if (message.equals(HEAD_TOO_LARGE)) {
				return "The request's method is longer than the request line and headers together may be";
			}
			for (Map.Entry<String, String> line : BAD_REQUEST_LINE.entrySet()) {
				if (message.startsWith(line.getKey())) {
					return line.getValue();
				}
			}
		}
		org.apache.tomcat.util.buf.MessageBytes raw = request.getCoyoteRequest().requestURI();
		String refused = status == 400 && request.getDecodedRequestURI() == null && !raw.isNull()
				? RefusedPaths.reason(raw.toString()) : null;
		if (refused == null && status == 400) {
			refused = RefusedHeaders.reason(request);
		}
		return refused != null ? refused : FilterAnswers.containerDetail(status, reason, request);
	}

	/** The start of Tomcat's message {@code key}, up to its first argument. */
	private static String start(String key) {
		return HTTP11.getString(key, "\u0000").split("\u0000")[0];
	}

	/**
	 * The path the problem is about: the decoded one where Tomcat got that far, else the path as it came (an
	 * invalid {@code /%2e%2e/decisions}, a request refused for its transfer coding), percent escapes and all;
	 * none when even that was not read (a URI beyond the head's buffer).
	 */
	private static @Nullable String instance(Request request) {
		String decoded = request.getDecodedRequestURI();
		org.apache.tomcat.util.buf.MessageBytes raw = request.getCoyoteRequest().requestURI();
		return decoded != null ? decoded : raw.isNull() ? null : raw.toString();
	}

	/**
	 * Which of the head's limits Tomcat's 400 is for: the URI overflowed its buffer (414), the headers did or were
	 * too many (431); null for any other error, an overlong method included, which stays Tomcat's 400.
	 */
	private static @Nullable HeadLimit headLimit(Request request, @Nullable Throwable throwable) {
		org.apache.coyote.Request coyote = request.getCoyoteRequest();
		if (throwable instanceof IllegalArgumentException && HEAD_TOO_LARGE.equals(throwable.getMessage())) {
			if (coyote.getMethod() == null) {
				return null;
			}
			return coyote.requestURI().isNull() ? HeadLimit.URI : HeadLimit.HEADERS;
		}
		int count = coyote.getMimeHeaders().size();
		boolean tooMany = throwable instanceof IllegalStateException && count > 0
				&& HEADERS.getString("headers.maxCountFail", Integer.valueOf(count)).equals(throwable.getMessage());
		return tooMany ? HeadLimit.FIELDS : null;
	}

	/** A limit of the request's head, with the status and the words that answer a request beyond it. */
	private enum HeadLimit {

		URI(414, "The request's URI is too long: the request line and headers together may take at most %s bytes"),
		HEADERS(431, "The request's headers are too large: the request line and headers together may take at most %s bytes"),
		FIELDS(431, "The request has too many header fields: at most %s are taken");

		private final int status;

		private final String detail;

		HeadLimit(int status, String detail) {
			this.status = status;
			this.detail = detail;
		}

		String detail(Request request) {
			if (!(request.getConnector().getProtocolHandler() instanceof AbstractHttp11Protocol<?> protocol)) {
				return "The request's head is beyond the connector's limits";
			}
			return detail.formatted(this == FIELDS ? protocol.getMaxHeaderCount() : protocol.getMaxHttpRequestHeaderSize());
		}

	}

	/** Installs the valve on the host, in place of every other error report valve. */
	@Component
	static final class Installer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

		private final ContainerRefusals refusals;

		Installer(ObjectProvider<MeterRegistry> registry) {
			this.refusals = new ContainerRefusals(registry);
		}

		@Override
		public void customize(TomcatServletWebServerFactory factory) {
			factory.addContextCustomizers(context -> install(context.getParent()));
		}

		private void install(Container host) {
			for (Valve valve : host.getPipeline().getValves()) {
				if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReportValve)) {
					host.getPipeline().removeValve(valve);
				}
			}
			if (host instanceof StandardHost standard) {
				standard.setErrorReportValveClass(ProblemReportValve.class.getName());
			}
			host.getPipeline().addValve(new ProblemReportValve(refusals));
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
