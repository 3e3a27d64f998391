package io.aurora.intelligence.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;

import io.aurora.intelligence.telemetry.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * When {@code AURORA_API_KEY} is set, requires {@code Authorization: Bearer <key>} on every mutating
 * endpoint and on the model's export (and on {@code POST /decisions} with {@code AURORA_AUTH_DECISIONS=true}), compared in
 * constant time; anything else is answered 401 problem+json. Without a key, {@code PUT /model} is
 * answered 403. Both happen first, before any body is read, so an anonymous caller cannot make the
 * service buffer a model-sized body. Health, metrics, status and docs stay open. While callers move to a
 * new key, {@code AURORA_API_KEY_PREVIOUS} is accepted as well, and counted.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
@EnableConfigurationProperties(ApiAuthProperties.class)
class ApiKeyFilter extends OncePerRequestFilter {

	/** Set on a request that carried the API key. */
	static final String AUTHORIZED = ApiKeyFilter.class.getName() + ".authorized";

	private static final String BEARER = "Bearer ";

	private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);

	private final ApiAuthProperties properties;

	private final byte[] expected;

	private final byte[] previous;

	private final Counter currentUsed;

	private final Counter previousUsed;

	/** The filter, counting the requests each key authorizes when there is a registry. */
	@Autowired
	ApiKeyFilter(ApiAuthProperties properties, ObjectProvider<MeterRegistry> meters) {
		this(properties, meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	ApiKeyFilter(ApiAuthProperties properties, MeterRegistry meters) {
		this.properties = properties;
		this.expected = properties.enabled() ? sha256(properties.apiKey()) : new byte[0];
		// With no previous key, nothing hashes to this: a digest is 32 bytes.
		this.previous = properties.previousKeyEnabled() ? sha256(properties.previousApiKey()) : new byte[0];
		this.currentUsed = used(meters, "current");
		this.previousUsed = used(meters, "previous");
		if (!properties.enabled()) {
			log.warn("AURORA_API_KEY is not set: POST /feedback and POST /evaluations accept any caller, and "
					+ "GET /model is open; set a key of at least 16 characters to require it");
		}
		else if (properties.previousKeyEnabled()) {
			log.info("AURORA_API_KEY_PREVIOUS is set: requests carrying it are accepted as well as AURORA_API_KEY's; unset it once "
					+ "aurora_intelligence_authorized_requests_total{key=\"previous\"} stops rising");
		}
	}

	private static Counter used(MeterRegistry meters, String key) {
		return Counter.builder(MetricNames.AUTHORIZED_REQUESTS)
			.description("Requests that carried an API key, by key: current (AURORA_API_KEY) or previous (AURORA_API_KEY_PREVIOUS)")
			.tag(MetricNames.TAG_KEY, key)
			.register(meters);
	}

	/** With a key, every request passes here, so that any that carries it is marked {@link #AUTHORIZED}. */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !properties.enabled() && !FilterAnswers.isModelImport(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!properties.enabled()) {
			FilterAnswers.problem(request, response, 403, FilterAnswers.ADMIN_OFF_TITLE, FilterAnswers.ADMIN_OFF_DETAIL);
			return;
		}
		if (hasKey(onlyAuthorization(request))) {
			request.setAttribute(AUTHORIZED, Boolean.TRUE);
			chain.doFilter(request, response);
			return;
		}
		String path = UrlPathHelper.defaultInstance.getLookupPathForRequest(request);
		if (!properties.requiresKey(request.getMethod(), path)) {
			if (properties.keyOptional(request.getMethod(), path) && FilterAnswers.authorizationHeaders(request) > 0) {
				// Credentials sent are checked: a stale key would otherwise pass unnoticed until feedback is refused.
				FilterAnswers.unauthorized(request, response,
						"The Authorization header does not carry AURORA_API_KEY (or is sent twice); send Authorization: "
								+ "Bearer <AURORA_API_KEY>, or no Authorization header");
				return;
			}
			chain.doFilter(request, response);
			return;
		}
		FilterAnswers.unauthorized(request, response);
	}

	/**
	 * Whether this request has what a key-protected operation needs: always without a key, with one only
	 * when the request carried it. It decides whether a caller may teach the model and export it.
	 */
	static boolean authorized(HttpServletRequest request, ApiAuthProperties properties) {
		return !properties.enabled() || Boolean.TRUE.equals(request.getAttribute(AUTHORIZED));
	}

	/**
	 * The request's one {@code Authorization} header, or null when it has none or several: which of several
	 * counts would depend on their order, and no client sends two.
	 */
	private static @Nullable String onlyAuthorization(HttpServletRequest request) {
		Enumeration<String> headers = request.getHeaders("Authorization");
		if (headers == null || !headers.hasMoreElements()) {
			return null;
		}
		String first = headers.nextElement();
		return headers.hasMoreElements() ? null : first;
	}

	/**
	 * The scheme's name is case-insensitive (RFC 9110); the key is compared with both keys, each in constant
	 * time, and the one it matched is counted.
	 */
	private boolean hasKey(@Nullable String header) {
		if (header == null || header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return false;
		}
		byte[] sent = sha256(header.substring(BEARER.length()).strip());
		boolean current = MessageDigest.isEqual(sent, expected);
		boolean old = MessageDigest.isEqual(sent, previous);
		if (current) {
			currentUsed.increment();
		}
		else if (old) {
			previousUsed.increment();
		}
		return current || old;
	}

	/** Hashing both sides first makes the comparison constant-time whatever the lengths. */
	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
		}
	}

}
