package io.aurora.intelligence.api;

/** The seed README's examples, shown in the OpenAPI description and Swagger UI. */
final class OpenApiExamples {

	static final String DECISION_REQUEST = """
			{"task_id": "task-123",
			 "context": {"cpu": 8, "memory_gb": 32, "latency_ms": 50, "region": "us-west"},
			 "candidates": [{"provider": "akash", "sku": "A8"}, {"provider": "vast", "sku": "V4"}]}
			""";

	static final String DECISION_SHADOW_REQUEST = """
			{"task_id": "task-123", "shadow": true,
			 "context": {"cpu": 8, "memory_gb": 32, "latency_ms": 50, "region": "us-west"},
			 "candidates": [{"provider": "akash", "sku": "A8"}, {"provider": "vast", "sku": "V4"}]}
			""";

	static final String DECISION_RESPONSE = """
			{"task_id": "task-123", "chosen": {"provider": "akash", "sku": "A8"}, "score": 0.87,
			 "trace_id": "tr_a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8",
			 "explanations": {"q_value": 0.74, "psi_coherence": 0.68, "psi_density": 0.82, "exploration": "exploit",
			                  "propensity": 0.95, "state": "us-west|cpu=8|mem=32|lat=50-100|psi=high",
			                  "score_source": "router", "attempts": 1, "placed": true, "router_result": "ok",
			                  "objectives": {"latency": 0.61, "cost": 0.42, "reliability": 0.9},
			                  "pareto_front": [{"provider": "akash", "sku": "A8"}]}}
			""";

	static final String EVALUATION_UNIFORM = """
			{"policy": "uniform", "limit": 10000}
			""";

	/** POST /evaluations: always the first candidate offered, as the scheduler's own rules ordered them. */
	static final String EVALUATION_FIRST = """
			{"policy": "first", "limit": 10000}
			""";

	static final String EVALUATION_EPSILON_GREEDY = """
			{"policy": "epsilon-greedy", "epsilon": 0.2, "model": "squarecb", "objectives": {"latency": 0.7, "cost": 0.3}}
			""";

	/** POST /evaluations: the model against the scheduler's randomised rules, on their shadow decisions. */
	static final String EVALUATION_VERSUS_RULES = """
			{"policy": "epsilon-greedy", "baseline": "rules"}
			""";

	/** POST /evaluations: the scheduler's rules (each decision's first candidate) against what the service earned. */
	static final String EVALUATION_RULES_VERSUS_SERVICE = """
			{"policy": "first", "baseline": "logged"}
			""";

	/** POST /evaluations: one segment of the traffic, compared with the first candidate offered. */
	static final String EVALUATION_SEGMENT = """
			{"policy": "epsilon-greedy", "baseline": "first", "context": {"region": "us-west"}}
			""";

	/** POST /evaluations: the model against the first candidate, region by region. */
	static final String EVALUATION_BY_REGION = """
			{"policy": "epsilon-greedy", "baseline": "first", "by": "region"}
			""";

	static final String FEEDBACK_REQUEST = """
			{"trace_id": "tr_a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8",
			 "outcome": {"latency_ms": 42, "cost": 0.12, "failures": 0, "slo_hit": true}}
			""";

	static final String FEEDBACK_SHADOW_REQUEST = """
			{"trace_id": "tr_a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8",
			 "outcome": {"latency_ms": 42, "cost": 0.12, "failures": 0, "slo_hit": true},
			 "ran": {"provider": "vast", "sku": "V4"}}
			""";

	static final String FEEDBACK_RANDOMISED_REQUEST = """
			{"trace_id": "tr_a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8",
			 "outcome": {"latency_ms": 42, "cost": 0.12, "failures": 0, "slo_hit": true},
			 "ran": {"provider": "vast", "sku": "V4", "propensity": 0.7}}
			""";

	static final String FEEDBACK_RESPONSE = """
			{"updated": true, "reward": 0.88,
			 "explanation": {"total_reward": 0.88,
			                 "components": {"latency_score": 0.79, "cost_score": 0.88, "slo_hit": true, "failures": 0},
			                 "explanation": "Excellent outcome: low latency, low cost, SLO met"},
			 "q_updates": 142}
			""";

	static final String STATUS_RESPONSE = """
			{"uptime_seconds": 3600,
			 "model": {"policy": "squarecb", "episodes": 573, "updates": 142, "epsilon": 0.1, "alpha": 0.2, "gamma": 0.92,
			           "q_table_size": 87, "total_state_action_pairs": 234, "forgotten": 0},
			 "cache": {"cache_hits": 450, "cache_misses": 123, "cache_errors": 2, "cache_hit_rate": 0.785,
			           "cache_age_seconds": 2.3, "cache_valid": true, "cache_ttl": 5},
			 "healthy": true,
			 "store": {"traces": 573, "feedback": 142, "feedback_rate": 0.248},
			 "router": {"circuit": "closed", "last_result": "ok", "last_error": null, "last_at": "2026-11-29T10:00:00Z",
			            "candidates_open": 1, "candidates": [{"provider": "akash", "sku": "A8", "circuit": "open", "failures": 3,
			              "last_error": "router answered 503", "since": "2026-11-29T09:58:41Z"}]},
			 "psi": {"last_result": "ok", "last_error": null, "last_at": "2026-11-29T09:59:58Z"}}
			""";

	static final String HEALTHZ_RESPONSE = """
			{"status": "healthy", "timestamp": 1729876543.21}
			""";

	static final String PROBLEM_400 = """
			{"type": "/problems/invalid-request", "title": "Invalid request", "status": 400,
			 "detail": "candidates: must hold from 1 to 256 candidates",
			 "instance": "/decisions", "errors": [{"field": "candidates", "message": "must hold from 1 to 256 candidates"}]}
			""";

	private OpenApiExamples() {
	}

}
