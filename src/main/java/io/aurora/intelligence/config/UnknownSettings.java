package io.aurora.intelligence.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * Warns at start of environment variables that look like settings of this service but are none (a
 * misspelt {@code AURORA_POLCY}, a {@code ROUTER_URLS}), which would otherwise be ignored in silence
 * while the service runs on the default they were meant to replace.
 */
final class UnknownSettings {

	private static final Logger log = LoggerFactory.getLogger(UnknownSettings.class);

	/** Prefixes of this service's settings; a variable with one of them that is no setting is suspect. */
	private static final List<String> PREFIXES = List.of("AURORA_", "ROUTER_", "PSI_", "STORE_", "SQUARECB_", "UCB_",
			"EPSILON", "FEEDBACK_", "MAX_LEARNED_", "REWARD_", "REPLAY_", "RETENTION_", "CHECKPOINT_", "SPRING_SSL_BUNDLE_PEM_ROUTER_",
			"SPRING_SSL_BUNDLE_PEM_PSI_", "SPRING_SSL_BUNDLE_JKS_ROUTER_", "SPRING_SSL_BUNDLE_JKS_PSI_");

	/** Names shaped as Spring Boot's relaxed names of the settings records' properties, such as {@code AURORA_STORE_TIMEOUT_MS}. */
	private static final Pattern RELAXED = Pattern.compile("AURORA_(AUDITOR|AUTH|LEARNING|PSI|ROUTER|SERVING|STORE)_.*");

	/** What Kubernetes injects for a Service in the namespace, such as {@code AURORA_ROUTER_SERVICE_HOST}. */
	private static final Pattern SERVICE_LINK = Pattern.compile(".*_(SERVICE_HOST|SERVICE_PORT(_.*)?|PORT|PORT_[0-9]+_(TCP|UDP|SCTP)(_.*)?)");

	/** A setting of an SSL bundle of a kind Spring Boot does not have ({@code SPRING_SSL_BUNDLE_PKCS12_…}), which binds to nothing. */
	private static final Pattern BUNDLE_OF_NO_KIND = Pattern.compile("SPRING_SSL_BUNDLE_(?!(PEM|JKS|WATCH)_).+");

	/** A setting of a PEM or JKS bundle other than the neighbours' ({@code SPRING_SSL_BUNDLE_PEM_WEB_…}). */
	private static final Pattern OTHER_BUNDLE = Pattern.compile("SPRING_SSL_BUNDLE_(PEM|JKS)_(?!(ROUTER|PSI)_).+");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

	private UnknownSettings() {
	}

	/**
	 * Warns of the suspect variables of {@code environment}'s process. {@link SettingsCheck} calls it before any bean is
	 * made, so that the warning comes before a failure a misspelt variable may cause (a neighbour's bundle left without
	 * its keystore).
	 */
	static void warn(ConfigurableEnvironment environment) {
		Properties settings = settings();
		Set<String> variables = environment.getPropertySources()
			.get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME) instanceof EnumerablePropertySource<?> source
					? Set.of(source.getPropertyNames()) : System.getenv().keySet();
		List<String> suspects = suspects(variables, known(settings), relaxed(settings));
		if (!suspects.isEmpty()) {
			log.warn("Environment variables that are not settings of this service, ignored: {}", String.join("; ", suspects));
		}
	}

	/** The settings' variables, as application.yml reads them. */
	static Set<String> known() {
		return known(settings());
	}

	/**
	 * Spring Boot's relaxed names of the properties application.yml gives the settings records, such as
	 * {@code AURORA_STORE_TIMEOUT_MS}: each binds as its variable does.
	 */
	static Set<String> relaxed() {
		return relaxed(settings());
	}

	/** application.yml's properties, read once for both kinds of name. */
	private static Properties settings() {
		YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
		yaml.setResources(new ClassPathResource("application.yml"));
		Properties properties = yaml.getObject();
		return properties == null ? new Properties() : properties;
	}

	private static Set<String> known(Properties settings) {
		Set<String> known = new TreeSet<>();
		for (String name : settings.stringPropertyNames()) {
			Matcher m = PLACEHOLDER.matcher(settings.getProperty(name));
			while (m.find()) {
				known.add(m.group(1));
			}
		}
		known.addAll(OpenTelemetryVariables.names());
		known.addAll(NeighbourTls.variables());
		return known;
	}

	private static Set<String> relaxed(Properties settings) {
		Set<String> relaxed = new TreeSet<>();
		settings.stringPropertyNames().stream().filter(name -> name.startsWith("aurora."))
			.map(name -> name.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT))
			.forEach(relaxed::add);
		return relaxed;
	}

	/** Each suspect variable among {@code names}, with the setting it is closest to when one is close. */
	static List<String> suspects(Set<String> names, Set<String> known) {
		return suspects(names, known, relaxed());
	}

	/**
	 * Each suspect among {@code names}, given the settings' variables and their relaxed names; a relaxed-looking
	 * name ({@code AURORA_ROUTER_URI}) that is none of them binds to nothing, so it is suspect too.
	 */
	static List<String> suspects(Set<String> names, Set<String> known, Set<String> relaxed) {
		List<String> suspects = new ArrayList<>();
		for (String name : new TreeSet<>(names)) {
			if (known.contains(name) || relaxed.contains(name) || SERVICE_LINK.matcher(name).matches()) {
				continue;
			}
			// A variable is looked up as written (EPSILON, never epsilon), while a relaxed name binds in any case.
			String upper = name.toUpperCase(Locale.ROOT);
			if (relaxed.contains(upper)) {
				continue;
			}
			if (OTHER_BUNDLE.matcher(upper).matches()) {
				// Spring Boot's, or refused at start by UnusedBundles, which names the bundle it may be a slip of.
				continue;
			}
			if (BUNDLE_OF_NO_KIND.matcher(upper).matches()) {
				suspects.add(name + " (Spring Boot's SSL bundles are PEM or JKS ones; a PKCS #12 keystore goes in a JKS bundle, with its "
						+ "TYPE PKCS12)");
				continue;
			}
			String closest = known.contains(upper) ? upper : closest(upper, known);
			if (closest != null || RELAXED.matcher(upper).matches() || PREFIXES.stream().anyMatch(upper::startsWith)) {
				suspects.add(closest == null ? name : name + " (did you mean " + closest + "?)");
			}
		}
		return suspects;
	}

	/**
	 * The known name at most two edits from {@code name}, if one is; {@code AURORA_} is left out of the
	 * comparison, as only some settings have it ({@code ROUTER_URL} is {@code AURORA_ROUTER_URL}).
	 */
	private static @Nullable String closest(String name, Set<String> known) {
		String best = null;
		int bestDistance = 3;
		for (String candidate : known) {
			int distance = Math.min(distance(name, candidate), distance(unprefixed(name), unprefixed(candidate)));
			if (distance < bestDistance) {
				best = candidate;
				bestDistance = distance;
			}
		}
		return best;
	}

	private static String unprefixed(String name) {
		return name.startsWith("AURORA_") ? name.substring("AURORA_".length()) : name;
	}

	/** The Levenshtein distance between {@code a} and {@code b}. */
	static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
