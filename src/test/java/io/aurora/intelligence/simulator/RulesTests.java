package io.aurora.intelligence.simulator;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.aurora.intelligence.strategist.Action;
import io.aurora.intelligence.strategist.Featurizer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written rules of the simulator's baselines, and how the default policy compares with them. */
class RulesTests {

	private static final Offering CHEAP_FAR_SMALL = new Offering("vast", "V4", 80, 0.5, 0.06, "us-east", 8);

	private static final Offering LOCAL_SMALL = new Offering("runpod", "P2", 65, 1.0, 0.05, "us-west", 16);

	private static final Offering LOCAL_LARGE = new Offering("coreweave", "C1", 45, 2.0, 0.01, "us-west", 64);

	private static final Offering FAR_LARGE = new Offering("ionet", "A100", 50, 1.9, 0.03, "eu-west", 32);

	@Test
	void eachSetOfRulesPicksByPriceRegionAndSizeAsDocumented() {
		List<Offering> offered = List.of(LOCAL_LARGE, CHEAP_FAR_SMALL, FAR_LARGE, LOCAL_SMALL);
		Request small = new Request("us-west", 8, 16, 80, 0.5, 0.5, List.of());
		Request large = new Request("us-west", 32, 64, 80, 0.5, 0.5, List.of());
		Request nowhere = new Request("ap-south", 64, 128, 80, 0.5, 0.5, List.of());
		assertThat(sku(Baselines.Rules.Kind.CHEAPEST, small, offered)).isEqualTo("V4");
		assertThat(sku(Baselines.Rules.Kind.LOCAL, small, offered)).as("the cheapest in us-west").isEqualTo("P2");
		assertThat(sku(Baselines.Rules.Kind.LOCAL, nowhere, offered)).as("none in ap-south: the cheapest").isEqualTo("V4");
		assertThat(sku(Baselines.Rules.Kind.FIT, small, offered)).as("local and big enough").isEqualTo("P2");
		assertThat(sku(Baselines.Rules.Kind.FIT, large, offered)).as("local P2 is too small for 32 cpu").isEqualTo("C1");
		assertThat(sku(Baselines.Rules.Kind.FIT, nowhere, offered)).as("none local; C1 is the one sized for 64")
			.isEqualTo("C1");
		Request huge = new Request("eu-west", 64, 128, 80, 0.5, 0.5, List.of());
		assertThat(sku(Baselines.Rules.Kind.FIT, huge, List.of(CHEAP_FAR_SMALL, FAR_LARGE, LOCAL_SMALL)))
			.as("none sized for 64 anywhere: the largest").isEqualTo("A100");
	}

	@Test
	void theDefaultPolicyBeatsTheBestRulesAndKeepsUpWithAShiftTheyCannotSee() {
		PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
		Map<String, RegretSummary> runs = SimulatorCli
			.run(Scenario.SHIFT, 4000, 42, List.of("random", "rules-cheapest", "rules-fit", "service"), quiet)
			.stream()
			.collect(Collectors.toMap(RegretSummary::policy, Function.identity()));
		RegretSummary fit = runs.get("rules-fit");
		RegretSummary service = runs.get("squarecb (default)");
		assertThat(runs.get("rules-cheapest").mean()).as("price alone is worse than chance here")
			.isGreaterThan(runs.get("random").mean());
		assertThat(fit.mean()).isLessThan(0.5 * runs.get("random").mean());
		assertThat(service.mean()).isLessThan(0.6 * fit.mean());
		assertThat(fit.afterShift()).as("the rules keep sending jobs to the degraded offering")
			.isGreaterThan(1.5 * fit.preShift());
		assertThat(service.lastQuarter()).isLessThan(0.5 * fit.lastQuarter());
	}

	private static String sku(Baselines.Rules.Kind kind, Request request, List<Offering> offered) {
		Baselines.Rules rules = new Baselines.Rules(kind);
		rules.show(request, offered);
		List<Action> actions = offered.stream().map(Offering::action).toList();
		return rules.choose(Featurizer.features(request.context(), 0.5, 0.5), actions, new SplittableRandom(1))
			.action()
			.sku();
	}

}
