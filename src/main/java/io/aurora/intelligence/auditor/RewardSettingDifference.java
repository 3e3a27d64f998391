package io.aurora.intelligence.auditor;

import org.jspecify.annotations.Nullable;

/**
 * A reward setting an imported model states ({@code reward}, as {@link Auditor#exportModel} writes it) that differs
 * from this service's.
 *
 * @param setting its name in {@code reward}, such as {@code cost}
 * @param imported what the model states, as the caller sent it
 * @param here this service's
 */
public record RewardSettingDifference(String setting, @Nullable Object imported, Object here) {
}
