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

	/** Runs {@code check}; a refusal it throws is kept for the settings check rather than thrown. */
	static void deferred(ConfigurableEnvironment environment, Runnable check) {
		try {
			check.run();
		}
		catch (IllegalArgumentException refusal) {
			PropertySource<?> kept = environment.getPropertySources().get(NAME);
			SettingRefusals refusals = kept instanceof SettingRefusals own ? own : new SettingRefusals();
			if (kept == null) {
				environment.getPropertySources().addLast(refusals);
			}
			refusals.getSource().add(refusal);
		}
	}

	/** The refusals kept in {@code environment}, in the order they were met. */
	static List<IllegalArgumentException> of(ConfigurableEnvironment environment) {
		return environment.getPropertySources().get(NAME) instanceof SettingRefusals refusals ? List.copyOf(refusals.getSource())
				: List.of();
	}

}
