package io.aurora.intelligence.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A sample's name asked for in {@code includedNames} is given with its family's name. */
class MetricFamilyNamesTests {

	@Test
	void eachNameWithASamplesSuffixGetsItsFamilyBeside() {
		assertThat(MetricFamilyNames.withFamilies(new String[] { "a_total, b_seconds_bucket,c", "d_sum,,_total", "c" }))
			.containsExactly("a_total", "a", "b_seconds_bucket", "b_seconds", "c", "d_sum", "d", "_total");
	}

}
