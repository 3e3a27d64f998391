package io.aurora.intelligence.config;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * The refusals of settings checked while the environment is prepared ({@code PORT}, {@code VIRTUAL_THREADS}, the
 * {@code OTEL_*} variables), kept in the environment until {@link SettingsCheck} reports them with the other settings'
 * in one report, instead of each stopping the start alone. It answers no property, so nothing binds from it.
 */
final class SettingRefusals extends PropertySource<List<IllegalArgumentException>> {

	static final String NAME = "auroraSettingRefusals";

	private SettingRefusals() {
		super(NAME, new ArrayList<>());
	}

	@Override
	public @Nullable Object getProperty(String name) {
		return null;
	}

	/** A refusal of a setting's value, as opposed to any other failure of a check (an unresolvable placeholder, say). */
	interface Refusal {

	}

	/**
	 * Runs {@code check}; a {@link Refusal} it throws is kept for the settings check rather than thrown, and any other
	 * failure is thrown at once, as before.
	 */
	static void deferred(ConfigurableEnvironment environment, Runnable check) {
		try {
			check.run();
		}
		catch (IllegalArgumentException failure) {
			if (!(failure instanceof Refusal)) {
				throw failure;
			}
			keep(environment, failure);
		}
	}

	/** Keeps {@code refusal}, a {@link Refusal}, in {@code environment} for the settings check. */
	static void keep(ConfigurableEnvironment environment, IllegalArgumentException refusal) {
		PropertySource<?> kept = environment.getPropertySources().get(NAME);
		SettingRefusals refusals = kept instanceof SettingRefusals own ? own : new SettingRefusals();
		if (kept == null) {
			environment.getPropertySources().addLast(refusals);
		}
		refusals.getSource().add(refusal);
	}

	/** The refusals kept in {@code environment}, in the order they were met. */
	static List<IllegalArgumentException> of(ConfigurableEnvironment environment) {
		return environment.getPropertySources().get(NAME) instanceof SettingRefusals refusals ? List.copyOf(refusals.getSource())
				: List.of();
	}

	/** The refusals kept in {@code environment}, which no longer keeps them (an environment used for another start). */
	static List<IllegalArgumentException> taken(ConfigurableEnvironment environment) {
		List<IllegalArgumentException> refusals = of(environment);
		environment.getPropertySources().remove(NAME);
		return refusals;
	}

}
