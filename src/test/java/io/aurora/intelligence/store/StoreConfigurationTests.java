package io.aurora.intelligence.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The migrations' own connection: a connect timeout and keepalives, unless the URL sets its own. */
class StoreConfigurationTests {

	@Test
	void aParameterIsAddedOnlyWhereTheUrlDoesNotSetIt() {
		assertThat(StoreConfiguration.withDefault("jdbc:postgresql://db:5432/aurora", "connectTimeout", "10"))
			.isEqualTo("jdbc:postgresql://db:5432/aurora?connectTimeout=10");
		assertThat(StoreConfiguration.withDefault("jdbc:postgresql://db/aurora?ssl=true", "tcpKeepAlive", "true"))
			.isEqualTo("jdbc:postgresql://db/aurora?ssl=true&tcpKeepAlive=true");
		assertThat(StoreConfiguration.withDefault("jdbc:postgresql://db/aurora?connectTimeout=3", "connectTimeout", "10"))
			.isEqualTo("jdbc:postgresql://db/aurora?connectTimeout=3");
		assertThat(StoreConfiguration.withDefault("jdbc:postgresql://db/aurora?ssl=true&tcpKeepAlive=false", "tcpKeepAlive", "true"))
			.isEqualTo("jdbc:postgresql://db/aurora?ssl=true&tcpKeepAlive=false");
	}

}
