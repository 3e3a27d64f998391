package io.aurora.intelligence.api;

import java.io.IOException;
import java.io.Writer;

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

	/** Tomcat's message for a request line and headers beyond its buffer, in the process's locale. */
	private static final String HEAD_TOO_LARGE = StringManager.getManager("org.apache.coyote.http11")
		.getString("iib.requestheadertoolarge.error");

	private static final StringManager HEADERS = StringManager.getManager("org.apache.tomcat.util.http");

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
		int status = headTooLarge(request, throwable);
		String detail;
		if (status > 0) {
			response.setStatus(status);
			detail = headDetail(status, request);
		}
		else {
			status = response.getStatus();
			detail = null;
		}
		HttpStatus known = HttpStatus.resolve(status);
		String reason = known == null ? "Error" : known.getReasonPhrase();
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(FilterAnswers.json(status, reason,
						detail != null ? detail : FilterAnswers.containerDetail(status, reason, request),
						request.getDecodedRequestURI()));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the connection is gone or the answer already began: nothing more can be said
		}
	}

	/**
	 * 414 for a request line whose URI overflowed Tomcat's head buffer, 431 for headers that did or that were too
	 * many, and 0 for any other error (Tomcat answers all of them 400).
	 */
	private static int headTooLarge(Request request, @Nullable Throwable throwable) {
		org.apache.coyote.Request coyote = request.getCoyoteRequest();
		if (throwable instanceof IllegalArgumentException && HEAD_TOO_LARGE.equals(throwable.getMessage())) {
			return coyote.getMethod() != null && coyote.requestURI().isNull() ? 414 : 431;
		}
		int count = coyote.getMimeHeaders().size();
		boolean tooMany = throwable instanceof IllegalStateException && count > 0
				&& HEADERS.getString("headers.maxCountFail", Integer.valueOf(count)).equals(throwable.getMessage());
		return tooMany ? 431 : 0;
	}

	private static String headDetail(int status, Request request) {
		String limit = request.getConnector().getProtocolHandler() instanceof AbstractHttp11Protocol<?> protocol
				? status == 431 && request.getCoyoteRequest().getMimeHeaders().size() >= protocol.getMaxHeaderCount()
						? protocol.getMaxHeaderCount() + " header fields"
						: protocol.getMaxHttpRequestHeaderSize() + " bytes"
				: "the connector's limit";
		if (status == 414) {
			return "The request's URI is too long: the request line and headers together may take at most " + limit;
		}
		return limit.endsWith("fields") ? "The request has too many header fields: at most " + limit + " are taken"
				: "The request's headers are too large: the request line and headers together may take at most " + limit;
	}

	/** Installs the valve on the host, in place of every other error report valve. */
	@Component
	static final class Installer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

		@Override
		public void customize(TomcatServletWebServerFactory factory) {
			factory.addContextCustomizers(context -> install(context.getParent()));
		}

		private static void install(Container host) {
			for (Valve valve : host.getPipeline().getValves()) {
				if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReportValve)) {
					host.getPipeline().removeValve(valve);
				}
			}
			if (host instanceof StandardHost standard) {
				standard.setErrorReportValveClass(ProblemReportValve.class.getName());
			}
			host.getPipeline().addValve(new ProblemReportValve());
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
