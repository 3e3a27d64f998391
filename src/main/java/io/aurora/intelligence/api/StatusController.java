package io.aurora.intelligence.api;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Clock;

import io.aurora.intelligence.executor.Executor;
import io.aurora.intelligence.executor.RouterStatus;
import io.aurora.intelligence.psi.PsiCache;
import io.aurora.intelligence.store.StoreCounts;
import io.aurora.intelligence.store.TraceStore;
import io.aurora.intelligence.strategist.ModelStats;
import io.aurora.intelligence.strategist.Strategist;
import io.aurora.intelligence.telemetry.CacheCounts;
import io.aurora.intelligence.telemetry.Telemetry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /status} and {@code GET /healthz} for operators. Reading them changes no counter. */
@RestController
@Tag(name = ApiTags.OPERATIONS)
class StatusController {

	private final Strategist strategist;

	private final PsiCache psi;

	private final TraceStore store;

	private final Telemetry telemetry;

	private final Clock clock;

	private final Executor executor;

	StatusController(Strategist strategist, PsiCache psi, TraceStore store, Telemetry telemetry, Clock clock,
			Executor executor) {
		this.executor = executor;
		this.strategist = strategist;
		this.psi = psi;
		this.store = store;
		this.telemetry = telemetry;
		this.clock = clock;
	}

	@Operation(summary = "Service status and model metrics")
	@ApiResponse(responseCode = "200", description = "Status",
			content = @Content(schema = @Schema(implementation = StatusResponse.class),
					examples = @ExampleObject(name = "example", value = OpenApiExamples.STATUS_RESPONSE)))
	@GetMapping(path = "/status", produces = MediaType.APPLICATION_JSON_VALUE)
	StatusResponse status() {
		ModelStats stats = strategist.stats();
		StoreCounts counts = store.counts();
		CacheCounts cache = telemetry.cacheCounts();
		PsiCache.CacheState state = psi.state();
		// Since the process started, as the original's uptime counted, on the JVM's monotonic clock: a wall clock
		// stepped back must not make it negative.
		double uptime = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
		return new StatusResponse(uptime,
				new StatusResponse.Model(strategist.policyName(), counts.traces(), stats.updates(), strategist.epsilon(), strategist.alpha(),
						strategist.gamma(), stats.states(), stats.stateActionPairs(), stats.forgotten()),
				new StatusResponse.Cache(cache.hits(), cache.misses(), cache.errors(), cache.hitRate(), state.ageSeconds(),
						state.valid(), state.ttlSeconds()),
				// Both causes of liveness going down, a dead writer and a fenced store, fail the ping.
				store.ping() && store.shortOfSpace() == null, new StatusResponse.Store(counts.traces(), counts.feedback(), counts.feedbackRate()),
				router(executor.routerStatus()), psi(psi.lastFetch()));
	}

	private static StatusResponse.Psi psi(PsiCache.@Nullable LastFetch last) {
		return last == null ? new StatusResponse.Psi(null, null, null)
				: new StatusResponse.Psi(last.result(), last.error(), last.at().toString());
	}

	private static StatusResponse.Router router(RouterStatus router) {
		RouterStatus.@Nullable Callers callers = router.callers();
		return new StatusResponse.Router(router.circuit(), router.lastResult(), router.lastError(),
				router.lastAt() == null ? null : router.lastAt().toString(), router.candidatesOpen(),
				router.candidates().stream().map(open -> new StatusResponse.CandidateCircuit(open.provider(), open.sku(), open.circuit(),
						open.failures(), open.lastError(), open.since().toString(), open.anonymous())).toList(),
				callers == null ? null : new StatusResponse.Callers(callers.authorised(), callers.anonymous()));
	}

	@Operation(summary = "Liveness in the seed's shape")
	@ApiResponse(responseCode = "200", description = "The process is up",
			content = @Content(schema = @Schema(implementation = Healthz.class),
					examples = @ExampleObject(name = "example", value = OpenApiExamples.HEALTHZ_RESPONSE)))
	@GetMapping(path = "/healthz", produces = MediaType.APPLICATION_JSON_VALUE)
	Healthz healthz() {
		return new Healthz("healthy", BigDecimal.valueOf(clock.millis(), 3));
	}

	/**
	 * The seed's liveness answer.
	 *
	 * @param status always {@code healthy}: the process answers
	 * @param timestamp seconds since the epoch, to the millisecond
	 */
	record Healthz(@Schema(allowableValues = "healthy") String status, BigDecimal timestamp) {
	}

}
