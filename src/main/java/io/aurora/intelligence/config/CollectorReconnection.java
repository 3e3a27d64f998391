package io.aurora.intelligence.config;

import java.util.Collection;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;

/**
 * Moves the span exporter to new connections once the collector's TLS files are renewed: the JDK's client keeps a
 * connection open while spans flow, and an open connection keeps the certificate it was made with, so the exporter is
 * built again on the same settings and the one before is shut down (on Java 21 and later, that closes its connections
 * once its last export ends; before, they close when the old client is collected).
 */
final class CollectorReconnection implements BeanPostProcessor, Ordered {

	private static final Logger log = LoggerFactory.getLogger(CollectorReconnection.class);

	private volatile @Nullable RenewingCollectorTls tls;

	/** Follows {@code tls}, the collector's TLS that the exporter about to be made is given. */
	void follow(RenewingCollectorTls tls) {
		this.tls = tls;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		RenewingCollectorTls followed = this.tls;
		if (bean instanceof OtlpHttpSpanExporter exporter && followed != null) {
			return new Exporter(exporter, followed);
		}
		return bean;
	}

	/** Before the post-processor that counts exports, so that it counts this exporter's. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/**
	 * An OTLP exporter built again, on new connections, before the first export after the collector's TLS files were
	 * read again. Exports come from the batch processor's one thread, one at a time.
	 */
	static final class Exporter implements SpanExporter {

		private final RenewingCollectorTls tls;

		private volatile OtlpHttpSpanExporter exporter;

		private int generation;

		private boolean shutDown;

		Exporter(OtlpHttpSpanExporter exporter, RenewingCollectorTls tls) {
			this.exporter = exporter;
			this.tls = tls;
			this.generation = tls.current().number();
		}

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			return renewed().export(spans);
		}

		/** The exporter to use now: the one before, unless the files were read again since it was built. */
		private synchronized OtlpHttpSpanExporter renewed() {
			int now = this.tls.current().number();
			if (now == this.generation || this.shutDown) {
				return this.exporter;
			}
			OtlpHttpSpanExporter before = this.exporter;
			this.exporter = before.toBuilder().build();
			this.generation = now;
			// On Java 21 and later, the old client's close waits for its exports in flight, so it gets a thread of its own.
			Thread retiring = new Thread(before::shutdown, "collector-connections-retired");
			retiring.setDaemon(true);
			retiring.start();
			log.info("Spans go to the collector on new connections, made with the renewed TLS files");
			return this.exporter;
		}

		@Override
		public CompletableResultCode flush() {
			return this.exporter.flush();
		}

		/** Shuts the exporter in use down; an export after it is not given a new one. */
		@Override
		public synchronized CompletableResultCode shutdown() {
			this.shutDown = true;
			return this.exporter.shutdown();
		}

		@Override
		public String toString() {
			return "CollectorReconnection.Exporter{" + this.exporter + "}";
		}

	}

}
