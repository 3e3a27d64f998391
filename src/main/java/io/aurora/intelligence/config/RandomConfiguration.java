package io.aurora.intelligence.config;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sources of randomness and time, injected so that tests can replace them with deterministic ones.
 */
@Configuration(proxyBeanMethods = false)
class RandomConfiguration {

	/** A thread-safe random source for exploration: each call uses the calling thread's generator. */
	@Bean
	RandomGenerator explorationRandom() {
		return new ThreadLocalRandomGenerator();
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/** Delegates to {@link ThreadLocalRandom} so one bean serves every request thread without contention. */
	static final class ThreadLocalRandomGenerator implements RandomGenerator {

		@Override
		public long nextLong() {
			return ThreadLocalRandom.current().nextLong();
		}

		@Override
		public double nextDouble() {
			return ThreadLocalRandom.current().nextDouble();
		}

		@Override
		public int nextInt(int bound) {
			return ThreadLocalRandom.current().nextInt(bound);
		}

	}

}
