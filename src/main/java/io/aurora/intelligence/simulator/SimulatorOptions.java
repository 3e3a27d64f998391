package io.aurora.intelligence.simulator;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.aurora.intelligence.simulator.SimulatorCli.UsageException;

/** The {@code simulate} command's options: read from {@code --option value} pairs, each checked as it is read. */
final class SimulatorOptions {

	private SimulatorOptions() {
	}

	/** A true/false option, false when absent. */
	static boolean flag(Map<String, String> options, String name) {
		String value = options.getOrDefault(name, "false");
		if (!value.equals("true") && !value.equals("false")) {
			throw new UsageException("--" + name + " must be true or false, not '" + value + "'");
		}
		return value.equals("true");
	}

	/** The options this command knows. */
	static final List<String> OPTIONS = List.of("scenario", "steps", "seed", "policies", "out", "url", "psi-port", "tenants",
			"evaluate", "rules-random", "market", "shadow", "block");

	/** The options given, by name. */
	static Map<String, String> parse(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (!args[i].startsWith("--") || i + 1 >= args.length) {
				throw new UsageException("expected --option value pairs, got '" + args[i] + "'");
			}
			String name = args[i].substring(2);
			if (!OPTIONS.contains(name)) {
				throw new UsageException("unknown option --" + name + "; the options are --" + String.join(", --", OPTIONS));
			}
			options.put(name, args[++i]);
		}
		return options;
	}

	/** A whole-number option from {@code min} to {@code max}, {@code fallback} when absent. */
	static long number(Map<String, String> options, String name, long fallback, long min, long max) {
		String value = options.get(name);
		if (value == null) {
			return fallback;
		}
		try {
			long n = Long.parseLong(value.strip());
			if (n < min || n > max) {
				throw new UsageException("--" + name + " must be from " + min + " to " + max + ", not " + value);
			}
			return n;
		}
		catch (NumberFormatException ex) {
			throw new UsageException("--" + name + " must be a whole number, not '" + value + "'");
		}
	}

	/** The {@code --url} option as the service's base URL: absolute, http or https, with a host. */
	static URI serviceUrl(String value) {
		try {
			URI url = new URI(value.strip());
			if (url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
				throw new UsageException("--url must be the service's http:// or https:// address, such as http://localhost:8080, not '"
						+ value + "'");
			}
			return url;
		}
		catch (URISyntaxException ex) {
			throw new UsageException("--url is not a URL: " + ex.getMessage());
		}
	}

}
