package io.aurora.intelligence.api;

import java.util.Collection;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Answers 406 when the {@code Accept} header gives every type an endpoint produces a quality of 0, which
 * RFC 9110 makes "not acceptable" ({@code application/json;q=0}, or {@code *}{@code /*} with
 * {@code application/json;q=0}): Spring's negotiation matches such ranges as if they were acceptable.
 * It runs after the endpoint is chosen and before its body is read, as Spring's own 406 does.
 */
@Component
class AcceptQuality implements HandlerInterceptor, WebMvcConfigurer {

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws HttpMediaTypeNotAcceptableException {
		if (!(request.getAttribute(HandlerMapping.PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE) instanceof Collection<?> producible)
				|| producible.isEmpty()) {
			return true;
		}
		List<MediaType> accepted;
		try {
			accepted = MediaType.parseMediaTypes(Collections.list(request.getHeaders(HttpHeaders.ACCEPT)));
		}
		catch (InvalidMediaTypeException ex) {
			return true;
		}
		if (accepted.isEmpty()) {
			return true;
		}
		for (Object type : producible) {
			if (type instanceof MediaType produced && quality(produced, accepted) != 0) {
				return true;
			}
		}
		throw new HttpMediaTypeNotAcceptableException(producible.stream().map(MediaType.class::cast).toList());
	}

	/**
	 * The quality {@code accepted} gives {@code type}: that of the most specific range that includes it
	 * (RFC 9110, section 12.5.1); -1 when none does.
	 */
	static double quality(MediaType type, List<MediaType> accepted) {
		@Nullable MediaType best = null;
		for (MediaType range : accepted) {
			if (range.includes(type) && (best == null || specificity(range) > specificity(best))) {
				best = range;
			}
		}
		return best == null ? -1 : best.getQualityValue();
	}

	private static int specificity(MediaType range) {
		return range.isWildcardType() ? 0 : range.isWildcardSubtype() ? 1 : 2;
	}

}
