package io.aurora.intelligence;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.aurora.intelligence.AuroraIntelligenceApplicationTests.SEED_DECISION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A router and a Ψ-field served over TLS with certificates of the operator's own authority, asking for the client's
 * certificate: Spring Boot's SSL bundles {@code router} and {@code psi}, set by their environment variables, give the
 * clients that authority and the client's key, from PEM files or from keystores; without them the handshake fails and
 * the decision is still answered.
 */
@ExtendWith(OutputCaptureExtension.class)
class NeighbourTlsEndToEndTests {

	@TempDir
	Path dir;

	@Test
	void withTheBundlesSetTheRouterAndThePsiFieldAreReachedOverMutualTls() throws Exception {
		TestPki pki = TestPki.in(dir);

		try (NeighbourStubs stubs = new NeighbourStubs(pki.serverTls())) {
			assertThat(stubs.routerUrl()).startsWith("https://");
			try (RunningService service = RunningService.startWithVariables(dir.resolve("plain.db"), stubs, Map.of())) {
				JsonNode answer = service.http.decide(SEED_DECISION);
				assertThat(answer.at("/explanations/router_result").asString()).as("answered, though the router's authority is unknown")
					.isEqualTo("error");
				assertThat(service.http.get("/status").json().at("/router/last_error").asString()).contains("TLS handshake failed");
			}
			assertThat(stubs.router.getRequestCount()).isZero();

			Map<String, Object> trustOnly = Map.of("SPRING_SSL_BUNDLE_PEM_ROUTER_TRUSTSTORE_CERTIFICATE", pki.authorityPem().toString(),
					"SPRING_SSL_BUNDLE_PEM_PSI_TRUSTSTORE_CERTIFICATE", pki.authorityPem().toString());
			try (RunningService service = RunningService.startWithVariables(dir.resolve("trust.db"), stubs, trustOnly)) {
				for (int i = 0; i < 3; i++) {
					JsonNode answer = service.http.decide(SEED_DECISION.replace("\"task_id\": \"", "\"task_id\": \"" + i));
					assertThat(answer.at("/explanations/router_result").asString())
						.as("refused for want of a client certificate: no request can have reached the router").isIn("error", "open");
				}
				assertThat(service.http.get("/status").json().at("/router/last_error").asString())
					.containsAnyOf("the TLS handshake was refused", "closed the connection before the request was sent");
				await().atMost(10, TimeUnit.SECONDS)
					.until(() -> service.http.get("/status").json().at("/psi/last_error").asString()
						.matches("Ψ-field(: the TLS handshake was refused| closed the connection before the request was sent).*"));
			}
			assertThat(stubs.router.getRequestCount()).isZero();

			Map<String, Object> variables = Map.of("SPRING_SSL_BUNDLE_PEM_ROUTER_TRUSTSTORE_CERTIFICATE", pki.authorityPem().toString(),
					"SPRING_SSL_BUNDLE_PEM_ROUTER_KEYSTORE_CERTIFICATE", pki.clientCertificate().toString(),
					"SPRING_SSL_BUNDLE_PEM_ROUTER_KEYSTORE_PRIVATE_KEY", pki.clientKey().toString(),
					"SPRING_SSL_BUNDLE_PEM_PSI_TRUSTSTORE_CERTIFICATE", pki.authorityPem().toString(),
					"SPRING_SSL_BUNDLE_PEM_PSI_KEYSTORE_CERTIFICATE", pki.clientCertificate().toString(),
					"SPRING_SSL_BUNDLE_PEM_PSI_KEYSTORE_PRIVATE_KEY", pki.clientKey().toString());
			try (RunningService service = RunningService.startWithVariables(dir.resolve("tls.db"), stubs, variables)) {
				await().atMost(10, TimeUnit.SECONDS)
					.until(() -> "ok".equals(service.http.get("/status").json().at("/psi/last_result").asString()));
				assertThat(service.http.decide(SEED_DECISION).at("/explanations/router_result").asString()).isEqualTo("ok");
				RecordedRequest routed = stubs.router.takeRequest(5, TimeUnit.SECONDS);
				assertThat(routed).isNotNull();
				assertThat(routed.getTarget()).isEqualTo("/route");
				assertThat(routed.getHandshake().peerCertificates()).first()
					.satisfies(presented -> assertThat(((X509Certificate) presented).getSubjectX500Principal().getName())
						.as("the client's certificate, as the router asked").isEqualTo("CN=aurora-intelligence"));

				String metrics = service.http.get("/metrics").body();
				assertThat(metrics).as("Spring Boot's measure of each bundle's client certificate, in seconds left")
					.containsPattern("(?m)^ssl_chain_expiry_seconds\\{bundle=\"router\",[^}]*} [1-9][0-9.E]*$")
					.containsPattern("(?m)^ssl_chain_expiry_seconds\\{bundle=\"psi\",[^}]*} [1-9][0-9.E]*$");
				List<String> problems = new ArrayList<>();
				ExportedSeries exported = ExportedSeries.of(metrics);
				for (Map<String, Object> rule : AlertRulesTests.rules()) {
					if (((String) rule.get("expr")).contains("ssl_chain_expiry_seconds")) {
						assertThat(exported.check((String) rule.get("alert"), (String) rule.get("expr"), problems)).isPositive();
					}
				}
				assertThat(problems).as("the certificate alert selects series the service exports").isEmpty();
			}
		}
	}

	@Test
	void aPkcs12KeystoreBundleAsCertManagerWritesItReachesTheRouterOverMutualTls() throws Exception {
		TestPki pki = TestPki.in(dir);
		Path keystore = pki.pkcs12("keystore-secret");
		try (NeighbourStubs stubs = new NeighbourStubs(pki.serverTls())) {
			Map<String, Object> variables = Map.of("SPRING_SSL_BUNDLE_JKS_ROUTER_KEYSTORE_LOCATION", keystore.toString(),
					"SPRING_SSL_BUNDLE_JKS_ROUTER_KEYSTORE_TYPE", "PKCS12", "SPRING_SSL_BUNDLE_JKS_ROUTER_KEYSTORE_PASSWORD",
					"keystore-secret", "SPRING_SSL_BUNDLE_JKS_ROUTER_TRUSTSTORE_LOCATION",
					keystore.resolveSibling("truststore.p12").toString(), "SPRING_SSL_BUNDLE_JKS_ROUTER_TRUSTSTORE_TYPE", "PKCS12",
					"SPRING_SSL_BUNDLE_JKS_ROUTER_TRUSTSTORE_PASSWORD", "keystore-secret");
			try (RunningService service = RunningService.startWithVariables(dir.resolve("p12.db"), stubs, variables)) {
				assertThat(service.http.decide(SEED_DECISION).at("/explanations/router_result").asString()).isEqualTo("ok");
				RecordedRequest routed = stubs.router.takeRequest(5, TimeUnit.SECONDS);
				assertThat(routed).isNotNull();
				assertThat(routed.getHandshake().peerCertificates()).first()
					.satisfies(presented -> assertThat(((X509Certificate) presented).getSubjectX500Principal().getName())
						.as("the keystore's certificate").isEqualTo("CN=aurora-intelligence"));
			}
		}
	}

	@Test
	void aBundleWhoseFilesCannotBeReadStopsTheStartNamingIt(CapturedOutput output) {
		try (NeighbourStubs stubs = new NeighbourStubs()) {
			assertThatThrownBy(() -> RunningService.startWithVariables(dir.resolve("d.db"), stubs,
					Map.of("SPRING_SSL_BUNDLE_PEM_ROUTER_TRUSTSTORE_CERTIFICATE", dir.resolve("absent.pem").toString())));
		}
		assertThat(output).contains("APPLICATION FAILED TO START", "The SSL bundle router (spring.ssl.bundle.pem.router.*) cannot be used (FileNotFoundException): a file its truststore "
						+ "names is missing",
				"SPRING_SSL_BUNDLE_PEM_ROUTER_TRUSTSTORE_CERTIFICATE names no readable file", "SPRING_SSL_BUNDLE_PEM_ROUTER_*");

		try (NeighbourStubs stubs = new NeighbourStubs()) {
			assertThatThrownBy(() -> RunningService.startWithVariables(dir.resolve("d.db"), stubs,
					Map.of("SPRING_SSL_BUNDLE_JKS_PSI_KEYSTORE_LOCATION", dir.resolve("absent.p12").toString(),
							"SPRING_SSL_BUNDLE_JKS_PSI_KEYSTORE_PASSWORD", "changeit", "SPRING_SSL_BUNDLE_JKS_PSI_TRUSTSTORE_PASWORD",
							"changeit")));
		}
		assertThat(output.getOut().indexOf("SPRING_SSL_BUNDLE_JKS_PSI_TRUSTSTORE_PASWORD (did you mean "
				+ "SPRING_SSL_BUNDLE_JKS_PSI_TRUSTSTORE_PASSWORD?)")).as("the misspelt variable named before the failure it may cause")
			.isPositive()
			.isLessThan(output.getOut().indexOf("The SSL bundle psi (spring.ssl.bundle.jks.psi.*)"));
		assertThat(output).contains("The SSL bundle psi (spring.ssl.bundle.jks.psi.*) cannot be used (",
				"): a file its keystore names is missing, unreadable or no keystore its type and password open",
				"SPRING_SSL_BUNDLE_JKS_PSI_KEYSTORE_LOCATION names no readable file",
				"Make SPRING_SSL_BUNDLE_JKS_PSI_* name readable keystores");
	}

	@Test
	void aBundleNothingUsesStopsTheStartNamingTheNeighboursOwn(CapturedOutput output) {
		try (NeighbourStubs stubs = new NeighbourStubs()) {
			assertThatThrownBy(() -> RunningService.startWithVariables(dir.resolve("d.db"), stubs,
					Map.of("SPRING_SSL_BUNDLE_JKS_ROUTR_KEYSTORE_LOCATION", dir.resolve("absent.p12").toString())));
		}
		assertThat(output).contains("APPLICATION FAILED TO START", "The SSL bundle routr (spring.ssl.bundle.jks.routr.*, "
				+ "SPRING_SSL_BUNDLE_JKS_ROUTR_*) is used by nothing in this service: the router's client takes the bundle router, "
				+ "the Ψ-field's psi (did you mean router?)", "Rename the bundle's settings to the name of the bundle meant")
			.as("refused before Spring Boot loads the bundle and fails on its missing file with a stack trace")
			.doesNotContain("Unable to create key store", "Application run failed");
	}

}
