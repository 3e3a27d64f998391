package io.aurora.intelligence.config;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

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
		new VirtualThreadsDefault(LogFactory.getLog(VirtualThreadsDefaultTests.class), 25).postProcessEnvironment(environment,
				new SpringApplication());
		return environment.getProperty("spring.threads.virtual.enabled", Boolean.class);
	}

	@Test
	void virtualThreadsSetOutrightWarnWhereJavaHasNoneAndOnTheSqliteStore() {
		assertThat(warnings(17, Map.of("VIRTUAL_THREADS", "true"))).singleElement().asString()
			.contains("Java 17 has no virtual threads");
		assertThat(warnings(25, Map.of("VIRTUAL_THREADS", " On"))).as("quoted as given").singleElement().asString()
			.contains("VIRTUAL_THREADS=On on the SQLite store");
		assertThat(warnings(25, Map.of("VIRTUAL_THREADS", "true", "aurora.store.url", "jdbc:postgresql://db/a"))).isEmpty();
		assertThat(warnings(25, Map.of("VIRTUAL_THREADS", "false"))).isEmpty();
		assertThat(warnings(17, Map.of())).as("the default").isEmpty();
	}

	private static List<Object> warnings(int javaVersion, Map<String, Object> settings) {
		List<Object> warnings = new ArrayList<>();
		Log log = (Log) Proxy.newProxyInstance(Log.class.getClassLoader(), new Class<?>[] { Log.class }, (proxy, method, args) -> {
			if (method.getName().equals("warn")) {
				warnings.add(args[0]);
			}
			return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
		});
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
		new VirtualThreadsDefault(log, javaVersion).postProcessEnvironment(environment, new SpringApplication());
		return warnings;
	}

}
