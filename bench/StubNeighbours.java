import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Fast loopback stand-ins for the Ψ-field ({@code GET /state}), the Aurora Router ({@code POST /route}) and
 * an OTLP collector that takes spans and keeps none ({@code POST /v1/traces}), for load benchmarks.
 * Run: {@code java bench/StubNeighbours.java 18091}; {@code ROUTE_DELAY_MS=300} makes the router answer that late.
 */
public class StubNeighbours {

	public static void main(String[] args) throws IOException {
		// without this the JDK server writes headers and body in two segments and Nagle's algorithm
		// meets the client's delayed ACK: 40 ms per call that no real router would add
		System.setProperty("sun.net.httpserver.nodelay", "true");
		int port = Integer.parseInt(args.length > 0 ? args[0] : "18091");
		long routeDelayMs = Long.parseLong(System.getenv().getOrDefault("ROUTE_DELAY_MS", "0"));
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
		server.createContext("/state", exchange -> answer(exchange,
				"{\"Psi\":0.82,\"C\":0.68,\"U\":0.1,\"Phi\":0.5,\"H\":1.0,\"PE\":0.05,\"M\":0.2,\"dt_eff\":0.1,\"k\":7}"));
		server.createContext("/route", exchange -> {
			exchange.getRequestBody().readAllBytes();
			if (routeDelayMs > 0) {
				try {
					Thread.sleep(routeDelayMs);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			answer(exchange, "{\"score\":0.87,\"status\":\"placed\",\"estimated_latency_ms\":40}");
		});
		server.createContext("/health", exchange -> answer(exchange, "{\"status\":\"ok\"}"));
		server.createContext("/v1/traces", exchange -> {
			exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		server.setExecutor(Executors.newFixedThreadPool(routeDelayMs > 0 ? 64 : 4));
		server.start();
		System.out.println("stub neighbours on 127.0.0.1:" + port);
	}

	private static void answer(HttpExchange exchange, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
