package io.aurora.intelligence.api;

import java.util.function.Consumer;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

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
