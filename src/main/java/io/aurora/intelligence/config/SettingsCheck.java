package io.aurora.intelligence.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindMethod;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.validation.MessageInterpolatorFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

/**
 * Binds and validates every settings record of the service once the context is prepared (logging set up as
 * configured, context initializers and test properties applied), before any bean is made or the store opened or
 * migrated, and refuses the start with every bad setting listed in one report. Left to the beans, the first record to
 * fail hid the others (one crash-loop per mistake), and the records bound after the store's migrations (the
 * Auditor's) failed only once a shared database had been migrated.
 */
class SettingsCheck implements ApplicationListener<ApplicationPreparedEvent> {

	/** The package whose {@code @ConfigurationProperties} records are checked. */
	static final String PACKAGE = "io.aurora.intelligence";

	/**
	 * The service's settings records, named rather than found by scanning the class path at every start (a test holds
	 * the list to the scan); by name, since this package depends on no feature's.
	 */
	static final List<String> RECORDS = List.of("api.ApiAuthProperties", "auditor.AuditorProperties",
			"config.ServingProperties", "executor.RouterProperties", "psi.PsiProperties", "store.StoreProperties",
			"strategist.LearningProperties");

	@Override
	public void onApplicationEvent(ApplicationPreparedEvent event) {
		ConfigurableEnvironment environment = event.getApplicationContext().getEnvironment();
		UnknownSettings.warn(environment);
		List<IllegalArgumentException> refusals = new ArrayList<>(SettingRefusals.taken(environment));
		refusals.addAll(UnusedBundles.refusals(environment));
		List<Failure> failures = failures(environment, event.getSpringApplication().getClassLoader());
		if (!refusals.isEmpty() || !failures.isEmpty()) {
			// Alone, a neighbour's unreadable file is reported as its bundle is loaded; beside others, in their report.
			refusals.addAll(NeighbourTls.unreadable(environment));
		}
		if (refusals.size() + failures.size() == 1) {
			// Reported as it would have been alone: by its own analyzer, by SettingFailureAnalyzer, or (a setting given
			// by its property's own name, such as --aurora.psi.cache-ttl-s=0) by Spring Boot's own report.
			throw refusals.isEmpty() ? failures.get(0).exception() : refusals.get(0);
		}
		if (refusals.isEmpty() && failures.isEmpty()) {
			return;
		}
		SettingFailureAnalyzer analyzer = SettingFailureAnalyzer.naming(environment);
		List<FailureAnalysis> analyses = new ArrayList<>();
		for (IllegalArgumentException refusal : refusals) {
			analyses.add(new FailureAnalysis(refusal.getMessage() + ".", "Change the setting named above.", refusal));
		}
		for (Failure failure : failures) {
			BindException exception = failure.exception();
			FailureAnalysis analysis = failure.defaulted().isEmpty() ? analyzer.analyze(exception)
					: analyzer.outOfRangeOnly(exception, failure.defaulted());
			analyses.add(analysis != null ? analysis
					: new FailureAnalysis(exception.getMessage() + ": " + NestedExceptionUtils.getMostSpecificCause(exception).getMessage(),
							"Change the setting named above, or unset it for its default.", exception));
		}
		SettingsRefusedException refused = new SettingsRefusedException(report(analyses));
		// Suppressed, not a cause: Spring Boot's analyzers of a BindException would report the first one alone.
		refusals.forEach(refused::addSuppressed);
		failures.forEach(failure -> refused.addSuppressed(failure.exception()));
		throw refused;
	}

	/**
	 * Binds each settings record of the service from {@code environment}, and returns each one's failures: every value
	 * that cannot be read as its setting's kind, and then the values out of range that binding the record again with
	 * those at their defaults finds (its rules over several settings wait for those values to be mended, since they
	 * would judge defaults nobody set).
	 */
	static List<Failure> failures(ConfigurableEnvironment environment, @Nullable ClassLoader classLoader) {
		List<Failure> failures = new ArrayList<>();
		SettingFailureAnalyzer analyzer = SettingFailureAnalyzer.naming(environment);
		try (LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean()) {
			validator.setMessageInterpolator(new MessageInterpolatorFactory().getObject());
			validator.afterPropertiesSet();
			for (String name : RECORDS) {
				Class<?> type = ClassUtils.resolveClassName(PACKAGE + "." + name, classLoader);
				String prefix = MergedAnnotations.from(type).get(ConfigurationProperties.class).getString("prefix");
				Map<String, Object> unread = new HashMap<>();
				BindException failure;
				do {
					failure = null;
					try {
						binder(environment, unread).bindOrCreate(prefix, Bindable.of(type).withBindMethod(BindMethod.VALUE_OBJECT),
								new ValidationBindHandler(validator));
					}
					catch (BindException ex) {
						failure = ex;
						Set<String> defaulted = ex.getCause() instanceof ConversionException ? Set.of() : Set.copyOf(unread.keySet());
						if (defaulted.isEmpty() || analyzer.outOfRangeOnly(ex, defaulted) != null) {
							failures.add(new Failure(ex, defaulted));
						}
					}
				}
				while (failure != null && takenAsDefault(environment, failure, unread));
			}
		}
		return failures;
	}

	/**
	 * A settings record's failure to bind, with the properties taken at their defaults to find it (none where it was
	 * found as the settings stand).
	 *
	 * @param exception the failure
	 * @param defaulted the properties taken at their defaults, whose values and rules the failure may not judge
	 */
	record Failure(BindException exception, Set<String> defaulted) {

	}

	/**
	 * A binder of {@code environment} with the values in {@code unread}, which could not be read as their settings'
	 * kind, replaced by their defaults, so that binding a record again goes on to its other values and validates them.
	 */
	private static Binder binder(ConfigurableEnvironment environment, Map<String, Object> unread) {
		List<ConfigurationPropertySource> sources = new ArrayList<>();
		if (!unread.isEmpty()) {
			sources.add(new MapConfigurationPropertySource(unread));
		}
		ConfigurationPropertySources.get(environment).forEach(sources::add);
		return new Binder(sources, new PropertySourcesPlaceholdersResolver(environment));
	}

	/**
	 * Whether {@code failure} is a value not of its setting's kind, not met before, whose default {@code application.yml}
	 * declares, now put in {@code unread} to bind the record again with.
	 */
	private static boolean takenAsDefault(ConfigurableEnvironment environment, BindException failure, Map<String, Object> unread) {
		String property = failure.getName().toString();
		if (!(failure.getCause() instanceof ConversionException) || unread.containsKey(property)) {
			return false;
		}
		String fallback = SettingFailureAnalyzer.declaredDefault(environment, property);
		if (fallback == null) {
			return false;
		}
		unread.put(property, fallback);
		return true;
	}

	/**
	 * One report of several analyses: a single one as it is, else their lines under one heading, each analysis'
	 * lines as {@link SettingFailureAnalyzer} wrote them.
	 */
	static FailureAnalysis report(List<FailureAnalysis> analyses) {
		if (analyses.size() == 1) {
			return analyses.get(0);
		}
		List<String> lines = new ArrayList<>();
		for (FailureAnalysis analysis : analyses) {
			String description = analysis.getDescription();
			if (description.startsWith(SettingFailureAnalyzer.HEADING)) {
				description = description.substring(SettingFailureAnalyzer.HEADING.length());
			}
			for (String line : description.split("\\.\n    ")) {
				lines.add(line.endsWith(".") ? line.substring(0, line.length() - 1) : line);
			}
		}
		return new FailureAnalysis(SettingFailureAnalyzer.HEADING + String.join(".\n    ", lines) + ".",
				"Change the settings named above, or unset them for their defaults.", analyses.get(0).getCause());
	}

	/** Settings the service cannot run with, with the report that names them all. */
	static final class SettingsRefusedException extends IllegalStateException {

		private final transient FailureAnalysis analysis;

		SettingsRefusedException(FailureAnalysis analysis) {
			super(analysis.getDescription());
			this.analysis = analysis;
		}

	}

	/** Reports {@link SettingsRefusedException} in Spring Boot's short start-up failure report. */
	static final class Analyzer extends AbstractFailureAnalyzer<SettingsRefusedException> {

		@Override
		protected FailureAnalysis analyze(Throwable rootFailure, SettingsRefusedException cause) {
			return new FailureAnalysis(cause.analysis.getDescription(), cause.analysis.getAction(), cause);
		}

	}

}
