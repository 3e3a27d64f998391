package io.aurora.intelligence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

import static org.awaitility.Awaitility.await;

/**
 * Four workers deciding on one replica and sending the feedback to the other. An exchange that fails
 * or is refused counts in {@link #refused} unless its replica or the database was killed while it ran
 * ({@link #kills} is odd while one is down, and changes at its kill and at its return).
 */
final class SharedLoad {

	/** The index in {@link #kills} of the database's. */
	static final int DATABASE = 2;

	final AtomicReferenceArray<TestHttp> replicas = new AtomicReferenceArray<>(2);

	final AtomicIntegerArray kills = new AtomicIntegerArray(3);

	final AtomicIntegerArray answered = new AtomicIntegerArray(2);

	final Set<String> decisions = ConcurrentHashMap.newKeySet();

	final Set<String> feedback = ConcurrentHashMap.newKeySet();

	final List<String> refused = Collections.synchronizedList(new ArrayList<>());

	/** Refusals and failed exchanges a kill excuses. */
	final AtomicInteger excused = new AtomicInteger();

	/** Answers other than a 200 or a 503 problem+json, even where a kill excuses the refusal. */
	final List<String> unclear = Collections.synchronizedList(new ArrayList<>());

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final ExecutorService workers = Executors.newFixedThreadPool(4);

	private final List<Future<?>> work = new ArrayList<>();

	/** Waits for both replicas to answer, then starts the workers. */
	void startOn(ServiceProcesses processes, Process[] services) throws Exception {
		for (int r = 0; r < services.length; r++) {
			replicas.set(r, processes.awaitUp(services[r]));
		}
		for (int w = 0; w < 4; w++) {
			int worker = w;
			work.add(workers.submit(() -> drive(worker)));
		}
	}

	/** Waits until over 20 more decisions are acknowledged. */
	void awaitMoreDecisions() {
		int before = decisions.size();
		await().atMost(Duration.ofSeconds(60)).until(() -> decisions.size() > before + 20);
	}

	int answeredBy(int replica) {
		return answered.get(replica);
	}

	void stop() throws Exception {
		if (running.getAndSet(false)) {
			for (Future<?> f : work) {
				f.get(60, TimeUnit.SECONDS);
			}
			workers.shutdown();
		}
	}

	private void drive(int worker) {
		for (int i = 0; running.get(); i++) {
			int decider = (worker + i) % 2;
			String traceId = exchange(decider, "/decisions", AbstractSharedModeTests.request(i));
			if (traceId != null) {
				decisions.add(traceId);
				if (exchange(1 - decider, "/feedback", feedback(traceId)) != null) {
					feedback.add(traceId);
				}
			}
		}
	}

	/** A decision's trace id, the path for another 200, or null when the replica did not answer 200. */
	private String exchange(int replica, String path, String body) {
		int epoch = kills.get(replica);
		int databaseEpoch = kills.get(DATABASE);
		if (epoch % 2 == 1) {
			return null;
		}
		String failure;
		try {
			TestHttp.Response answer = replicas.get(replica).post(path, body);
			if (answer.status() == 200) {
				answered.incrementAndGet(replica);
				return answer.json().path("trace_id").asString(path);
			}
			failure = answer.status() + " " + answer.body();
			if (answer.status() != 503 || !answer.contentType().startsWith("application/problem+json")) {
				unclear.add(path + " on replica " + replica + ": " + answer.status() + " " + answer.contentType());
			}
		}
		catch (RuntimeException connectionLost) {
			failure = connectionLost.toString();
		}
		if (kills.get(replica) == epoch && kills.get(DATABASE) == databaseEpoch && databaseEpoch % 2 == 0) {
			refused.add(path + " on replica " + replica + ": " + failure);
		}
		else {
			excused.incrementAndGet();
		}
		return null;
	}

	/** The feedback the workers send, and a test sends again to see whether it was applied. */
	static String feedback(String traceId) {
		return "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"latency_ms\": 42, \"cost\": 0.12, \"slo_hit\": true}}";
	}

}
