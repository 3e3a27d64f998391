package io.aurora.intelligence.strategist;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Hyper-parameters of the learner, bound from {@code EPSILON}, {@code ALPHA} and {@code GAMMA}; each
 * must lie in [0, 1] or the service refuses to start.
 *
 * @param epsilon exploration rate
 * @param alpha learning rate
 * @param gamma discount factor
 */
@Validated
@ConfigurationProperties("aurora.learning")
public record LearningProperties(@DecimalMin("0") @DecimalMax("1") double epsilon,
		@DecimalMin("0") @DecimalMax("1") double alpha, @DecimalMin("0") @DecimalMax("1") double gamma) {
}
