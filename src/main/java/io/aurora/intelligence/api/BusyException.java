package io.aurora.intelligence.api;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An operation that runs one at a time is running already: 503 problem+json with {@code Retry-After}.
 */
final class BusyException extends ErrorResponseException {

	BusyException(String detail, int retryAfterSeconds) {
		super(HttpStatus.SERVICE_UNAVAILABLE, ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail), null);
		getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
	}

}
