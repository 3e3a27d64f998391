package io.aurora.intelligence.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The reasons given for paths Tomcat refuses before decoding them. */
class RefusedPathsTests {

	@Test
	void encodedSeparatorsAndNulAreNamed() {
		assertThat(RefusedPaths.reason("/problems/unknown%2ftrace")).contains("encoded slash (%2F)");
		assertThat(RefusedPaths.reason("/status%5Cx")).contains("encoded backslash (%5C)");
		assertThat(RefusedPaths.reason("/status%00")).contains("encoded NUL (%00)");
		assertThat(RefusedPaths.reason("/status;v=%2F%zz/x")).as("a path parameter's, which Tomcat drops before decoding")
			.isNull();
		assertThat(RefusedPaths.reason("/status;v=%2F/x%zz")).as("the path's own broken escape")
			.contains("a '%' that starts no escape");
		assertThat(RefusedPaths.reason("/%C0%AE/status")).contains("escapes are not UTF-8");
	}

	@Test
	void aDotDotSegmentAboveTheRootIsNamedAndOneWithinItIsNot() {
		assertThat(RefusedPaths.reason("/%2e%2e/decisions")).contains("climbs above the root");
		assertThat(RefusedPaths.reason("/a/../../status")).contains("climbs above the root");
		assertThat(RefusedPaths.reason("/a/./..;x=1/..")).contains("climbs above the root");
		assertThat(RefusedPaths.reason("/a/b/../status")).isNull();
		assertThat(RefusedPaths.reason("/a..b/status")).isNull();
		assertThat(RefusedPaths.reason("/status")).as("a path that shows no reason keeps the container's").isNull();
	}

}
