package io.aurora.intelligence.api;

import java.net.URI;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers the errors the servlet container raises itself, before or beside Spring MVC (a malformed
 * chunked body, an error in a filter), as problem+json like every other error, in place of Spring
 * Boot's default error document. It names no exception and shows no stack trace. Asked for directly,
 * {@code /error} is not a resource: 404.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

	@RequestMapping("${server.error.path:${error.path:/error}}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		HttpStatus status = request.getDispatcherType() != DispatcherType.ERROR ? HttpStatus.NOT_FOUND
				: status(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE));
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
				FilterAnswers.containerDetail(status.value(), status.getReasonPhrase(), request));
		if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String path) {
			try {
				problem.setInstance(URI.create(FilterAnswers.instancePath(path)));
			}
			catch (IllegalArgumentException ex) {
				// A path no URI can hold is left out of the answer rather than failing it.
			}
		}
		return ApiErrors.typed(problem);
	}

	/**
	 * Answers {@code OPTIONS /error} as the other methods are answered (404), where Spring MVC would list the
	 * methods of a resource that is not one.
	 */
	@RequestMapping(path = "${server.error.path:${error.path:/error}}", method = RequestMethod.OPTIONS)
	ResponseEntity<ProblemDetail> options(HttpServletRequest request) {
		return error(request);
	}

	private static HttpStatus status(@Nullable Object code) {
		HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
		return status == null || !status.isError() ? HttpStatus.INTERNAL_SERVER_ERROR : status;
	}

}
