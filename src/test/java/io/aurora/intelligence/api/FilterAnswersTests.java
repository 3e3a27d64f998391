package io.aurora.intelligence.api;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class FilterAnswersTests {

	@ParameterizedTest
	@CsvSource({ "PUT, /model, true", "PUT, /%6Dodel, true", "PUT, /model;x=1, true", "PUT, /models, false",
			"GET, /model, false", "POST, /model, false" })
	void aModelImportIsRecognisedHoweverItsPathIsSpeltSoItGetsItsLargerLimit(String method, String uri, boolean isImport) {
		assertThat(FilterAnswers.isModelImport(new MockHttpServletRequest(method, uri))).isEqualTo(isImport);
	}

}
