package io.aurora.intelligence;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A person trying the service in Swagger UI, in headless Chromium (Debian's chromium and
 * chromium-driver, which {@code .ci/run} installs): a decision from the seed's example, then, after
 * "Authorize" with the API key, feedback for it.
 */
class SwaggerUiTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	@RegisterExtension
	static final NeighbourStubs neighbours = new NeighbourStubs();

	@TempDir
	Path dir;

	private ChromeDriver browser;

	private WebDriverWait wait;

	@BeforeEach
	void startBrowser() throws Exception {
		assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)");
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--user-data-dir=" + Files.createTempDirectory(dir, "chromium"));
		browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(),
				options);
		wait = new WebDriverWait(browser, Duration.ofSeconds(30));
	}

	@AfterEach
	void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void aPersonDecidesFromTheExampleThenAuthorizesAndSendsFeedback() {
		try (RunningService service = RunningService.start(dir.resolve("d.db"), neighbours,
				Map.of("AURORA_API_KEY", AbuseResistanceTests.KEY))) {
			browser.get(service.http.base() + "/docs");
			WebElement decide = operation("post", "/decisions");
			String decision = execute(decide, "200");
			assertThat(decision).contains("\"task_id\": \"task-123\"", "\"trace_id\": \"tr_");
			String traceId = decision.replaceAll("(?s).*\"trace_id\": \"(tr_[0-9a-f]+)\".*", "$1");

			WebElement feedback = operation("post", "/feedback");
			tryItOut(feedback, "{\"trace_id\": \"" + traceId + "\", \"outcome\": {\"latency_ms\": 42, \"cost\": 0.12, \"failures\": 0, \"slo_hit\": true}}");
			assertThat(execute(feedback, "401")).contains("Authorization: Bearer");

			browser.findElement(By.cssSelector(".auth-wrapper .authorize")).click();
			WebElement key = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".modal-ux input[type=text]")));
			key.sendKeys(AbuseResistanceTests.KEY);
			browser.findElement(By.cssSelector(".modal-ux .auth-btn-wrapper .authorize")).click();
			browser.findElement(By.cssSelector(".modal-ux .btn-done")).click();

			assertThat(execute(feedback, "200")).contains("\"updated\": true", "\"reward\"");
		}
	}

	/** Opens the operation block of {@code method} {@code path}. */
	private WebElement operation(String method, String path) {
		WebElement block = wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath(
				"//div[contains(@class,'opblock-" + method + "')][.//*[@data-path='" + path + "']]")));
		block.findElement(By.cssSelector(".opblock-summary")).click();
		return block;
	}

	/** Presses "Try it out" and, when given, replaces the example body. */
	private void tryItOut(WebElement block, String body) {
		wait.until(d -> block.findElement(By.cssSelector(".try-out__btn"))).click();
		WebElement text = wait.until(d -> block.findElement(By.cssSelector("textarea.body-param__text")));
		text.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
		text.sendKeys(body);
	}

	/** Presses "Execute" and returns the body of the answer once its status is {@code status}. */
	private String execute(WebElement block, String status) {
		if (block.findElements(By.cssSelector("button.execute")).isEmpty()) {
			wait.until(d -> block.findElement(By.cssSelector(".try-out__btn"))).click();
		}
		wait.until(d -> block.findElement(By.cssSelector("button.execute"))).click();
		By live = By.cssSelector(".live-responses-table .response-col_status");
		wait.until(d -> block.findElements(live).stream().anyMatch(e -> e.getText().trim().startsWith(status)));
		return block.findElement(By.cssSelector(".live-responses-table .response-col_description pre")).getText();
	}

}
