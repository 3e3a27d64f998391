package io.aurora.intelligence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import static io.aurora.intelligence.Manifests.map;
import static io.aurora.intelligence.Manifests.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Runs the reference PostgreSQL's first-start script ({@code k8s/shared/postgres.yaml}) with {@code sh} and
 * {@code psql}, as the image's entrypoint does, and then the service as the user it creates: that user holds no
 * privilege beyond its own database, and the service migrates, decides and learns there. Also upgrades a
 * database of the earlier layout, where the service's user was the bootstrap superuser, with
 * {@code retire-superuser-login.sql}. Both need {@code psql} 15 or later ({@code .ci/run} installs it).
 */
class ReferencePostgresRoleTests extends AbstractSharedModeTests {

	private static final String PASSWORD = "it's a \"secret\" $HOME :x";

	@Test
	void theServiceRunsAsTheUnprivilegedOwnerTheReferenceDatabaseCreates() throws Exception {
		assumePsql();
		String database = "aurora_role";
		try (Connection admin = postgres.getPostgresDatabase().getConnection(); Statement s = admin.createStatement()) {
			s.execute("CREATE DATABASE " + database);
		}
		Path script = dir.resolve("10-aurora-role.sh");
		Files.writeString(script, (String) map(single(Path.of("k8s", "shared"), "postgres.yaml", "ConfigMap").get("data"))
			.get("10-aurora-role.sh"));
		assertThat(run(postgres, List.of("sh", script.toString()), database, "postgres", "postgres", "aurora_app")).isZero();
		assertUnprivileged(postgres, database, "aurora_app");
		assertThat(run(postgres, List.of("sh", script.toString()), database, "postgres", "aurora_same", "aurora_same"))
			.as("a service's user that is the superuser is refused").isNotZero();
		String traceId;
		try (RunningService service = RunningService.start(dir.resolve("r.db"), neighbours, login(postgres, database, "aurora_app"))) {
			traceId = service.http.decide(request(1)).get("trace_id").asString();
			assertThat(service.http.post("/feedback", feedback(traceId)).status()).isEqualTo(200);
			assertThat(updates(service.http)).isEqualTo(1);
		}
		try (Connection app = DriverManager.getConnection(postgres.getJdbcUrl("aurora_app", database), "aurora_app", PASSWORD);
				Statement s = app.createStatement()) {
			assertThatThrownBy(() -> s.execute("CREATE ROLE intruder")).isInstanceOf(SQLException.class);
			assertThatThrownBy(() -> s.execute("CREATE DATABASE another")).isInstanceOf(SQLException.class);
			assertThatThrownBy(() -> s.execute("SELECT * FROM pg_authid")).as("the password hashes").isInstanceOf(SQLException.class);
		}
	}

	@Test
	void aDatabaseWhoseServiceUserWasItsBootstrapSuperuserIsUpgradedByTheRetireScript() throws Exception {
		assumePsql();
		// Here the bootstrap superuser is postgres: it plays the service's user of the earlier layout.
		try (EmbeddedPostgres old = EmbeddedPostgres.builder().start()) {
			String database = "aurora";
			try (Connection admin = old.getPostgresDatabase().getConnection(); Statement s = admin.createStatement()) {
				s.execute("CREATE DATABASE " + database);
			}
			String traceId;
			try (RunningService before = RunningService.start(dir.resolve("b.db"), neighbours, shared(old, database))) {
				traceId = before.http.decide(request(2)).get("trace_id").asString();
			}
			Path script = Path.of("k8s", "shared", "examples", "retire-superuser-login.sql").toAbsolutePath();
			List<String> psql = List.of("psql", "-v", "ON_ERROR_STOP=1", "-f", script.toString());
			assertThat(run(old, psql, database, "postgres", "aurora_admin", "postgres")).isZero();
			assertUnprivileged(old, database, "postgres");
			try (Connection admin = DriverManager.getConnection(old.getJdbcUrl("aurora_admin", database), "aurora_admin", "admin");
					Statement s = admin.createStatement();
					ResultSet retired = s.executeQuery("SELECT rolsuper, rolcanlogin FROM pg_roles WHERE rolname = 'postgres_bootstrap'")) {
				assertThat(retired.next()).isTrue();
				assertThat(retired.getBoolean(1)).as("still the catalogs' owner").isTrue();
				assertThat(retired.getBoolean(2)).as("but no login").isFalse();
			}
			try (RunningService after = RunningService.start(dir.resolve("a.db"), neighbours, login(old, database, "postgres"))) {
				assertThat(after.http.post("/feedback", feedback(traceId)).status()).as("the decision made before").isEqualTo(200);
				assertThat(after.http.decide(request(3)).get("trace_id").asString()).isNotBlank();
			}
		}
	}

	private static void assumePsql() throws Exception {
		String version;
		try {
			Process process = new ProcessBuilder("psql", "--version").redirectErrorStream(true).start();
			version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			version = "";
		}
		assumeThat(version).as("psql 15 or later (postgresql-client), which .ci/run installs").matches("(?s).* (1[5-9]|[2-9]\\d)\\..*");
	}

	/**
	 * Runs {@code command} as the pod would, connecting as {@code connectAs}, with the admin Secret's user and the
	 * service's in its environment; its exit status.
	 */
	private int run(EmbeddedPostgres pg, List<String> command, String database, String connectAs, String adminUser,
			String appUser) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("psql.log").toFile());
		Map<String, String> env = builder.environment();
		env.put("PGHOST", "localhost");
		env.put("PGPORT", Integer.toString(pg.getPort()));
		env.put("PGUSER", connectAs);
		env.put("PGDATABASE", database);
		env.put("POSTGRES_USER", adminUser);
		env.put("POSTGRES_PASSWORD", "admin");
		env.put("POSTGRES_DB", database);
		env.put("AURORA_USER", appUser);
		env.put("AURORA_PASSWORD", PASSWORD);
		Process process = builder.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return process.exitValue();
	}

	private static void assertUnprivileged(EmbeddedPostgres pg, String database, String user) throws SQLException {
		try (Connection c = DriverManager.getConnection(pg.getJdbcUrl(user, database), user, PASSWORD);
				Statement s = c.createStatement();
				ResultSet role = s.executeQuery("SELECT rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls"
						+ " FROM pg_roles WHERE rolname = current_user")) {
			assertThat(role.next()).isTrue();
			for (int column = 1; column <= 5; column++) {
				assertThat(role.getBoolean(column)).as("privilege %d", column).isFalse();
			}
		}
	}

	private static Map<String, String> login(EmbeddedPostgres pg, String database, String user) {
		Map<String, String> settings = new HashMap<>(shared(pg, database));
		settings.put("STORE_USER", user);
		settings.put("STORE_PASSWORD", PASSWORD);
		return settings;
	}

	private static String feedback(String traceId) {
		return "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"latency_ms\": 40, \"cost\": 0.1, \"slo_hit\": true}}";
	}

}
