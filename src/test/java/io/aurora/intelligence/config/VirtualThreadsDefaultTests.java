package io.aurora.intelligence.config;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** Virtual threads by default only where the store's calls do not pin their carriers. */
class VirtualThreadsDefaultTests {

	@Test
	void sqliteServesOnPlatformThreadsAndPostgresqlOnVirtualOnesUnlessSetOutright() {
		assertThat(virtualThreads(Map.of())).isFalse();
		assertThat(virtualThreads(Map.of("aurora.store.url", "jdbc:postgresql://db:5432/aurora"))).isTrue();
		assertThat(virtualThreads(Map.of("VIRTUAL_THREADS", "true"))).isTrue();
		assertThat(virtualThreads(Map.of("aurora.store.url", "jdbc:postgresql://db/a", "VIRTUAL_THREADS", "false"))).isFalse();
	}

	private static boolean virtualThreads(Map<String, Object> settings) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
		environment.getPropertySources().addFirst(new MapPropertySource("yml",
				Map.of("spring.threads.virtual.enabled", "${VIRTUAL_THREADS:true}")));
		new VirtualThreadsDefault().postProcessEnvironment(environment, new SpringApplication());
		return environment.getProperty("spring.threads.virtual.enabled", Boolean.class);
	}

}
