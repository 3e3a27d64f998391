package io.aurora.intelligence.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.cors.CorsUtils;

import static org.assertj.core.api.Assertions.assertThat;

class OptionsAnswersTests {

	@Test
	void anOptionsAnswerLeavesOutAnEmptyAcceptPatchAndKeepsTheRest() throws Exception {
		MockHttpServletResponse response = options(answer -> {
			answer.setHeader(HttpHeaders.ALLOW, "POST,OPTIONS");
			answer.setHeader(HttpHeaders.ACCEPT_PATCH, "");
			answer.addHeader("accept-patch", " ");
		});
		assertThat(response.getHeader(HttpHeaders.ALLOW)).isEqualTo("POST,OPTIONS");
		assertThat(response.containsHeader(HttpHeaders.ACCEPT_PATCH)).isFalse();
	}

	@Test
	void anAcceptPatchWithFormatsIsKept() throws Exception {
		MockHttpServletResponse response = options(answer -> answer.setHeader(HttpHeaders.ACCEPT_PATCH, "application/merge-patch+json"));
		assertThat(response.getHeader(HttpHeaders.ACCEPT_PATCH)).isEqualTo("application/merge-patch+json");
	}

	@Test
	void aPreflightReachesTheHandlerAsAPlainOptionsRequest() throws Exception {
		MockHttpServletRequest preflight = new MockHttpServletRequest("OPTIONS", "/feedback");
		preflight.addHeader(HttpHeaders.ORIGIN, "https://elsewhere.example");
		preflight.addHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "DELETE");
		preflight.addHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization");
		List<HttpServletRequest> seen = new ArrayList<>();
		new OptionsAnswers().doFilter(preflight, new MockHttpServletResponse(), new MockFilterChain(new HttpServlet() {
			@Override
			protected void service(HttpServletRequest request, HttpServletResponse answer) {
				seen.add(request);
			}
		}));
		HttpServletRequest handled = seen.get(0);
		assertThat(CorsUtils.isPreFlightRequest(handled)).isFalse();
		assertThat(handled.getHeader("access-control-request-method")).isNull();
		assertThat(Collections.list(handled.getHeaders(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS))).isEmpty();
		assertThat(Collections.list(handled.getHeaderNames())).containsExactly(HttpHeaders.ORIGIN);
		assertThat(handled.getHeader(HttpHeaders.ORIGIN)).isEqualTo("https://elsewhere.example");
	}

	/** The answer to an {@code OPTIONS} request through the filter, as {@code handler} writes it. */
	private static MockHttpServletResponse options(Consumer<HttpServletResponse> handler) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		new OptionsAnswers().doFilter(new MockHttpServletRequest("OPTIONS", "/decisions"), response,
				new MockFilterChain(new HttpServlet() {
					@Override
					protected void service(HttpServletRequest request, HttpServletResponse answer) {
						handler.accept(answer);
					}
				}));
		return response;
	}

}
