package io.aurora.intelligence.api;

import java.io.IOException;
import java.io.Writer;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Answers the errors Tomcat reports before any application sees the request (an invalid URI such as
 * {@code /../decisions} or {@code /decisions%2Fx}) as problem+json, in place of Tomcat's HTML page; it
 * replaces the host's error report valve, Spring Boot's included, so it runs after Boot's customizer.
 */
final class ProblemReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, @Nullable Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		HttpStatus known = HttpStatus.resolve(status);
		String reason = known == null ? "Error" : known.getReasonPhrase();
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(FilterAnswers.json(status, reason, FilterAnswers.containerDetail(status, reason, request),
						request.getDecodedRequestURI()));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the connection is gone or the answer already began: nothing more can be said
		}
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
