package io.aurora.intelligence.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.aurora.intelligence.strategist.Policy;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Hard constraints on what candidates declare in their {@code metadata}. A candidate that violates
 * one is never chosen, not even to explore; a candidate that does not declare what a constraint
 * needs (its region, its price) violates it, since the constraint could not be checked; one that declares it
 * as the wrong JSON type (a price as a string) is a 400 naming the field, not a silent exclusion.
 *
 * @param regions the candidate's {@code metadata.region} must be one of these
 * @param maxPrice the candidate's {@code metadata.price_usd_per_hour} must be at most this
 * @param excludeProviders providers never to choose
 * @param maxLatencyMs a limit on a candidate's learned latency in milliseconds
 * @param minSloRate a floor on a candidate's learned SLO-hit rate
 */
record Constraints(@Nullable @Size(max = 64) List<@NotNull @Size(max = 64) String> regions,
		@JsonProperty("max_price") @Nullable @DecimalMin("0") @DecimalMax("1e12") Double maxPrice,
		@JsonProperty("exclude_providers") @Nullable @Size(max = 256) List<@NotNull @Size(max = 256) String> excludeProviders,
		@JsonProperty("max_latency_ms") @Nullable @DecimalMin("0") @DecimalMax("1e12") Double maxLatencyMs,
		@JsonProperty("min_slo_rate") @Nullable @DecimalMin("0") @DecimalMax("1") Double minSloRate) {

	Constraints {
		regions = JsonLimits.boundedForValidation(regions, 64);
		excludeProviders = JsonLimits.boundedForValidation(excludeProviders, 256);
	}

	/** No constraints: every candidate is eligible. */
	static final Constraints NONE = new Constraints(null, null, null, null, null);

	/** Observations of a candidate needed before its learned risk can exclude it. */
	static final long MIN_OBSERVATIONS = 20;

	/**
	 * The share of the estimate that must be the candidate's own outcomes in the request's context
	 * ({@link Policy.Risk#ownShare()}): four fifths, so that a candidate never seen in that context (a
	 * region, a size), or whose outcomes forgetting has aged, gets the benefit of the doubt.
	 */
	static final double MIN_OWN_SHARE = 0.8;

	/** How far past a latency limit the estimate must be to count as confidently over it. */
	static final double LATENCY_MARGIN = 1.2;

	/** How far below an SLO-rate floor the estimate must be to count as confidently under it. */
	static final double SLO_MARGIN = 0.1;

	/** Whether limits on learned risk are set. */
	boolean limitsRisk() {
		return maxLatencyMs != null || minSloRate != null;
	}

	/**
	 * The learned-risk constraints a candidate confidently breaks: only once it has
	 * {@value #MIN_OBSERVATIONS} observations that still make {@value #MIN_OWN_SHARE} of its estimate, with its
	 * typical latency over 1.2 × the limit, or its expected SLO-hit rate more than 0.1 under the floor.
	 * A candidate with little or stale history is given the benefit of the doubt.
	 */
	List<String> riskBreaches(Map<String, Policy.Risk> risks) {
		List<String> broken = new ArrayList<>();
		Policy.Risk latency = risks.get("latency_ms");
		if (maxLatencyMs != null && latency != null && confident(latency) && latency.estimate() > LATENCY_MARGIN * maxLatencyMs) {
			broken.add("max_latency_ms");
		}
		Policy.Risk slo = risks.get("slo");
		if (minSloRate != null && slo != null && confident(slo) && slo.estimate() < minSloRate - SLO_MARGIN) {
			broken.add("min_slo_rate");
		}
		return broken;
	}

	private static boolean confident(Policy.Risk risk) {
		return risk.observations() >= MIN_OBSERVATIONS && risk.ownShare() >= MIN_OWN_SHARE;
	}

	/** The candidates' positions that satisfy every constraint, and which constraints excluded others. */
	Eligibility apply(List<Candidate> candidates) {
		List<Integer> eligible = new ArrayList<>();
		Map<String, Integer> excludedBy = new LinkedHashMap<>();
		Map<String, Integer> undeclared = new LinkedHashMap<>();
		Set<String> excludedProviders = excludeProviders == null ? Set.of() : Set.copyOf(excludeProviders);
		for (int i = 0; i < candidates.size(); i++) {
			Candidate c = candidates.get(i);
			Map<String, ?> metadata = c.metadata() == null ? Map.of() : c.metadata();
			if (regions != null) {
				requireType(i, metadata, "region", String.class, "a string, such as \"eu-west\", for constraints.regions");
			}
			if (maxPrice != null) {
				requireType(i, metadata, "price_usd_per_hour", Number.class, "a number, such as 0.6, for constraints.max_price");
			}
			List<String> broken = new ArrayList<>();
			if (regions != null && !(metadata.get("region") instanceof String r && regions.contains(r))) {
				broken.add("regions");
				undeclared(metadata, "region", "regions", undeclared);
			}
			if (maxPrice != null && !(metadata.get("price_usd_per_hour") instanceof Number p && p.doubleValue() <= maxPrice)) {
				broken.add("max_price");
				undeclared(metadata, "price_usd_per_hour", "max_price", undeclared);
			}
			if (excludedProviders.contains(c.provider())) {
				broken.add("exclude_providers");
			}
			if (broken.isEmpty()) {
				eligible.add(i);
			}
			broken.forEach(name -> excludedBy.merge(name, 1, Integer::sum));
		}
		return new Eligibility(eligible, excludedBy, undeclared);
	}

	/**
	 * What a 422's detail adds for the candidates excluded for lack of a field, such as {@code " (2 of them declare no
	 * metadata.price_usd_per_hour, which max_price reads)"}; nothing when there were none.
	 */
	static String undeclaredDetail(Map<String, Integer> undeclared) {
		return undeclared.isEmpty() ? "" : new TreeMap<>(undeclared).entrySet().stream()
			.map(e -> e.getValue() + (e.getValue() == 1 ? " of them declares" : " of them declare") + " no metadata."
					+ ("max_price".equals(e.getKey()) ? "price_usd_per_hour" : "region") + ", which " + e.getKey() + " reads")
			.collect(Collectors.joining("; ", " (", ")"));
	}

	/** Counts a candidate {@code constraint} excluded for declaring no {@code metadata.field} at all. */
	private static void undeclared(Map<String, ?> metadata, String field, String constraint, Map<String, Integer> undeclared) {
		if (metadata.get(field) == null) {
			undeclared.merge(constraint, 1, Integer::sum);
		}
	}

	/** Refuses a declared, non-null {@code metadata.name} of another JSON type than a constraint reads. */
	private static void requireType(int index, Map<String, ?> metadata, String name, Class<?> type, String wanted) {
		Object value = metadata.get(name);
		if (value != null && !type.isInstance(value)) {
			String actual = value instanceof String ? "a string" : value instanceof Number ? "a number"
					: value instanceof Boolean ? "true or false" : value instanceof Map ? "an object" : "an array";
			throw new InvalidRequestException("candidates[" + index + "].metadata." + name, "must be " + wanted + ", not " + actual);
		}
	}

	/**
	 * The outcome of applying constraints.
	 *
	 * @param eligible positions of the candidates that may be chosen
	 * @param excludedBy how many candidates each constraint excluded
	 * @param undeclared how many of those a constraint excluded for lack of the metadata field it reads
	 */
	record Eligibility(List<Integer> eligible, Map<String, Integer> excludedBy, Map<String, Integer> undeclared) {
	}

}
