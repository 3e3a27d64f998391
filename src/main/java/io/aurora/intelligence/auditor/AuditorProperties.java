package io.aurora.intelligence.auditor;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the Auditor, bound from {@code FEEDBACK_WINDOW_S} and {@code CHECKPOINT_INTERVAL_S}.
 *
 * @param feedbackWindowS seconds after a decision during which its feedback is accepted (default one
 * day); later feedback is answered 410 Gone, which bounds how long a leaked trace id can poison learning
 * @param checkpointIntervalS seconds between model snapshots (0: none); a restart replays only the log
 * after the newest snapshot
 */
@Validated
@ConfigurationProperties("aurora.auditor")
public record AuditorProperties(@Min(1) @Max(31_536_000) long feedbackWindowS,
		@Min(0) @Max(86_400) long checkpointIntervalS) {
}
