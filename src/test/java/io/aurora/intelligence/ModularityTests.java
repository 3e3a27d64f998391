package io.aurora.intelligence;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feature packages are modules: no cycles, no reaching into another module's internals, and the
 * learning core and the store stay free of the web layer.
 */
class ModularityTests {

	private final ApplicationModules modules = ApplicationModules.of(AuroraIntelligenceApplication.class);

	@Test
	void modulesRespectTheirBoundaries() {
		modules.verify();
	}

	@Test
	void triadAndSupportingModulesArePresent() {
		assertThat(modules.stream().map(m -> m.getIdentifier().toString())).contains("api", "strategist", "executor",
				"auditor", "psi", "store", "telemetry", "config");
	}

	@Test
	void storeAndTelemetryDependOnNoOtherModule() {
		for (String leaf : new String[] { "store", "telemetry" }) {
			assertThat(modules.getModuleByName(leaf).orElseThrow().getDirectDependencies(modules).stream())
				.as(leaf).isEmpty();
		}
	}

}
