package io.aurora.intelligence.api;

import java.util.List;
import java.util.Map;

import io.aurora.intelligence.executor.Executor;
import io.aurora.intelligence.psi.PsiReading;
import io.aurora.intelligence.strategist.Action;
import io.aurora.intelligence.strategist.Choice;
import io.aurora.intelligence.strategist.Decision;
import io.aurora.intelligence.strategist.Features;
import io.aurora.intelligence.strategist.Strategist;
import io.aurora.intelligence.telemetry.Telemetry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** {@code POST /decisions} in a web slice, with the Strategist, the Executor and the keys' claims mocked. */
@WebMvcTest(DecisionController.class)
abstract class AbstractDecisionControllerTests {

	/** A decision request for two candidates, akash/A8 and vast/V4, the second with metadata. */
	static final String REQUEST = """
			{"task_id": "task-123", "context": {"cpu": 8, "region": "us-west"},
			 "candidates": [{"provider": "akash", "sku": "A8"},
			                {"provider": "vast", "sku": "V4", "metadata": {"price_usd_per_hour": 0.4}}]}
			""";

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	Strategist strategist;

	@MockitoBean
	Executor executor;

	@MockitoBean
	Telemetry telemetry;

	@MockitoBean
	IdempotentDecisions idempotent;

	/** A decision for the two candidates of {@link #REQUEST} that chooses the first, akash/A8. */
	static Decision akashFirst() {
		return new Decision(new Features("us-west", 8, 16, 100, 0.68, 0.82), new Choice(0, new Action("akash", "A8"), 0.5, 0.9,
				false), PsiReading.NEUTRAL, "squarecb", 0.1, Map.of(), List.of(0.5, 0.4), List.of(Map.of(), Map.of()), List.of(),
				List.of(1));
	}

}
