package io.aurora.intelligence.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AcceptCharsetsTests {

	@Test
	void charsetParametersGoWhateverTheirCaseOrQuotingAndEverythingElseStays() {
		assertThat(AcceptCharsets.withoutCharset("text/html;level=1;charset=\"a;b\";q=0.5, application/json ;CHARSET=x"))
			.isEqualTo("text/html;level=1;q=0.5, application/json");
		assertThat(AcceptCharsets.withoutCharset("application/json;q=0")).isEqualTo("application/json;q=0");
	}

}
