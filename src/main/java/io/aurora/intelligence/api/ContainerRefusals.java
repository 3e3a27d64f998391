package io.aurora.intelligence.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

import io.aurora.intelligence.telemetry.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Counts the requests Tomcat refused before any endpoint saw them (a request line or header it could not read, a head
 * past its limits, a method or protocol it does not implement), which {@code http_server_requests} never sees, by status.
 * The registry is looked up at the first refusal, since the web server is made before the metrics are.
 */
final class ContainerRefusals implements IntConsumer {

	private final ObjectProvider<MeterRegistry> registry;

	private volatile @Nullable MeterRegistry meters;

	private final Map<Integer, Counter> counters = new ConcurrentHashMap<>();

	ContainerRefusals(ObjectProvider<MeterRegistry> registry) {
		this.registry = registry;
	}

	/** Counts one refusal with {@code status}, a 4xx or 5xx. */
	@Override
	public void accept(int status) {
		if (status < 400 || status > 599) {
			return;
		}
		MeterRegistry target = meters != null ? meters : (meters = registry.getIfAvailable());
		if (target == null) {
			return;
		}
		counters.computeIfAbsent(status, code -> Counter.builder(MetricNames.HTTP_REFUSED)
			.description("Requests Tomcat refused before any endpoint saw them, by status")
			.tag(MetricNames.TAG_STATUS, String.valueOf(code))
			.register(target)).increment();
	}

}
