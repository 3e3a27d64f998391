package io.aurora.intelligence.api;

import java.net.URI;

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

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "/feedback;a=1|/feedback;a=1", "/%66eedback|/%66eedback", "/a b|/a%20b",
			"/100%|/100%25", "/%zz|/%25zz", "/é|/%C3%A9", "/\"quoted\"\\|/%22quoted%22%5C", "/<x>|/%3Cx%3E", "//feedback|/%2Ffeedback",
			"//|/%2F" })
	void aProblemsInstanceIsTheRequestPathAsAValidUriPath(String path, String instance) {
		assertThat(FilterAnswers.instancePath(path)).isEqualTo(instance);
		assertThat(URI.create(FilterAnswers.instancePath(path)).getRawPath()).isEqualTo(instance);
	}

}
