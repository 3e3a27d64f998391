package io.aurora.intelligence.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ScrapeCacheTests {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final ScrapeCache cache = new ScrapeCache(1_000, now::get);

	private final AtomicInteger scrapes = new AtomicInteger();

	private int status = 200;

	/** Holds filtered scrapes until counted down, when set. */
	private volatile @Nullable CountDownLatch hold;

	@Test
	void scrapesUnderASecondApartGetTheFirstOnesAnswerAndLaterOnesAFreshOne() throws Exception {
		MockHttpServletResponse first = get("/metrics");
		assertThat(first.getContentAsString()).isEqualTo("scrape 1\n");
		assertThat(first.getContentType()).startsWith("text/plain;version=0.0.4");
		now.addAndGet(999_999_999);
		MockHttpServletResponse again = get("/metrics");
		assertThat(again.getStatus()).isEqualTo(200);
		assertThat(again.getContentAsString()).isEqualTo("scrape 1\n");
		assertThat(again.getContentType()).startsWith("text/plain;version=0.0.4");
		assertThat(scrapes).hasValue(1);
		now.addAndGet(1);
		assertThat(get("/metrics").getContentAsString()).isEqualTo("scrape 2\n");
		assertThat(scrapes).hasValue(2);
	}

	@Test
	void onlyMetricsIsCachedAndAFailedScrapeIsNot() throws Exception {
		assertThat(get("/status").getContentAsString()).isEqualTo("scrape 1\n");
		assertThat(get("/status").getContentAsString()).isEqualTo("scrape 2\n");
		status = 503;
		MockHttpServletResponse failed = get("/metrics");
		assertThat(failed.getStatus()).isEqualTo(503);
		assertThat(failed.getContentAsString()).isEqualTo("scrape 3\n");
		status = 200;
		assertThat(get("/metrics").getContentAsString()).isEqualTo("scrape 4\n");
		assertThat(get("/metrics").getContentAsString()).isEqualTo("scrape 4\n");
	}

	@Test
	void aFilteredScrapeIsMadeForItsCallerAloneAndNeverServedToAnother() throws Exception {
		assertThat(get("/metrics", "includedNames=aurora_intelligence_store_up").getContentAsString()).isEqualTo("scrape 1\n");
		assertThat(get("/metrics").getContentAsString()).as("not the filtered one").isEqualTo("scrape 2\n");
		assertThat(get("/metrics", "included%4Eames=none").getContentAsString()).isEqualTo("scrape 3\n");
		assertThat(get("/metrics", "includedNames=none").getContentAsString()).isEqualTo("scrape 4\n");
		assertThat(get("/metrics").getContentAsString()).isEqualTo("scrape 2\n");
		assertThat(get("/metrics", "x=1").getContentAsString()).as("a parameter the endpoint ignores").isEqualTo("scrape 2\n");
		assertThat(ScrapeCache.plain("a=%zz&includedNames")).isFalse();
		assertThat(ScrapeCache.plain("%zz")).as("undecodable: not cached").isFalse();
	}

	@Test
	void otherSpellingsOfThePathAndHeadRequestsAreServedFromTheCacheToo() throws Exception {
		assertThat(send("HEAD", "/metrics", null).getContentType()).as("made as the GET would be")
			.startsWith("text/plain;version=0.0.4");
		assertThat(get("/metrics").getContentAsString()).isEqualTo("scrape 1\n");
		assertThat(get("/metrics;x=1").getContentAsString()).isEqualTo("scrape 1\n");
		assertThat(get("/%6Detrics").getContentAsString()).isEqualTo("scrape 1\n");
		assertThat(send("HEAD", "/metrics;jsessionid=1", null).getContentLength()).isEqualTo("scrape 1\n".length());
		assertThat(scrapes).hasValue(1);
	}

	private MockHttpServletResponse get(String path) throws ServletException, IOException {
		return get(path, null);
	}

	@Test
	void aFilteredScrapeHoldsUpNoWholeOneAndASecondMeanwhileIsToldToRetry() throws Exception {
		hold = new CountDownLatch(1);
		CompletableFuture<MockHttpServletResponse> first = CompletableFuture.supplyAsync(() -> {
			try {
				return get("/metrics", "includedNames=aurora_intelligence_store_up");
			}
			catch (ServletException | IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		try {
			await().atMost(Duration.ofSeconds(5)).until(() -> scrapes.get() == 1);
			MockHttpServletResponse whole = get("/metrics", null);
			assertThat(whole.getStatus()).as("Prometheus's scrape is not held up").isEqualTo(200);
			MockHttpServletResponse second = get("/metrics", "includedNames=none");
			assertThat(second.getStatus()).isEqualTo(503);
			assertThat(second.getHeader("Retry-After")).isEqualTo("1");
		}
		finally {
			hold.countDown();
		}
		assertThat(first.get(5, TimeUnit.SECONDS).getContentAsString()).isEqualTo("scrape 1\n");
		assertThat(get("/metrics", "includedNames=none").getStatus()).as("once it is made, the next is").isEqualTo(200);
	}

	private MockHttpServletResponse get(String path, String query) throws ServletException, IOException {
		return send("GET", path, query);
	}

	private MockHttpServletResponse send(String method, String path, String query) throws ServletException, IOException {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		request.setQueryString(query);
		MockHttpServletResponse response = new MockHttpServletResponse();
		cache.doFilter(request, response, new MockFilterChain(new HttpServlet() {

			@Override
			protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
				int made = scrapes.incrementAndGet();
				if (hold != null && req.getQueryString() != null) {
					try {
						hold.await(5, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
				resp.setStatus(status);
				resp.setContentType("text/plain;version=0.0.4;charset=utf-8");
				resp.getOutputStream().write(("scrape " + made + "\n").getBytes(StandardCharsets.UTF_8));
			}

		}));
		return response;
	}

}
