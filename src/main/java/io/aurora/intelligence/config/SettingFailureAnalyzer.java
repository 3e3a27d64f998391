package io.aurora.intelligence.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * Reports a setting that cannot be read as its type (say {@code AURORA_POLICY=neural} or
 * {@code GAMMA=abc}) by the environment variable an operator set and the value it holds, with the
 * values it takes, where Spring Boot's report shows the {@code ${AURORA_POLICY:squarecb}} placeholder of
 * {@code application.yml} and the enum's constant names. Other binding failures are left to Spring Boot.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class SettingFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

	/** A property bound from one environment variable, with its default: {@code ${NAME:default}}. */
	private static final Pattern FROM_VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_]+):([^}]*)}");

	private final Environment environment;

	SettingFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		ConfigurationProperty property = cause.getProperty();
		if (property == null || findCause(cause, BindValidationException.class) != null
				|| !(property.getValue() instanceof String raw)) {
			return null;
		}
		Matcher matcher = FROM_VARIABLE.matcher(raw);
		if (!matcher.matches()) {
			return null;
		}
		String variable = matcher.group(1);
		String fallback = matcher.group(2);
		String value = environment.getProperty(variable, fallback);
		Class<?> type = cause.getTarget().getType().resolve(Object.class);
		String expected = expected(type, fallback);
		return new FailureAnalysis(
				variable + " is '" + value + "' (" + cause.getName() + "), which is not " + expected + ".",
				"Set " + variable + " to " + expected + ", or unset it for the default '" + fallback + "'.", cause);
	}

	/**
	 * What a value of {@code type} looks like; an enum's values are spelt as the setting's default is
	 * ({@code squarecb, q-table, ucb} but {@code FULL, NORMAL}), as the README spells them.
	 */
	static String expected(Class<?> type, String fallback) {
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

}
