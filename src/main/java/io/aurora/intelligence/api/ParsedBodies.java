package io.aurora.intelligence.api;

import java.lang.reflect.Type;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Once a request body has become the endpoint's argument, gives back the share of the body budget its parsing needed
 * beyond what the request keeps ({@link BodyBudget.Reservation#holdParsed}), so that a large decision waiting on the
 * router does not hold up the parsing of others for its whole call.
 */
@ControllerAdvice
class ParsedBodies extends RequestBodyAdviceAdapter {

	@Override
	public boolean supports(MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public Object afterBodyRead(Object body, HttpInputMessage inputMessage, MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request != null
				&& request.getAttribute(BodyLimitFilter.RESERVATION, RequestAttributes.SCOPE_REQUEST) instanceof BodyBudget.Reservation held) {
			held.holdParsed();
		}
		return body;
	}

}
