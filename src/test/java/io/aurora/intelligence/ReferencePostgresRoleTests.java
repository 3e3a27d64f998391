package io.aurora.intelligence;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static io.aurora.intelligence.Manifests.map;
import static io.aurora.intelligence.Manifests.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs the SQL of the reference PostgreSQL's first-start script ({@code k8s/shared/postgres.yaml}) as its
 * superuser, as {@code psql} would, and then the service as the user it creates: that user holds no privilege
 * beyond its own database, and the service migrates, decides and learns there.
 */
class ReferencePostgresRoleTests extends AbstractSharedModeTests {

	private static final String USER = "aurora_app";

	private static final String PASSWORD = "it's-a-secret";

	@Test
	void theServiceRunsAsTheUnprivilegedOwnerTheReferenceDatabaseCreates() throws Exception {
		String database = "aurora_role";
		try (Connection admin = postgres.getPostgresDatabase().getConnection(); Statement s = admin.createStatement()) {
			s.execute("CREATE DATABASE " + database);
		}
		try (Connection admin = DriverManager.getConnection(postgres.getJdbcUrl("postgres", database), "postgres", "postgres");
				Statement s = admin.createStatement()) {
			for (String statement : statements(Map.of("app_user", USER, "app_password", PASSWORD, "DBNAME", database))) {
				s.execute(statement);
			}
			try (ResultSet role = s.executeQuery("SELECT rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls"
					+ " FROM pg_roles WHERE rolname = '" + USER + "'")) {
				assertThat(role.next()).isTrue();
				for (int column = 1; column <= 5; column++) {
					assertThat(role.getBoolean(column)).as("privilege %d", column).isFalse();
				}
			}
		}
		Map<String, String> settings = new HashMap<>(shared(postgres, database));
		settings.put("STORE_USER", USER);
		settings.put("STORE_PASSWORD", PASSWORD);
		try (RunningService service = RunningService.start(dir.resolve("r.db"), neighbours, settings)) {
			String traceId = service.http.decide(request(1)).get("trace_id").asString();
			TestHttp.Response feedback = service.http.post("/feedback",
					"{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"latency_ms\": 40, \"cost\": 0.1, \"slo_hit\": true}}");
			assertThat(feedback.status()).as(feedback.body()).isEqualTo(200);
			assertThat(updates(service.http)).isEqualTo(1);
		}
		try (Connection app = DriverManager.getConnection(postgres.getJdbcUrl(USER, database), USER, PASSWORD);
				Statement s = app.createStatement()) {
			assertThatThrownBy(() -> s.execute("CREATE ROLE intruder")).isInstanceOf(SQLException.class);
			assertThatThrownBy(() -> s.execute("CREATE DATABASE another")).isInstanceOf(SQLException.class);
			assertThatThrownBy(() -> s.execute("SELECT * FROM pg_authid")).as("the password hashes")
				.isInstanceOf(SQLException.class);
		}
	}

	@Test
	void theScriptTakesTheServicesLoginFromItsSecret() throws IOException {
		String script = script();
		assertThat(script).startsWith("#!/bin/sh").contains("set -eu").contains("-v ON_ERROR_STOP=1")
			.contains("--set app_user=\"$AURORA_USER\"").contains("--set app_password=\"$AURORA_PASSWORD\"");
	}

	/** The script's SQL with psql's variables put in: {@code :"name"} as an identifier, {@code :'name'} as a literal. */
	private static List<String> statements(Map<String, String> variables) throws IOException {
		String script = script();
		int start = script.indexOf("<<'SQL'\n");
		int end = script.indexOf("\nSQL\n", start);
		assertThat(start).as("a quoted here-document, which the shell leaves to psql").isPositive();
		assertThat(end).isPositive();
		String sql = script.substring(start + "<<'SQL'\n".length(), end);
		Matcher variable = Pattern.compile(":([\"'])(\\w+)\\1").matcher(sql);
		StringBuilder filled = new StringBuilder();
		while (variable.find()) {
			String value = variables.get(variable.group(2));
			assertThat(value).as("psql variable %s", variable.group(2)).isNotNull();
			String quote = variable.group(1);
			variable.appendReplacement(filled, Matcher.quoteReplacement(quote + value.replace(quote, quote + quote) + quote));
		}
		variable.appendTail(filled);
		assertThat(filled.toString()).doesNotContain(":\"").doesNotContain(":'");
		return List.of(filled.toString().strip().split(";\\s*\n?"));
	}

	private static String script() throws IOException {
		Map<String, Object> configMap = single(Path.of("k8s", "shared"), "postgres.yaml", "ConfigMap");
		return (String) map(configMap.get("data")).get("10-aurora-role.sh");
	}

}
