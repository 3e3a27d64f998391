package io.aurora.intelligence.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
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
 * trace where its files cannot be read. The service's clients use the bundles {@code router} and {@code psi}; a bundle
 * that a Spring Boot setting ending in {@code bundle} names ({@code server.ssl.bundle},
 * {@code server.ssl.server-name-bundles[0].bundle}, …) is Spring Boot's.
 */
final class UnusedBundles {

	private static final ConfigurationPropertyName BUNDLES = ConfigurationPropertyName.of("spring.ssl.bundle");

	/** The roots of Spring Boot's settings, under which a setting ending in {@code bundle} names a bundle it uses. */
	private static final Set<String> SPRING_BOOTS = Set.of("server", "management", "spring");

	private UnusedBundles() {
	}

	/** A refusal for each bundle set in {@code environment} that nothing uses, by name. */
	static List<IllegalArgumentException> refusals(ConfigurableEnvironment environment) {
		Set<String> used = new TreeSet<>(List.of(NeighbourTls.ROUTER, NeighbourTls.PSI));
		Set<Bundle> bundles = new TreeSet<>(Comparator.comparing(Bundle::kind).thenComparing(Bundle::name));
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource names) {
				names.stream().forEach(name -> {
					if (BUNDLES.isAncestorOf(name) && name.getNumberOfElements() > 4) {
						String kind = name.getElement(3, ConfigurationPropertyName.Form.UNIFORM);
						if (kind.equals(NeighbourTls.PEM) || kind.equals(NeighbourTls.JKS)) {
							bundles.add(new Bundle(kind, name.getElement(4, ConfigurationPropertyName.Form.ORIGINAL)));
						}
					}
					else if (!name.isEmpty() && name.getLastElement(ConfigurationPropertyName.Form.UNIFORM).equals("bundle")
							&& SPRING_BOOTS.contains(name.getElement(0, ConfigurationPropertyName.Form.UNIFORM))) {
						// A setting that names a bundle for its user: server.ssl.bundle, server.ssl.server-name-bundles[0].bundle, …
						ConfigurationProperty setting = names.getConfigurationProperty(name);
						if (setting != null && setting.getValue() instanceof CharSequence bundle && !bundle.toString().isBlank()) {
							used.add(bundle.toString().strip());
						}
					}
				});
			}
		}
		List<IllegalArgumentException> refusals = new ArrayList<>();
		for (Bundle bundle : bundles) {
			if (!used.contains(bundle.name())) {
				refusals.add(new UnusedBundleException(bundle, used));
			}
		}
		return refusals;
	}

	/** A bundle set, by its kind ({@code pem} or {@code jks}) and its name. */
	private record Bundle(String kind, String name) {
	}

	/** A bundle that nothing in this service uses. */
	static final class UnusedBundleException extends IllegalArgumentException implements SettingRefusals.Refusal {

		private UnusedBundleException(Bundle bundle, Set<String> used) {
			super("The SSL bundle " + bundle.name() + " (spring.ssl.bundle." + bundle.kind() + "." + bundle.name() + ".*, "
					+ NeighbourTls.variable(bundle.kind(), bundle.name(), "") + "*) is used by nothing in this service: the router's "
					+ "client takes the bundle " + NeighbourTls.ROUTER + ", the Ψ-field's " + NeighbourTls.PSI + others(used)
					+ meant(bundle.name(), used));
		}

		/** The bundles Spring Boot's settings name besides the neighbours', if any. */
		private static String others(Set<String> used) {
			List<String> others = used.stream().filter(name -> !name.equals(NeighbourTls.ROUTER) && !name.equals(NeighbourTls.PSI))
				.toList();
			return others.isEmpty() ? "" : ", and Spring Boot's settings name " + String.join(", ", others);
		}

		/** A hint naming the bundle in use that {@code name} is a slip of, if it is near one. */
		private static String meant(String name, Set<String> used) {
			String lower = name.toLowerCase(Locale.ROOT);
			for (String known : used) {
				String candidate = known.toLowerCase(Locale.ROOT);
				if (UnknownSettings.distance(lower, candidate) <= candidate.length() / 3 || swapped(lower, candidate)) {
					return " (did you mean " + known + "?)";
				}
			}
			return "";
		}

		/** Whether {@code a} is {@code b} with two of its letters in each other's place ({@code wbe} for {@code web}). */
		private static boolean swapped(String a, String b) {
			char[] left = a.toCharArray();
			char[] right = b.toCharArray();
			Arrays.sort(left);
			Arrays.sort(right);
			return a.length() == b.length() && Arrays.equals(left, right) && UnknownSettings.distance(a, b) <= 2;
		}

	}

	/** Reports it in Spring Boot's short start-up failure report. */
	static final class Analyzer extends AbstractFailureAnalyzer<UnusedBundleException> {

		@Override
		protected FailureAnalysis analyze(Throwable rootFailure, UnusedBundleException cause) {
			return new FailureAnalysis(cause.getMessage() + ".", "Rename the bundle's settings to the name of the bundle meant "
					+ "(router, psi, or the one a setting such as SERVER_SSL_BUNDLE names), or unset them.", cause);
		}

	}

}
