package io.aurora.intelligence.api;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

@WebMvcTest(ProblemErrorController.class)
class ProblemErrorControllerTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void containerErrorsAreAnsweredAsProblemJsonWithTheirStatusAndPath() {
		assertThat(mvc.get().uri("/error").with(ProblemErrorControllerTests::errorDispatch)
			.requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 400)
			.requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/decisions"))
			.hasStatus(400)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"status": 400, "title": "Bad Request", "instance": "/decisions",
					 "detail": "The request could not be processed: Bad Request"}
					""");
	}

	@Test
	void anErrorWithoutAStatusIsA500ThatNamesNoException() {
		assertThat(mvc.get().uri("/error").with(ProblemErrorControllerTests::errorDispatch)
			.requestAttr(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("secret")))
			.hasStatus(500)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyText()
			.doesNotContain("secret")
			.doesNotContain("IllegalStateException");
	}

	@Test
	void errorAskedForDirectlyIsNotFound() {
		assertThat(mvc.get().uri("/error")).hasStatus(404).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(mvc.options().uri("/error")).as("no list of methods for what is not a resource").hasStatus(404)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	/** What the container does when it forwards an error to the error page. */
	private static MockHttpServletRequest errorDispatch(MockHttpServletRequest request) {
		request.setDispatcherType(DispatcherType.ERROR);
		return request;
	}

}
