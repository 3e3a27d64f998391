package io.aurora.intelligence.api;

import java.io.EOFException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.aurora.intelligence.auditor.Auditor;
import io.aurora.intelligence.auditor.ModelBusyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;

@WebMvcTest(ModelController.class)
@ExtendWith(OutputCaptureExtension.class)
class ModelControllerTests {

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	Auditor auditor;

	@Test
	void exportWritesTheModelAsJson() {
		givenTheModel(Map.of("policy", "squarecb", "updates", 3));
		assertThat(mvc.get().uri("/model"))
			.hasStatusOk()
			.hasContentType(MediaType.APPLICATION_JSON)
			.bodyJson()
			.extractingPath("$.updates")
			.isEqualTo(3);
	}

	@Test
	void exportStatesItsLengthSoAnExportCutOffCannotPassForWhole() {
		givenTheModel(Map.of("policy", "squarecb", "updates", 3));
		MvcTestResult result = mvc.get().uri("/model").exchange();
		assertThat(result).hasStatusOk();
		assertThat(result.getResponse().getContentLength()).isPositive()
			.isEqualTo(result.getResponse().getContentAsByteArray().length);
		assertThat(result.getResponse().getHeader("Connection")).as("so that a body cut short ends at the close")
			.isEqualTo("close");
	}

	@Test
	void exportWhileAnotherIsBeingWrittenReturns503WithRetryAfter() throws Exception {
		CountDownLatch exporting = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		given(auditor.exportModel(any())).willAnswer(call -> {
			exporting.countDown();
			release.await(10, TimeUnit.SECONDS);
			return call.<Function<Map<String, Object>, Object>>getArgument(0).apply(Map.of("policy", "squarecb"));
		});
		CompletableFuture<MvcTestResult> first = CompletableFuture.supplyAsync(() -> mvc.get().uri("/model").exchange());
		assertThat(exporting.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(mvc.get().uri("/model"))
			.hasStatus(503)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader("Retry-After", "2");
		release.countDown();
		assertThat(first.get(10, TimeUnit.SECONDS)).hasStatusOk();
		assertThat(mvc.get().uri("/model")).as("the permit is released").hasStatusOk();
	}

	@Test
	void aStoreThatGivesNoConnectionForATransactionIs503NotA500() {
		given(auditor.exportModel(any())).willThrow(new CannotCreateTransactionException("no connection within 2 s"));
		assertThat(mvc.get().uri("/model"))
			.hasStatus(503)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader("Retry-After", "1");
	}

	@Test
	void aClientThatLeftMidAnswerIsNotLoggedAsAnUnexpectedError(CapturedOutput output) {
		given(auditor.exportModel(any())).willThrow(new UncheckedIOException(new EOFException("client went away")));
		assertThat(mvc.get().uri("/model").exchange().getResponse().getStatus()).isNotEqualTo(500);
		assertThat(output).doesNotContain("Unexpected error");
		willThrow(new IllegalStateException("a bug")).given(auditor).exportModel(any());
		assertThat(mvc.get().uri("/model")).hasStatus(500);
		assertThat(output).contains("Unexpected error");
	}

	@Test
	void exportWhileAnImportOrCheckpointCopiesTheModelReturns503WithRetryAfter() {
		given(auditor.exportModel(any())).willThrow(new ModelBusyException("another copy", 2));
		assertThat(mvc.get().uri("/model"))
			.hasStatus(503)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader("Retry-After", "2")
			.bodyJson()
			.extractingPath("$.title")
			.isEqualTo("Model busy");
	}

	private void givenTheModel(Map<String, Object> model) {
		given(auditor.exportModel(any())).willAnswer(call -> call.<Function<Map<String, Object>, Object>>getArgument(0).apply(model));
	}

}
