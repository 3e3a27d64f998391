package io.aurora.intelligence.simulator;

import io.aurora.intelligence.strategist.Action;

/**
 * One provider's SKU: its hidden qualities, typical latency at home and failure rate, and what its metadata tells a
 * scheduler, price per hour, home region and the job size it handles comfortably (which hand-written rules read).
 */
record Offering(String provider, String sku, double latencyMs, double pricePerHour, double failureRate,
		String home, int comfortableCpu) {

	Action action() {
		return new Action(provider, sku);
	}

	/** The same offering, degraded: three times slower and far less reliable. */
	Offering degraded() {
		return new Offering(provider, sku, latencyMs * 3, pricePerHour, Math.min(0.9, failureRate + 0.25), home,
				comfortableCpu);
	}

	/** The same offering, improved: 2.5 times faster, at half the price, nearly never failing, and twice the size. */
	Offering improved() {
		return new Offering(provider, sku, latencyMs / 2.5, pricePerHour / 2, 0.002, home, comfortableCpu * 2);
	}

}
