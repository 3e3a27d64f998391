package io.aurora.intelligence.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanInstantiationException;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Reports a setting that cannot be read as its type (say {@code AURORA_POLICY=neural} or
 * {@code GAMMA=abc}) by the environment variable an operator set and the value it holds, with the
 * values it takes, where Spring Boot's report shows the {@code ${AURORA_POLICY:squarecb}} placeholder of
 * {@code application.yml} and the enum's constant names; a value out of its range ({@code ROUTER_TIMEOUT_MS=5})
 * is reported by variable too, and a settings record's own refusal by its message, which names the variable,
 * where Spring Boot's shows only the innermost cause. Other binding failures are left to Spring Boot.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class SettingFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

	/** A property bound from one environment variable, with its default: {@code ${NAME:default}}. */
	private static final Pattern CAMEL = Pattern.compile("([a-z0-9])([A-Z])");

	private static final Pattern FROM_VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_]+):([^}]*)}");

	/** How a report of settings out of range begins; its lines follow, each indented and ending in a full stop. */
	static final String HEADING = "Settings the service cannot run with:\n\n    ";

	/** The package of the settings records whose constructors' refusals name their variables. */
	private static final String OWN_PACKAGE = "io.aurora.intelligence.";

	private final Environment environment;

	/** Whether a setting no variable gave is reported too, by its property, rather than left to Spring Boot. */
	private boolean always;

	/** Spring Boot's failure analyzers are made by their one constructor. */
	SettingFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	/**
	 * An analyzer that also reports settings given by their properties' own names ({@code -Daurora.psi.cache-ttl-s=0}),
	 * by property, value and origin, for a report of several failures, where Spring Boot's report of each cannot go.
	 */
	static SettingFailureAnalyzer naming(Environment environment) {
		SettingFailureAnalyzer analyzer = new SettingFailureAnalyzer(environment);
		analyzer.always = true;
		return analyzer;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		BindValidationException invalid = findCause(cause, BindValidationException.class);
		if (invalid != null) {
			return outOfRange(invalid.getValidationErrors(), cause);
		}
		if (findCause(cause, ConversionException.class) == null) {
			return refusedByRecord(cause);
		}
		ConfigurationProperty property = cause.getProperty();
		Matcher matcher = property == null ? null : fromVariable(property);
		if (matcher == null) {
			if (!always || property == null) {
				return null;
			}
			Class<?> type = cause.getTarget().getType().resolve(Object.class);
			return new FailureAnalysis(property.getName() + " is '" + property.getValue() + "'" + from(property) + ", which is not "
					+ expected(type, "", cause.getTarget().getAnnotation(Min.class), cause.getTarget().getAnnotation(Max.class)) + ".",
					"Change the setting named above, or unset it for its default.", cause);
		}
		String variable = matcher.group(1);
		String fallback = matcher.group(2);
		String value = environment.getProperty(variable, fallback);
		Class<?> type = cause.getTarget().getType().resolve(Object.class);
		String expected = expected(type, fallback, cause.getTarget().getAnnotation(Min.class),
				cause.getTarget().getAnnotation(Max.class));
		return new FailureAnalysis(
				variable + " is '" + value + "' (" + cause.getName() + "), which is not " + expected + ".",
				"Set " + variable + " to " + expected + ", or unset it for the default '" + fallback + "'.", cause);
	}

	/**
	 * Reports a refusal of one of this service's settings records, thrown from its constructor, by its
	 * message, which names the variable; any other failure (Spring Boot's own properties) is left as it is.
	 */
	private @Nullable FailureAnalysis refusedByRecord(BindException cause) {
		Class<?> target = cause.getTarget().getType().resolve(Object.class);
		BeanInstantiationException construction = findCause(cause, BeanInstantiationException.class);
		if (!target.getName().startsWith(OWN_PACKAGE) || construction == null
				|| !(construction.getCause() instanceof IllegalArgumentException refused)) {
			return null;
		}
		return new FailureAnalysis(refused.getMessage() + ".", "Change the setting named above, or unset it for its default.",
				cause);
	}

	/**
	 * Reports values that were read but broke a constraint ({@code ROUTER_TIMEOUT_MS=5}) by variable, value
	 * and constraint, one line each; a check of the record's own keeps its message, which names its variables
	 * (where Spring Boot's report shows the check's method as a property with the value "false").
	 */
	private @Nullable FailureAnalysis outOfRange(ValidationErrors errors, BindException cause) {
		return outOfRange(errors, cause, error -> true);
	}

	/**
	 * Reports only the values set out of range, not those in {@code defaulted} nor the rules over several settings: for
	 * a record bound again with its unreadable values at their defaults, where such a rule would judge values nobody set.
	 */
	@Nullable FailureAnalysis outOfRangeOnly(BindException cause, Set<String> defaulted) {
		BindValidationException invalid = findCause(cause, BindValidationException.class);
		if (invalid == null) {
			return null;
		}
		ValidationErrors errors = invalid.getValidationErrors();
		return outOfRange(errors, cause, error -> {
			ConfigurationProperty bound = error instanceof FieldError field ? boundProperty(errors, field) : null;
			return bound != null && !defaulted.contains(bound.getName().toString());
		});
	}

	private @Nullable FailureAnalysis outOfRange(ValidationErrors errors, BindException cause, Predicate<ObjectError> reported) {
		List<String> lines = new ArrayList<>();
		// A variable's constraints it breaks, in order, and its line; a value may break two (NaN: neither at least 0 nor
		// at most 1), which one line says.
		Map<String, Broken> broken = new HashMap<>();
		boolean named = false;
		for (ObjectError error : errors.getAllErrors()) {
			if (!reported.test(error)) {
				continue;
			}
			ConfigurationProperty property = error instanceof FieldError field ? boundProperty(errors, field) : null;
			Matcher matcher = property == null ? null : fromVariable(property);
			String message = error.getDefaultMessage() == null ? "is not allowed" : error.getDefaultMessage();
			Matcher unbound = property == null && error instanceof FieldError field ? declared(errors.getName() + "."
					+ CAMEL.matcher(field.getField()).replaceAll("$1-$2").toLowerCase(Locale.ROOT)) : null;
			if (unbound != null && message.startsWith("must ") && environment.getProperty(unbound.group(1), "x").isEmpty()) {
				// Set to nothing (value: "" in a manifest): bound as no value at all, and a constraint's own words
				// would not say which setting; reported by its variable.
				named = true;
				lines.add(unbound.group(1) + " is empty; set it, or unset it for its default '" + unbound.group(2) + "'");
				continue;
			}
			if (property == null) {
				// A field no property binds is a check of the record's own, whose message names its variables
				// ("PSI_URL must be an absolute http or https URL ...").
				named |= error instanceof FieldError;
				lines.add(message);
				continue;
			}
			String said = message.startsWith("must ") ? ", which " + message : ": " + message;
			if (matcher == null) {
				lines.add(property.getName() + " is '" + property.getValue() + "'" + from(property) + said);
				continue;
			}
			named = true;
			String variable = matcher.group(1);
			String subject = variable + " is '" + environment.getProperty(variable, matcher.group(2)) + "' ("
					+ property.getName() + ")";
			String tail = "; unset, it is '" + matcher.group(2) + "'";
			if (message.startsWith("must ")) {
				Broken constraints = broken.computeIfAbsent(subject, line -> {
					lines.add(line);
					return new Broken(lines.size() - 1, new TreeSet<>());
				});
				constraints.messages().add(message);
				lines.set(constraints.line(), subject + ", which " + String.join(" and ", constraints.messages()) + tail);
			}
			else {
				lines.add(subject + said + tail);
			}
		}
		if (lines.isEmpty() || !named && !always) {
			return null;
		}
		return new FailureAnalysis(HEADING + String.join(".\n    ", lines) + ".",
				"Change the settings named above, or unset them for their defaults.", cause);
	}

	/** Where a property's value came from, as Spring Boot names it ({@code  (from System property 'x')}), or nothing. */
	private static String from(ConfigurationProperty property) {
		return property.getOrigin() == null ? "" : " (from " + property.getOrigin() + ")";
	}

	/** The property a field's error is about, as Spring Boot matches them: a child of the prefix, by last element. */
	private static @Nullable ConfigurationProperty boundProperty(ValidationErrors errors, FieldError error) {
		for (ConfigurationProperty property : errors.getBoundProperties()) {
			ConfigurationPropertyName name = property.getName();
			if (errors.getName().isParentOf(name)
					&& name.getLastElement(ConfigurationPropertyName.Form.UNIFORM).equalsIgnoreCase(error.getField())) {
				return property;
			}
		}
		return null;
	}

	/**
	 * The placeholder {@code application.yml} declares for the property {@code name}, matched, or null; sources that set
	 * the property to a value of its own (an environment variable of its name) are passed over.
	 */
	private @Nullable Matcher declared(String name) {
		return declared(environment, name);
	}

	/** The default {@code application.yml} declares for the property {@code name} in its placeholder, or null. */
	static @Nullable String declaredDefault(Environment environment, String name) {
		Matcher declared = declared(environment, name);
		return declared == null ? null : declared.group(2);
	}

	private static @Nullable Matcher declared(Environment environment, String name) {
		if (environment instanceof ConfigurableEnvironment configurable) {
			for (PropertySource<?> source : configurable.getPropertySources()) {
				Object raw = source.getProperty(name);
				Matcher matcher = FROM_VARIABLE.matcher(String.valueOf(raw));
				if (raw != null && matcher.matches()) {
					return matcher;
				}
			}
		}
		return null;
	}

	/**
	 * Matches a property whose value is {@code application.yml}'s placeholder for one variable, else null; a property
	 * an environment variable sets by its own name ({@code AURORA_ROUTER_URL} is {@code aurora.router.url}) is matched
	 * as the placeholder of that variable with {@code application.yml}'s default.
	 */
	private @Nullable Matcher fromVariable(ConfigurationProperty property) {
		if (!(property.getValue() instanceof String raw)) {
			return null;
		}
		Matcher matcher = FROM_VARIABLE.matcher(raw);
		if (matcher.matches()) {
			return matcher;
		}
		Matcher declared = declared(property.getName().toString());
		// Only a variable that spells the property: SPRING_APPLICATION_JSON's values carry that variable as origin too.
		if (property.getOrigin() instanceof PropertySourceOrigin source && source.getOrigin() instanceof SystemEnvironmentOrigin variable
				&& spells(variable.getProperty(), property.getName().toString()) && declared != null) {
			Matcher named = FROM_VARIABLE.matcher("${" + variable.getProperty() + ":" + declared.group(2) + "}");
			return named.matches() ? named : null;
		}
		return null;
	}

	/** Whether the environment variable {@code variable} is a spelling of the property {@code name}, as Spring Boot maps them. */
	private static boolean spells(String variable, String name) {
		return variable.replace("_", "").equalsIgnoreCase(name.replace(".", "").replace("-", ""));
	}

	/**
	 * What a value of {@code type} looks like; an enum's values are spelt as the setting's default is
	 * ({@code squarecb, q-table, ucb} but {@code FULL, NORMAL}), as the README spells them.
	 */
	static String expected(Class<?> type, String fallback) {
		return expected(type, fallback, null, null);
	}

	/** As {@link #expected(Class, String)}, a whole number within the setting's own bounds when it has them. */
	static String expected(Class<?> type, String fallback, @Nullable Min min, @Nullable Max max) {
		boolean whole = type == int.class || type == Integer.class || type == long.class || type == Long.class;
		if (whole && min != null && max != null) {
			return "a whole number from " + min.value() + " to " + max.value();
		}
		if (type.isEnum()) {
			boolean lowerCase = fallback.equals(fallback.toLowerCase(Locale.ROOT));
			return "one of " + Arrays.stream(type.getEnumConstants())
				.map(constant -> ((Enum<?>) constant).name())
				.map(name -> lowerCase ? name.toLowerCase(Locale.ROOT).replace('_', '-') : name)
				.collect(Collectors.joining(", "));
		}
		if (type == int.class || type == Integer.class) {
			return "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
		}
		if (type == long.class || type == Long.class) {
			return "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
		}
		if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
			return "a number";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "true or false";
		}
		return "a valid " + type.getSimpleName();
	}

	/** The constraints a variable's value breaks, sorted, and the index of the line that says them. */
	private record Broken(int line, Set<String> messages) {
	}

}
