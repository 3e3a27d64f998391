package io.aurora.intelligence.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Hard constraints on what candidates declare in their {@code metadata}. A candidate that violates
 * one is never chosen, not even to explore; a candidate that does not declare what a constraint
 * needs (its region, its price) violates it, since the constraint could not be checked.
 *
 * @param regions the candidate's {@code metadata.region} must be one of these
 * @param maxPrice the candidate's {@code metadata.price_usd_per_hour} must be at most this
 * @param excludeProviders providers never to choose
 * @param maxLatencyMs reserved: a limit on learned latency, refused with 400 until supported
 * @param minSloRate reserved: a limit on the learned SLO rate, refused with 400 until supported
 */
record Constraints(@Nullable @Size(max = 64) List<@Size(max = 64) String> regions,
		@JsonProperty("max_price") @Nullable @DecimalMin("0") Double maxPrice,
		@JsonProperty("exclude_providers") @Nullable @Size(max = 256) List<@Size(max = 256) String> excludeProviders,
		@JsonProperty("max_latency_ms") @Nullable Object maxLatencyMs, @JsonProperty("min_slo_rate") @Nullable Object minSloRate) {

	/** Limits on learned risk are not enforced yet; saying so beats accepting and ignoring them. */
	void requireSupported() {
		if (maxLatencyMs != null || minSloRate != null) {
			throw new InvalidRequestException("constraints", "max_latency_ms and min_slo_rate (limits on learned risk) "
					+ "are not supported yet; use regions, max_price and exclude_providers");
		}
	}

	/** The candidates' positions that satisfy every constraint, and which constraints excluded others. */
	Eligibility apply(List<Candidate> candidates) {
		List<Integer> eligible = new ArrayList<>();
		Map<String, Integer> excludedBy = new LinkedHashMap<>();
		Set<String> excludedProviders = excludeProviders == null ? Set.of() : Set.copyOf(excludeProviders);
		for (int i = 0; i < candidates.size(); i++) {
			Candidate c = candidates.get(i);
			Map<String, ?> metadata = c.metadata() == null ? Map.of() : c.metadata();
			List<String> broken = new ArrayList<>();
			if (regions != null && !(metadata.get("region") instanceof String r && regions.contains(r))) {
				broken.add("regions");
			}
			if (maxPrice != null && !(metadata.get("price_usd_per_hour") instanceof Number p && p.doubleValue() <= maxPrice)) {
				broken.add("max_price");
			}
			if (excludedProviders.contains(c.provider())) {
				broken.add("exclude_providers");
			}
			if (broken.isEmpty()) {
				eligible.add(i);
			}
			broken.forEach(name -> excludedBy.merge(name, 1, Integer::sum));
		}
		return new Eligibility(eligible, excludedBy);
	}

	/**
	 * The outcome of applying constraints.
	 *
	 * @param eligible positions of the candidates that may be chosen
	 * @param excludedBy how many candidates each constraint excluded
	 */
	record Eligibility(List<Integer> eligible, Map<String, Integer> excludedBy) {
	}

}
