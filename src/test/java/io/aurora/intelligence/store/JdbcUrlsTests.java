package io.aurora.intelligence.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcUrlsTests {

	@Test
	void aParameterIsAddedOnlyWhereTheUrlDoesNotSetIt() {
		assertThat(JdbcUrls.withDefault("jdbc:postgresql://db:5432/aurora", "connectTimeout", "10"))
			.isEqualTo("jdbc:postgresql://db:5432/aurora?connectTimeout=10");
		assertThat(JdbcUrls.withDefault("jdbc:postgresql://db/aurora?ssl=true", "tcpKeepAlive", "true"))
			.isEqualTo("jdbc:postgresql://db/aurora?ssl=true&tcpKeepAlive=true");
		assertThat(JdbcUrls.withDefault("jdbc:postgresql://db/aurora?connectTimeout=3", "connectTimeout", "10"))
			.isEqualTo("jdbc:postgresql://db/aurora?connectTimeout=3");
		assertThat(JdbcUrls.withDefault("jdbc:postgresql://db/aurora?ssl=true&tcpKeepAlive=false", "tcpKeepAlive", "true"))
			.isEqualTo("jdbc:postgresql://db/aurora?ssl=true&tcpKeepAlive=false");
	}

	@Test
	void aLoggedUrlMasksItsPasswordsButKeepsWhereItPoints() {
		assertThat(JdbcUrls.redacted("jdbc:postgresql://db:5432/aurora?user=a&password=s3cret&sslPassword=k&ssl=true"))
			.isEqualTo("jdbc:postgresql://db:5432/aurora?user=a&password=****&sslPassword=****&ssl=true");
		assertThat(JdbcUrls.redacted("jdbc:postgresql://db/aurora")).isEqualTo("jdbc:postgresql://db/aurora");
	}

	@Test
	void anErrorMessageMasksThePasswordsOfTheUrlWhereverTheyStand() {
		String url = "jdbc:postgresql://db/aurora?password=s3cret&SSLPASSWORD=k3y)z";
		assertThat(JdbcUrls.withoutSecretsOf(url, "Unable to connect (jdbc:postgresql://db/aurora?password=********"
				+ "&SSLPASSWORD=k3y)z) for user 'a'; s3cret")).isEqualTo("Unable to connect (jdbc:postgresql://db/aurora?"
						+ "password=********&SSLPASSWORD=****) for user 'a'; ****");
		assertThat(JdbcUrls.withoutSecretsOf(null, "text")).isEqualTo("text");
	}

	@Test
	void aReplicasConnectionNameIsPrintableAndFitsPostgresqlsLimit() {
		assertThat(JdbcUrls.applicationName("store-writer")).startsWith("aurora-intelligence store-writer")
			.hasSizeLessThanOrEqualTo(63).matches("[\\x20-\\x7E]+");
		assertThat(JdbcUrls.applicationName("x".repeat(100))).hasSize(63);
	}

}
