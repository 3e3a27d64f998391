package io.aurora.intelligence.api;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Gives back the share of the body budget a request's parsing needed beyond what the validated request keeps
 * ({@link BodyBudget.Reservation#holdParsed}), so that a large decision waiting on the router does not hold up the
 * parsing of others for its whole call. Called once the endpoint has its validated argument: before validation, a
 * hostile body's parsed objects may still take all that was reserved.
 */
final class ParsedBodies {

	private ParsedBodies() {
	}

	/** Shrinks the reservation of {@code request}'s body, if it has one, to what its validated request keeps. */
	static void validated(HttpServletRequest request) {
		if (request.getAttribute(BodyLimitFilter.RESERVATION) instanceof BodyBudget.Reservation held) {
			held.holdParsed();
		}
	}

}
