package io.aurora.intelligence.config;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** A bundle that nothing in the service uses is refused; the neighbours' bundles and the server's are not. */
class UnusedBundlesTests {

	@Test
	void theNeighboursBundlesAndTheServersAreUsed() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("spring.ssl.bundle.pem.router.truststore.certificate", "/etc/tls/ca.crt")
			.withProperty("spring.ssl.bundle.jks.psi.keystore.location", "/etc/tls/psi.p12")
			.withProperty("spring.ssl.bundle.pem.web.keystore.certificate", "/etc/tls/web.crt")
			.withProperty("server.ssl.bundle", "web")
			.withProperty("spring.ssl.bundle.watch.file.quiet-period", "5s");
		assertThat(UnusedBundles.refusals(environment)).isEmpty();
	}

	@Test
	void bundlesSpringBootsOtherSettingsNameAreUsed() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("spring.ssl.bundle.pem.api-example-com.keystore.certificate", "/etc/tls/api.crt")
			.withProperty("server.ssl.server-name-bundles[0].server-name", "api.example.com")
			.withProperty("server.ssl.server-name-bundles[0].bundle", "api-example-com")
			.withProperty("spring.ssl.bundle.jks.management.keystore.location", "/etc/tls/management.p12")
			.withProperty("management.server.ssl.bundle", "management");
		assertThat(UnusedBundles.refusals(environment)).isEmpty();
	}

	@Test
	void aBundleNothingUsesIsRefusedOnceWithTheNeighboursItMayBeASlipOf() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("spring.ssl.bundle.jks.routr.keystore.location", "/etc/tls/router.p12")
			.withProperty("spring.ssl.bundle.jks.routr.keystore.password", "changeit")
			.withProperty("spring.ssl.bundle.pem.ps.truststore.certificate", "/etc/tls/ca.crt")
			.withProperty("spring.ssl.bundle.pem.web.keystore.certificate", "/etc/tls/web.crt");
		assertThat(UnusedBundles.refusals(environment)).extracting(Throwable::getMessage)
			.containsExactly("The SSL bundle routr (spring.ssl.bundle.jks.routr.*, SPRING_SSL_BUNDLE_JKS_ROUTR_*) is used by nothing in "
					+ "this service: the router's client takes the bundle router, the Ψ-field's psi (did you mean router?)",
					"The SSL bundle ps (spring.ssl.bundle.pem.ps.*, SPRING_SSL_BUNDLE_PEM_PS_*) is used by nothing in this service: the "
							+ "router's client takes the bundle router, the Ψ-field's psi (did you mean psi?)",
					"The SSL bundle web (spring.ssl.bundle.pem.web.*, SPRING_SSL_BUNDLE_PEM_WEB_*) is used by nothing in this service: "
							+ "the router's client takes the bundle router, the Ψ-field's psi");
	}

	@Test
	void bundlesAndTheirUseAreReadFromEnvironmentVariables() {
		MockEnvironment environment = new MockEnvironment();
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					Map.of("SPRING_SSL_BUNDLE_JKS_ROUTR_KEYSTORE_LOCATION", "/etc/tls/router.p12",
							"SPRING_SSL_BUNDLE_PEM_ROUTER_TRUSTSTORE_CERTIFICATE", "/etc/tls/ca.crt",
							"SPRING_SSL_BUNDLE_PEM_WEB_KEYSTORE_CERTIFICATE", "/etc/tls/web.crt", "SERVER_SSL_BUNDLE", "web")));
		assertThat(UnusedBundles.refusals(environment)).extracting(Throwable::getMessage)
			.containsExactly("The SSL bundle routr (spring.ssl.bundle.jks.routr.*, SPRING_SSL_BUNDLE_JKS_ROUTR_*) is used by nothing in "
					+ "this service: the router's client takes the bundle router, the Ψ-field's psi, and Spring Boot's settings name web "
					+ "(did you mean router?)");
	}

	@Test
	void aSlipOfTheServersBundleIsNamedWithIt() {
		MockEnvironment environment = new MockEnvironment().withProperty("server.ssl.bundle", "web")
			.withProperty("spring.ssl.bundle.pem.wbe.keystore.certificate", "/etc/tls/web.crt");
		assertThat(UnusedBundles.refusals(environment)).extracting(Throwable::getMessage)
			.containsExactly("The SSL bundle wbe (spring.ssl.bundle.pem.wbe.*, SPRING_SSL_BUNDLE_PEM_WBE_*) is used by nothing in this "
					+ "service: the router's client takes the bundle router, the Ψ-field's psi, and Spring Boot's settings name web "
					+ "(did you mean web?)");
	}

	@Test
	void aSettingOfNoSpringBootAreaNamesNoBundleInUse() {
		MockEnvironment environment = new MockEnvironment().withProperty("foo.bundle", "routr")
			.withProperty("spring.ssl.bundle.pem.routr.truststore.certificate", "/etc/tls/ca.crt");
		assertThat(UnusedBundles.refusals(environment)).as("FOO_BUNDLE=routr would otherwise let the slip start in silence")
			.singleElement().extracting(Throwable::getMessage).asString().contains("(did you mean router?)");
	}

}
