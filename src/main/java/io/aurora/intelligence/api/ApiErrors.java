package io.aurora.intelligence.api;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.aurora.intelligence.auditor.FeedbackConflictException;
import io.aurora.intelligence.auditor.FeedbackExpiredException;
import io.aurora.intelligence.auditor.ModelBusyException;
import io.aurora.intelligence.auditor.ModelMismatchException;
import io.aurora.intelligence.auditor.TraceNotFoundException;
import io.aurora.intelligence.auditor.UnknownCandidateException;
import io.aurora.intelligence.store.StoreRefusingException;
import io.aurora.intelligence.store.StoreShortOfSpaceException;
import io.aurora.intelligence.strategist.InvalidContextException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.TransactionTimedOutException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Turns every error into RFC 9457 problem+json. Bad input is a 4xx naming the offending field (by its
 * JSON name); an unavailable store is a 503; nothing answers with a stack trace.
 */
@RestControllerAdvice
class ApiErrors extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

	private final StoreFailureLog storeFailures = new StoreFailureLog();

	private final NoEndpoint noEndpoint;

	private final JsonMapper json;

	ApiErrors(ObjectProvider<RequestMappingInfoHandlerMapping> mappings, JsonMapper json) {
		this.noEndpoint = new NoEndpoint(new MappedEndpoints(mappings));
		this.json = json;
	}

	/**
	 * Every answer states its type, so that it is written whatever the request's {@code Accept} header
	 * says, even one that cannot be parsed.
	 */
	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers, HttpStatusCode statusCode,
			WebRequest request) {
		HttpHeaders typed = new HttpHeaders();
		typed.putAll(headers);
		typed.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return new ResponseEntity<>(body instanceof ProblemDetail problem ? ProblemTypes.typed(problem) : body, typed,
				statusCode);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ValidationProblems.of(ex.getBindingResult());
		return handleExceptionInternal(ex, UnknownFields.addTo(problem), headers, HttpStatus.BAD_REQUEST, request);
	}

	/** A path no endpoint has: said plainly, instead of Spring's "No static resource". */
	@Override
	protected @Nullable ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String asked = request instanceof ServletWebRequest servlet ? servlet.getRequest().getRequestURI()
				: "/" + ex.getResourcePath();
		ex.getBody().setDetail(noEndpoint.detail(ex.getHttpMethod().name(), asked));
		return super.handleNoResourceFoundException(ex, headers, status, request);
	}

	/**
	 * A 405's {@code Allow} names every method the path takes, as {@code OPTIONS} on it does: {@code HEAD} wherever
	 * {@code GET} is, and {@code OPTIONS} itself, which Spring MVC answers for every path but leaves out here.
	 */
	@Override
	protected @Nullable ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Set<HttpMethod> allowed = new LinkedHashSet<>(ex.getSupportedHttpMethods() == null ? Set.of() : ex.getSupportedHttpMethods());
		if (allowed.contains(HttpMethod.GET)) {
			allowed.add(HttpMethod.HEAD);
		}
		allowed.add(HttpMethod.OPTIONS);
		HttpHeaders allow = new HttpHeaders();
		allow.putAll(headers);
		allow.setAllow(allowed);
		return handleExceptionInternal(ex, null, allow, status, request);
	}

	/**
	 * A body without Content-Type gets here only from a browser, which is told why it is not taken as JSON, and a
	 * request without a body from anyone else, which is told the body is missing, as it would be with a Content-Type;
	 * a Content-Type that is empty or does not parse, refused before where a body came ({@link BodyLimitFilter}), is named
	 * here as there.
	 */
	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (ex.getContentType() == null && request.getHeader(HttpHeaders.CONTENT_TYPE) == null
				&& !BufferedRequest.fromBrowser(request::getHeader)) {
			ProblemDetail missing = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					"The body is missing or is not the expected JSON object");
			missing.setTitle("Unreadable request body");
			return handleExceptionInternal(ex, missing, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
		}
		String unparsable = ex.getContentType() == null ? FilterAnswers.unparsableContentType(
				request.getHeader(HttpHeaders.CONTENT_TYPE)) : null;
		if (unparsable != null) {
			ex.getBody().setDetail(unparsable);
		}
		else if (ex.getContentType() == null && request.getHeader(HttpHeaders.CONTENT_TYPE) == null) {
			ex.getBody().setDetail("A body without Content-Type is taken as JSON except from a browser (an Origin or "
					+ "Sec-Fetch-Site header); send Content-Type: application/json");
		}
		else if (ex.getContentType() != null) {
			ex.getBody().setDetail("Content-Type '" + ex.getContentType().getType() + "/" + ex.getContentType().getSubtype()
					+ "' is not supported; send Content-Type: application/json");
		}
		return super.handleHttpMediaTypeNotSupported(ex, headers, status, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		@Nullable BufferedRequest body = request instanceof ServletWebRequest servlet
				? servlet.getNativeRequest(BufferedRequest.class) : null;
		List<JacksonException> further = body != null && ex.getCause() instanceof JacksonException first
				? TypeErrors.after(json, body.body(), first) : List.of();
		return handleExceptionInternal(ex, UnknownFields.addTo(UnreadableBody.problem(ex, further)), headers,
				HttpStatus.BAD_REQUEST, request);
	}

	@ExceptionHandler(InvalidContextException.class)
	ResponseEntity<ProblemDetail> invalidContext(InvalidContextException ex) {
		return typed(UnknownFields.addTo(Problems.badRequest("context." + ex.field(), ex.getMessage())));
	}

	@ExceptionHandler(InvalidRequestException.class)
	ResponseEntity<ProblemDetail> invalidRequest(InvalidRequestException ex) {
		return typed(UnknownFields.addTo(Problems.badRequest(ex.field(), ex.getMessage())));
	}

	@ExceptionHandler(NoEligibleCandidateException.class)
	ResponseEntity<ProblemDetail> noEligibleCandidate(NoEligibleCandidateException ex) {
		return typed(Problems.noEligibleCandidate(ex));
	}

	@ExceptionHandler(TooLittleToEvaluateException.class)
	ResponseEntity<ProblemDetail> tooLittleToEvaluate(TooLittleToEvaluateException ex) {
		return typed(problem(HttpStatus.BAD_REQUEST, "Too little to evaluate", ex.getMessage()));
	}

	@ExceptionHandler(TraceNotFoundException.class)
	ResponseEntity<ProblemDetail> traceNotFound(TraceNotFoundException ex) {
		return typed(problem(HttpStatus.NOT_FOUND, "Unknown trace", ex.getMessage()));
	}

	@ExceptionHandler(UnknownCandidateException.class)
	ResponseEntity<ProblemDetail> unknownCandidate(UnknownCandidateException ex) {
		return typed(problem(HttpStatus.UNPROCESSABLE_CONTENT, "Unknown candidate", ex.getMessage()));
	}

	@ExceptionHandler(FeedbackConflictException.class)
	ResponseEntity<ProblemDetail> feedbackConflict(FeedbackConflictException ex) {
		return typed(Problems.withRecorded(problem(HttpStatus.CONFLICT, "Feedback already recorded", ex.getMessage()), ex));
	}

	@ExceptionHandler(FeedbackExpiredException.class)
	ResponseEntity<ProblemDetail> feedbackExpired(FeedbackExpiredException ex) {
		return typed(Problems.withRecorded(problem(HttpStatus.GONE, "Feedback window closed", ex.getMessage()), ex));
	}

	@ExceptionHandler(ModelBusyException.class)
	ResponseEntity<ProblemDetail> modelBusy(ModelBusyException ex) {
		return unavailable(problem(HttpStatus.SERVICE_UNAVAILABLE, "Model busy", ex.getMessage()), ex.retryAfterSeconds());
	}

	@ExceptionHandler(ModelMismatchException.class)
	ResponseEntity<ProblemDetail> modelMismatch(ModelMismatchException ex) {
		return typed(problem(HttpStatus.UNPROCESSABLE_CONTENT, "Model does not fit", ex.getMessage()));
	}

	/** The store's volume short of {@code STORE_MIN_FREE_MB}: decisions wait for retention to make room. */
	@ExceptionHandler(StoreShortOfSpaceException.class)
	ResponseEntity<ProblemDetail> storeShortOfSpace(StoreShortOfSpaceException ex) {
		return unavailable(problem(HttpStatus.SERVICE_UNAVAILABLE, "Store short of space", ex.getMessage()),
				StoreShortOfSpaceException.RETRY_AFTER_S);
	}

	/** A decision refused before the router was asked, the store failing its writes: nothing was placed. */
	@ExceptionHandler(StoreRefusingException.class)
	ResponseEntity<ProblemDetail> storeRefusing(StoreRefusingException ex) {
		storeFailures.refused(ex);
		return unavailable(problem(HttpStatus.SERVICE_UNAVAILABLE, "Store refusing writes",
				"The store is failing its writes, so the decision was refused before the router was asked: nothing was "
						+ "placed or stored. Retry after Retry-After (under the same Idempotency-Key, if one was sent)."), 1);
	}

	/**
	 * The store out of reach: a failed query or write, or a transaction that could not begin, commit or
	 * finish in time (which Spring reports outside {@link DataAccessException}).
	 */
	@ExceptionHandler({ DataAccessException.class, CannotCreateTransactionException.class,
			TransactionSystemException.class, TransactionTimedOutException.class })
	ResponseEntity<ProblemDetail> storeUnavailable(RuntimeException ex) {
		storeFailures.refused(ex);
		return unavailable(problem(HttpStatus.SERVICE_UNAVAILABLE, "Store unavailable",
				"The store did not answer or did not confirm the write, so nothing was acknowledged. A feedback retry "
						+ "answers 409 if the first attempt was stored after all; a decision may have been placed by the router "
						+ "already, so retry it under the same Idempotency-Key (without one, a retry is a new decision)."), 1);
	}

	/** A 503 problem+json answer that tells the caller when to retry. */
	private static ResponseEntity<ProblemDetail> unavailable(ProblemDetail problem, int retryAfterSeconds) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON).body(ProblemTypes.typed(problem));
	}

	/** Tomcat parses the query string when a handler first reads a parameter, and fails on bad escapes. */
	@ExceptionHandler(InvalidParameterException.class)
	ResponseEntity<ProblemDetail> malformedQuery(InvalidParameterException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The query string is malformed (a '%' not followed by two hex digits, bytes that are not UTF-8, or too many parameters)");
		problem.setTitle("Malformed query string");
		return typed(problem);
	}

	@ExceptionHandler(Exception.class)
	@Nullable ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		if (DisconnectedClientHelper.isClientDisconnectedException(ex)) {
			// The client left (an export read halfway): nothing to answer, nothing wrong with the service.
			log.debug("Client went away: {}", ex.toString());
			return null;
		}
		log.error("Unexpected error", ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"An unexpected error occurred; it has been logged.");
		problem.setTitle("Internal error");
		return typed(problem);
	}

	/** The problem as the answer, its status, content type and problem type stated. */
	static ResponseEntity<ProblemDetail> typed(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(ProblemTypes.typed(problem));
	}

	private static ProblemDetail problem(HttpStatus status, String title, @Nullable String detail) {
		return Problems.problem(status, title, detail);
	}

}
