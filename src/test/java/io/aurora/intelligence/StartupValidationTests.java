package io.aurora.intelligence;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bad setting stops the service at start-up with a message naming it. */
@ExtendWith(OutputCaptureExtension.class)
class StartupValidationTests {

	@TempDir
	Path dir;

	@ParameterizedTest
	@CsvSource({ "EPSILON, 2, aurora.learning.epsilon", "ALPHA, -0.1, aurora.learning.alpha",
			"GAMMA, abc, aurora.learning.gamma", "CACHE_TTL_S, 0, aurora.psi.cacheTtlS",
			"ROUTER_TIMEOUT_MS, 0, aurora.router.timeoutMs", "STORE_SYNC, SOMETIMES, aurora.store.sync",
			"STORE_TIMEOUT_MS, 50, aurora.store.timeoutMs",
			"AURORA_API_KEY, short, AURORA_API_KEY must be at least 16 characters",
			"AURORA_POLICY, neural, aurora.learning.policy", "FORGETTING, 0.1, aurora.learning.forgetting",
			"MAX_LEARNED_ACTIONS, 10, MAX_LEARNED_ACTIONS must be at least 256",
			"MAX_LEARNED_PAIRS, 0, aurora.learning.maxPairs", "SHUTDOWN_DRAIN_MS, -1, aurora.serving.drainMs", "METRICS_CACHE_MS, -5, aurora.serving.metricsCacheMs",
			"REWARD_WEIGHTS, latency=fast, REWARD_WEIGHTS must look like",
			"REWARD_WEIGHTS, 'latency=0,cost=0', at least one objective needs a positive weight",
			"REWARD_WEIGHTS, 'latency=0.6,cots=0.4', unknown objective 'cots'",
			"REWARD_WEIGHTS, 'latency=0.9,cost=0.1,latency=0', is given twice; name each objective once",
			"RETENTION_S, 3600, RETENTION_S must be 0 (keep everything) or at least FEEDBACK_WINDOW_S",
			"REWARD_LATENCY_MS, 0, aurora.auditor.rewardLatencyMs", "REWARD_COST, 0, aurora.auditor.rewardCost",
			"REWARD_LATENCY_REFERENCE, budget, aurora.auditor.reward-latency-reference",
"REPLAY_SIZE, 200000, aurora.learning.replaySize", "REPLAY_SIZE, 100, REPLAY_SIZE needs AURORA_POLICY=q-table",
			"AURORA_AUTH_DECISIONS, true, AURORA_AUTH_DECISIONS=true needs AURORA_API_KEY",
			"AURORA_API_KEY, '                    ', AURORA_API_KEY is blank",
			"AURORA_API_KEY, schlüssel-0123456789, AURORA_API_KEY must be printable ASCII",
			"AURORA_API_KEY, 'two words 0123456789', AURORA_API_KEY must be printable ASCII",
			"AURORA_API_KEY_PREVIOUS, an-old-key-0123456789, AURORA_API_KEY_PREVIOUS needs AURORA_API_KEY",
			"AURORA_ROUTER_URL, aurora-router:8080, AURORA_ROUTER_URL must be an absolute http or https URL",
			"PSI_URL, psi-field:8000, PSI_URL must be an absolute http or https URL",
			"OTEL_EXPORTER_OTLP_ENDPOINT, otel-collector:4318, OTEL_EXPORTER_OTLP_ENDPOINT is 'otel-collector:4318', which is not an absolute http or https URL",
			"PSI_URL, ftp://psi-field/, PSI_URL must be an absolute http or https URL",
			"AURORA_ROUTER_URL, http://127.0.0.1:99999, 'a port from 1 to 65535 if any'",
			"AURORA_ROUTER_URL, http://router:8080/base?a=b, AURORA_ROUTER_URL must be an absolute http or https URL",
			"PORT, -1, PORT must be from 1 to 65535", "PORT, 70000, PORT must be from 1 to 65535",
			"PORT, abc, PORT must be a whole number from 1 to 65535 (0 picks a free port), not 'abc'",
			"VIRTUAL_THREADS, maybe, VIRTUAL_THREADS is 'maybe', which is neither true nor false",
			"STORE_USER, aurora, STORE_USER or STORE_PASSWORD is set without STORE_URL",
			"STORE_PASSWORD, secret, STORE_USER or STORE_PASSWORD is set without STORE_URL" })
	void invalidSettingRefusesToStart(String variable, String value, String property) {
		SpringApplicationBuilder app = new SpringApplicationBuilder(AuroraIntelligenceApplication.class)
			.properties("PORT=0", "STORE_FILE=" + dir.resolve("d.db"))
			.properties(variable + "=" + value);
		assertThatThrownBy(app::run).hasStackTraceContaining(property);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"AURORA_POLICY | neural | AURORA_POLICY is 'neural' (aurora.learning.policy), which is not one of squarecb, q-table, ucb. "
					+ "| Set AURORA_POLICY to one of squarecb, q-table, ucb, or unset it for the default 'squarecb'.",
			"STORE_SYNC | SOMETIMES | STORE_SYNC is 'SOMETIMES' (aurora.store.sync), which is not one of FULL, NORMAL. "
					+ "| Set STORE_SYNC to one of FULL, NORMAL, or unset it for the default 'FULL'.",
			"ROUTER_TIMEOUT_MS | 99999999999 | ROUTER_TIMEOUT_MS is '99999999999' (aurora.router.timeout-ms), which is not "
					+ "a whole number from 10 to 60000. | Set ROUTER_TIMEOUT_MS to a whole number from 10 to 60000, "
					+ "or unset it for the default '1000'.",
			"STORE_TIMEOUT_MS | 5s | STORE_TIMEOUT_MS is '5s' (aurora.store.timeout-ms), which is not "
					+ "a whole number from 100 to 60000. | Set STORE_TIMEOUT_MS to a whole number from 100 to 60000, "
					+ "or unset it for the default '5000'.",
			"GAMMA | abc | GAMMA is 'abc' (aurora.learning.gamma), which is not a number. "
					+ "| Set GAMMA to a number, or unset it for the default '0.92'.",
			"REWARD_LATENCY_REFERENCE | budget | REWARD_LATENCY_REFERENCE is 'budget' (aurora.auditor.reward-latency-reference), "
					+ "which is not one of fixed, request. | Set REWARD_LATENCY_REFERENCE to one of fixed, request, or unset it "
					+ "for the default 'fixed'." })
	void aSettingThatCannotBeReadIsReportedByItsVariableAndValueWithTheValuesItTakes(String variable, String value,
			String description, String action, CapturedOutput output) {
		SpringApplicationBuilder app = new SpringApplicationBuilder(AuroraIntelligenceApplication.class)
			.properties("PORT=0", "STORE_FILE=" + dir.resolve("d.db"))
			.properties(variable + "=" + value);
		assertThatThrownBy(app::run);
		assertThat(output).contains("APPLICATION FAILED TO START", description.strip(), action.strip())
			.doesNotContain("${" + variable);
	}

	@Test
	void aBadSettingOfAFilterIsReportedWithoutTomcatsErrorLineBeforeTheReport(CapturedOutput output) {
		SpringApplicationBuilder app = new SpringApplicationBuilder(AuroraIntelligenceApplication.class)
			.properties("PORT=0", "STORE_FILE=" + dir.resolve("d.db"), "AURORA_API_KEY=short key");
		assertThatThrownBy(app::run);
		assertThat(output).contains("AURORA_API_KEY must be at least 16 characters")
			.as("the API key's filter is made as Tomcat starts, which logged the chain of beans at ERROR")
			.doesNotContain("Error starting Tomcat context");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"ROUTER_TIMEOUT_MS=5 | ROUTER_MAX_ATTEMPTS=11 | ROUTER_TIMEOUT_MS is '5' (aurora.router.timeout-ms), which must be "
					+ "greater than or equal to 10; unset, it is '1000' | ROUTER_MAX_ATTEMPTS is '11' (aurora.router.max-attempts), "
					+ "which must be less than or equal to 10; unset, it is '3'",
			"ROUTER_CANDIDATE_FAILURES=0 | PORT=0 | ROUTER_CANDIDATE_FAILURES is '0' (aurora.router.candidate-failures), which must be "
					+ "greater than or equal to 1; unset, it is '3' | Settings the service cannot run with:",
			"EPSILON=2 | PORT=0 | EPSILON is '2' (aurora.learning.epsilon), which must be less than or equal to 1; unset, it is '0.1' "
					+ "| Settings the service cannot run with:",
			"EPSILON=NaN | PORT=0 | EPSILON is 'NaN' (aurora.learning.epsilon), which must be greater than or equal to 0 and "
					+ "must be less than or equal to 1; unset, it is '0.1'. | Settings the service cannot run with:" })
	void settingsOutOfTheirRangeAreReportedByVariableValueAndDefault(String setting, String other, String line,
			String otherLine, CapturedOutput output) {
		SpringApplicationBuilder app = new SpringApplicationBuilder(AuroraIntelligenceApplication.class)
			.properties("PORT=0", "STORE_FILE=" + dir.resolve("d.db"), setting, other);
		assertThatThrownBy(app::run);
		assertThat(output).contains("APPLICATION FAILED TO START", line.strip(), otherLine.strip(),
				"Change the settings named above, or unset them for their defaults.")
			.doesNotContain("${")
			.as("no line-long WARN of the bean that failed before the report").doesNotContain("cancelling refresh attempt");
	}

	@Test
	void aConstraintWithAMessageOfItsOwnIsQuotedAfterTheVariable(CapturedOutput output) {
		SpringApplicationBuilder app = new SpringApplicationBuilder(AuroraIntelligenceApplication.class)
			.properties("PORT=0", "STORE_FILE=" + dir.resolve("d.db"), "MAX_LEARNED_ACTIONS=10");
		assertThatThrownBy(app::run);
		assertThat(output).contains("MAX_LEARNED_ACTIONS is '10' (aurora.learning.max-actions): MAX_LEARNED_ACTIONS must be "
				+ "at least 256, the most candidates one decision may offer; unset, it is '512'.");
	}

	@Test
	void anEmptyNeighbourUrlNamesItsVariable(CapturedOutput output) {
		SpringApplicationBuilder app = new SpringApplicationBuilder(AuroraIntelligenceApplication.class)
			.properties("PORT=0", "STORE_FILE=" + dir.resolve("d.db"), "AURORA_ROUTER_URL=");
		assertThatThrownBy(app::run);
		assertThat(output).contains("AURORA_ROUTER_URL must be set to an absolute http or https URL").doesNotContain("must not be null");
	}

	@ParameterizedTest
	@CsvSource({ "AURORA_POLICY, squarecb", "STORE_SYNC, FULL", "REWARD_LATENCY_REFERENCE, fixed" })
	void anEmptySettingNamesItsVariable(String variable, String fallback, CapturedOutput output) {
		SpringApplicationBuilder app = new SpringApplicationBuilder(AuroraIntelligenceApplication.class)
			.properties("PORT=0", "STORE_FILE=" + dir.resolve("d.db"), variable + "=");
		assertThatThrownBy(app::run);
		assertThat(output).contains(variable + " is empty; set it, or unset it for its default '" + fallback + "'")
			.doesNotContain("cannot run with:\n\n    must not be null");
	}

	@Test
	void aCheckOfTheSettingsRecordIsReportedByItsMessageNotByItsMethod(CapturedOutput output) {
		SpringApplicationBuilder app = new SpringApplicationBuilder(AuroraIntelligenceApplication.class)
			.properties("PORT=0", "STORE_FILE=" + dir.resolve("d.db"), "PSI_URL=psi-field:8000");
		assertThatThrownBy(app::run);
		assertThat(output).contains("Settings the service cannot run with:",
				"PSI_URL must be an absolute http or https URL with a host, a port from 1 to 65535 if any, no user or password and no "
						+ "query, such as http://psi-field:8000.")
			.doesNotContain("urlUsable");
	}

	@Test
	void aRefusalBySpringBootsOwnPropertiesIsLeftToSpringBoot(CapturedOutput output) {
		SpringApplicationBuilder app = new SpringApplicationBuilder(AuroraIntelligenceApplication.class)
			.properties("PORT=0", "STORE_FILE=" + dir.resolve("d.db"));
		assertThatThrownBy(() -> app.run("--management.endpoints.web.base-path=actuator"));
		assertThat(output).contains("APPLICATION FAILED TO START", "management.endpoints.web")
			.doesNotContain("Change the setting named above");
	}

	@Test
	void aCheckOverSeveralSettingsKeepsItsMessageBesideAVariableOutOfRange(CapturedOutput output) {
		SpringApplicationBuilder app = new SpringApplicationBuilder(AuroraIntelligenceApplication.class)
			.properties("PORT=0", "STORE_FILE=" + dir.resolve("d.db"), "CHECKPOINT_INTERVAL_S=90000", "RETENTION_S=3600");
		assertThatThrownBy(app::run);
		assertThat(output).contains("CHECKPOINT_INTERVAL_S is '90000' (aurora.auditor.checkpoint-interval-s), which must be",
				"RETENTION_S must be 0 (keep everything) or at least FEEDBACK_WINDOW_S");
	}

	@Test
	void aRefusalOfTheSettingsConstructorIsNotBlamedOnTheLastSettingBound(CapturedOutput output) {
		SpringApplicationBuilder app = new SpringApplicationBuilder(AuroraIntelligenceApplication.class)
			.properties("PORT=0", "STORE_FILE=" + dir.resolve("d.db"), "REWARD_WEIGHTS=latency=fast");
		assertThatThrownBy(app::run);
		assertThat(output).contains("APPLICATION FAILED TO START", "REWARD_WEIGHTS must look like latency=0.4,cost=0.3,"
				+ "reliability=0.3 with non-negative weights, at least one positive: 'fast' is not a number.")
			.doesNotContain("which is not");
	}

	@Test
	void aPortNoServerCanListenOnIsReportedBeforeTheStoreIsOpened(CapturedOutput output) {
		SpringApplicationBuilder app = new SpringApplicationBuilder(AuroraIntelligenceApplication.class)
			.properties("PORT=70000", "STORE_FILE=" + dir.resolve("d.db"));
		assertThatThrownBy(app::run);
		assertThat(output).contains("APPLICATION FAILED TO START", "PORT must be from 1 to 65535 (0 picks a free port), not 70000.",
				"Set PORT to the port to listen on");
		assertThat(dir.resolve("d.db")).as("no store opened nor migrated").doesNotExist();
	}

	@ParameterizedTest
	@CsvSource({ "ALPHA=0, EPSILON=0.1, AURORA_POLICY=q-table needs ALPHA above 0: at 0 it would learn nothing",
			"GAMMA=1, EPSILON=0.1, AURORA_POLICY=q-table needs GAMMA below 1: a state is mostly its own next state",
			"EPSILON_MIN=0.3, EPSILON_DECAY=0.99, EPSILON_MIN must not exceed EPSILON" })
	void qTableSettingsThatCannotLearnRefuseToStart(String setting, String other, String message) {
		SpringApplicationBuilder app = new SpringApplicationBuilder(AuroraIntelligenceApplication.class)
			.properties("PORT=0", "STORE_FILE=" + dir.resolve("d.db"), "AURORA_POLICY=q-table", setting, other);
		assertThatThrownBy(app::run).hasStackTraceContaining(message);
	}

	@ParameterizedTest
	@CsvSource({ "q-table", "ucb" })
	void rewardWeightsWithATabularPolicyRefusesToStart(String policy) {
		SpringApplicationBuilder app = new SpringApplicationBuilder(AuroraIntelligenceApplication.class)
			.properties("PORT=0", "STORE_FILE=" + dir.resolve("d.db"), "AURORA_POLICY=" + policy,
					"REWARD_WEIGHTS=latency=0.6,cost=0.2,reliability=0.2");
		assertThatThrownBy(app::run).hasStackTraceContaining("REWARD_WEIGHTS needs AURORA_POLICY=squarecb");
	}

	@Test
	void everyBadSettingIsReportedInOneStartEachWithItsVariable(CapturedOutput output) {
		SpringApplicationBuilder app = new SpringApplicationBuilder(AuroraIntelligenceApplication.class)
			.properties("PORT=0", "STORE_FILE=" + dir.resolve("d.db"), "EPSILON=2", "CACHE_TTL_S=0", "ROUTER_TIMEOUT_MS=5",
					"STORE_TIMEOUT_MS=abc", "RETENTION_S=3600");
		assertThatThrownBy(app::run);
		assertThat(output).contains("APPLICATION FAILED TO START", "Settings the service cannot run with:",
				"EPSILON is '2' (aurora.learning.epsilon), which must be less than or equal to 1",
				"CACHE_TTL_S is '0' (aurora.psi.cache-ttl-s), which must be greater than or equal to 1",
				"ROUTER_TIMEOUT_MS is '5' (aurora.router.timeout-ms), which must be greater than or equal to 10",
				"STORE_TIMEOUT_MS is 'abc' (aurora.store.timeout-ms), which is not a whole number from 100 to 60000",
				"RETENTION_S must be 0 (keep everything) or at least FEEDBACK_WINDOW_S",
				"Change the settings named above, or unset them for their defaults.");
		assertThat(dir.resolve("d.db")).as("no store opened nor migrated").doesNotExist();
	}

	@Test
	void aNeighboursUnreadableFileAndABundleNothingUsesAreReportedWithTheOtherSettings(CapturedOutput output) {
		SpringApplicationBuilder app = new SpringApplicationBuilder(AuroraIntelligenceApplication.class).properties(
				"STORE_FILE=" + dir.resolve("d.db"), "EPSILON=2", "spring.ssl.bundle.pem.psi.truststore.certificate=" + dir.resolve("absent.crt"),
				"spring.ssl.bundle.jks.routr.keystore.location=" + dir.resolve("absent.p12"));
		assertThatThrownBy(app::run);
		assertThat(output).contains("Settings the service cannot run with:",
				"EPSILON is '2' (aurora.learning.epsilon), which must be less than or equal to 1",
				"SPRING_SSL_BUNDLE_PEM_PSI_TRUSTSTORE_CERTIFICATE names no readable file, so the SSL bundle psi cannot be used",
				"The SSL bundle routr (spring.ssl.bundle.jks.routr.*, SPRING_SSL_BUNDLE_JKS_ROUTR_*) is used by nothing in this service");
		assertThat(dir.resolve("d.db")).as("no store opened nor migrated").doesNotExist();
	}

	@Test
	void aValueNotOfItsKindHidesNoOtherBadValueOfItsArea(CapturedOutput output) {
		SpringApplicationBuilder app = new SpringApplicationBuilder(AuroraIntelligenceApplication.class).properties(
				"STORE_FILE=" + dir.resolve("d.db"), "CACHE_TTL_S=abc", "PSI_TIMEOUT_MS=5", "GAMMA=abc", "EPSILON=2",
				"FEEDBACK_WINDOW_S=1h", "RETENTION_S=3600");
		assertThatThrownBy(app::run);
		assertThat(output).contains("Settings the service cannot run with:",
				"CACHE_TTL_S is 'abc' (aurora.psi.cache-ttl-s), which is not a whole number from 1 to 3600",
				"PSI_TIMEOUT_MS is '5' (aurora.psi.timeout-ms), which must be greater than or equal to 10",
				"GAMMA is 'abc' (aurora.learning.gamma), which is not a number",
				"EPSILON is '2' (aurora.learning.epsilon), which must be less than or equal to 1",
				"FEEDBACK_WINDOW_S is '1h' (aurora.auditor.feedback-window-s), which is not a whole number")
			.as("a rule over several settings is not judged against a default nobody set").doesNotContain("RETENTION_S must be");
		assertThat(dir.resolve("d.db")).as("no store opened nor migrated").doesNotExist();
	}

	@Test
	void thePortVirtualThreadsAndOpenTelemetryAreReportedWithTheOtherSettings(CapturedOutput output) {
		SpringApplicationBuilder app = new SpringApplicationBuilder(AuroraIntelligenceApplication.class).properties(
				"STORE_FILE=" + dir.resolve("d.db"), "PORT=abc", "VIRTUAL_THREADS=maybe", "OTEL_TRACES_SAMPLER=foo",
				"OTEL_BSP_MAX_QUEUE_SIZE=0", "OTEL_SPAN_LINK_COUNT_LIMIT=none", "EPSILON=2");
		assertThatThrownBy(app::run);
		assertThat(output).contains("Settings the service cannot run with:",
				"PORT must be a whole number from 1 to 65535 (0 picks a free port), not 'abc'",
				"VIRTUAL_THREADS is 'maybe', which is neither true nor false",
				"OTEL_TRACES_SAMPLER is 'foo', but this service samples with",
				"OTEL_BSP_MAX_QUEUE_SIZE is '0', which is no positive whole number of spans",
				"OTEL_SPAN_LINK_COUNT_LIMIT is 'none', which is no whole number from 0 to 2147483647",
				"EPSILON is '2' (aurora.learning.epsilon), which must be less than or equal to 1");
		assertThat(dir.resolve("d.db")).as("no store opened nor migrated").doesNotExist();
	}

	@Test
	void aSettingOfTheAuditorIsRefusedBeforeTheStoreIsOpened(CapturedOutput output) {
		SpringApplicationBuilder app = new SpringApplicationBuilder(AuroraIntelligenceApplication.class)
			.properties("PORT=0", "STORE_FILE=" + dir.resolve("d.db"), "REWARD_COST=NaN");
		assertThatThrownBy(app::run);
		assertThat(output).contains("APPLICATION FAILED TO START", "REWARD_COST");
		assertThat(dir.resolve("d.db")).as("no store opened nor migrated").doesNotExist();
	}

	@Test
	void aRouterUrlSetByTheVariableThatSpellsItsPropertyIsReportedByThatVariable(CapturedOutput output) {
		SpringApplicationBuilder app = withVariables(Map.of("AURORA_ROUTER_URL", "127.0.0.1:18460"));
		assertThatThrownBy(app::run);
		assertThat(output).contains("AURORA_ROUTER_URL is '127.0.0.1:18460' (aurora.router.url), which is not a valid URI.",
				"Set AURORA_ROUTER_URL to a valid URI, or unset it for the default 'http://aurora-router:8080'.");
	}

	@Test
	void aSettingGivenInSpringApplicationJsonIsNotBlamedOnThatVariable(CapturedOutput output) {
		SpringApplicationBuilder app = withVariables(Map.of("SPRING_APPLICATION_JSON", "{\"aurora\":{\"router\":{\"url\":\"127.0.0.1:18460\"}}}"));
		assertThatThrownBy(app::run);
		assertThat(output).contains("APPLICATION FAILED TO START", "aurora.router.url", "127.0.0.1:18460")
			.doesNotContain("SPRING_APPLICATION_JSON is").doesNotContain("Set SPRING_APPLICATION_JSON");
	}

	@Test
	void aSettingGivenByItsPropertysNameGetsSpringBootsReportNamingThatProperty(CapturedOutput output) {
		SpringApplicationBuilder app = new SpringApplicationBuilder(AuroraIntelligenceApplication.class)
			.properties("PORT=0", "STORE_FILE=" + dir.resolve("d.db"));
		assertThatThrownBy(() -> app.run("--aurora.psi.cache-ttl-s=0"));
		assertThat(output).contains("APPLICATION FAILED TO START", "aurora.psi.cache-ttl-s", "must be greater than or equal to 1")
			.doesNotContain("Field error in object");
		assertThat(dir.resolve("d.db")).as("no store opened nor migrated").doesNotExist();
	}

	@Test
	void aSettingGivenByItsPropertysNameIsReportedBesideTheOthersByPropertyValueAndOrigin(CapturedOutput output) {
		SpringApplicationBuilder app = new SpringApplicationBuilder(AuroraIntelligenceApplication.class)
			.properties("PORT=0", "STORE_FILE=" + dir.resolve("d.db"), "EPSILON=2");
		assertThatThrownBy(() -> app.run("--aurora.psi.cache-ttl-s=0"));
		assertThat(output).contains("EPSILON is '2' (aurora.learning.epsilon), which must be less than or equal to 1",
				"aurora.psi.cache-ttl-s is '0' (from \"aurora.psi.cache-ttl-s\" from property source \"commandLineArgs\"), which "
						+ "must be greater than or equal to 1")
			.doesNotContain("Binding validation errors on aurora.psi");
	}

	@Test
	void theReportOfSeveralSettingsIsLoggedAsLoggingIsConfigured(CapturedOutput output) {
		SpringApplicationBuilder app = new SpringApplicationBuilder(AuroraIntelligenceApplication.class).properties("PORT=0",
				"STORE_FILE=" + dir.resolve("d.db"), "EPSILON=2", "CACHE_TTL_S=0", "logging.structured.format.console=ecs");
		assertThatThrownBy(app::run);
		assertThat(output.getOut().lines().filter(line -> line.contains("Settings the service cannot run with")))
			.as("one ECS JSON line, as every other line of the log").singleElement().asString()
			.startsWith("{").contains("\"@timestamp\"", "EPSILON is '2'", "CACHE_TTL_S is '0'");
	}

	/** The service with these environment variables as its only ones, the store in the test's directory. */
	private SpringApplicationBuilder withVariables(Map<String, Object> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		return new SpringApplicationBuilder(AuroraIntelligenceApplication.class).environment(environment)
			.properties("PORT=0", "STORE_FILE=" + dir.resolve("d.db"));
	}

}
