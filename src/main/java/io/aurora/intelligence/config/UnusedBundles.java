package io.aurora.intelligence.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses Spring Boot SSL bundles that nothing in this service uses, such as a misspelt
 * {@code SPRING_SSL_BUNDLE_JKS_ROUTR_KEYSTORE_LOCATION}: the neighbour it was meant for would connect with the JVM's
 * own authorities and fail its handshakes, while Spring Boot still loads the bundle at start and fails with a stack
 * trace where its files cannot be read. The service's clients use the bundles {@code router} and {@code psi}; the
 * bundles {@code server.ssl.bundle} and {@code management.server.ssl.bundle} name are Spring Boot's.
 */
final class UnusedBundles {

	private static final ConfigurationPropertyName BUNDLES = ConfigurationPropertyName.of("spring.ssl.bundle");

	private UnusedBundles() {
	}

	/** A refusal for each bundle set in {@code environment} that nothing uses, by name. */
	static List<IllegalArgumentException> refusals(ConfigurableEnvironment environment) {
		Set<String> used = new TreeSet<>(List.of(NeighbourTls.ROUTER, NeighbourTls.PSI));
		for (String property : List.of("server.ssl.bundle", "management.server.ssl.bundle")) {
			String bundle = environment.getProperty(property);
			if (bundle != null && !bundle.isBlank()) {
				used.add(bundle.strip());
			}
		}
		List<IllegalArgumentException> refusals = new ArrayList<>();
		for (String bundle : set(environment)) {
			String name = bundle.substring(bundle.indexOf('.') + 1);
			if (!used.contains(name)) {
				refusals.add(new UnusedBundleException(bundle, name));
			}
		}
		return refusals;
	}

	/** The bundles set, as their kind and name ({@code jks.routr}), in order. */
	private static Set<String> set(ConfigurableEnvironment environment) {
		Set<String> bundles = new TreeSet<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource names) {
				names.stream().filter(name -> BUNDLES.isAncestorOf(name) && name.getNumberOfElements() > 4).forEach(name -> {
					String kind = name.getElement(3, ConfigurationPropertyName.Form.UNIFORM);
					if (kind.equals(NeighbourTls.PEM) || kind.equals(NeighbourTls.JKS)) {
						bundles.add(kind + "." + name.getElement(4, ConfigurationPropertyName.Form.ORIGINAL));
					}
				});
			}
		}
		return bundles;
	}

	/** A bundle that nothing in this service uses. */
	static final class UnusedBundleException extends IllegalArgumentException implements SettingRefusals.Refusal {

		UnusedBundleException(String bundle, String name) {
			super("The SSL bundle " + name + " (spring.ssl.bundle." + bundle + ".*, " + NeighbourTls.variable(bundle.substring(0,
					bundle.indexOf('.')), name, "") + "*) is used by nothing in this service: the router's client takes the bundle "
					+ NeighbourTls.ROUTER + ", the Ψ-field's " + NeighbourTls.PSI + meant(name));
		}

		/** A hint naming the neighbour's bundle {@code name} is a slip of, if it is near one. */
		private static String meant(String name) {
			String lower = name.toLowerCase(Locale.ROOT);
			for (String known : List.of(NeighbourTls.ROUTER, NeighbourTls.PSI)) {
				if (UnknownSettings.distance(lower, known) <= known.length() / 3) {
					return " (did you mean " + known + "?)";
				}
			}
			return "";
		}

	}

	/** Reports it in Spring Boot's short start-up failure report. */
	static final class Analyzer extends AbstractFailureAnalyzer<UnusedBundleException> {

		@Override
		protected FailureAnalysis analyze(Throwable rootFailure, UnusedBundleException cause) {
			return new FailureAnalysis(cause.getMessage() + ".", "Rename the bundle's settings to the neighbour's bundle, or unset them.",
					cause);
		}

	}

}
