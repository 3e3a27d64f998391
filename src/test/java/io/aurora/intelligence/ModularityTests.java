package io.aurora.intelligence;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
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

	@Test
	void theLearningCoreIsPlainJavaAndOnlyItsThinServiceSeesSpring() {
		JavaClasses strategist = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("io.aurora.intelligence.strategist");
		noClasses().that().resideInAPackage("io.aurora.intelligence.strategist")
			.and().doNotHaveSimpleName("Strategist").and().doNotHaveSimpleName("IgnoredSettings")
			.and().doNotHaveSimpleName("LearningProperties")
			.should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.micrometer..", "jakarta..",
					"io.aurora.intelligence.telemetry..", "io.aurora.intelligence.store..")
			.check(strategist);
	}

}
