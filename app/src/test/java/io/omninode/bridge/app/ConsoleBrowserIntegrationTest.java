package io.omninode.bridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.app.support.BridgeFixture;
import io.omninode.bridge.app.support.BridgeHttp.Reply;
import io.omninode.bridge.app.support.FleetHistory;
import io.omninode.bridge.app.support.SharedKafka;
import io.omninode.bridge.ingest.IngestConfig;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.SeedSamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The operator console in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}; Selenium never downloads a browser) against a real bridge on the
 * embedded broker, with a generated hour of fleet history (windows, anomalies, every pattern type)
 * and live registrations and heartbeats. Saves the screenshots the README shows: to
 * {@code target/console-screenshots}, or to {@code BRIDGE_CONSOLE_SCREENSHOTS} when set
 * ({@code docs/console} refreshes the README's).
 *
 * <p>Without the browser installed the test is skipped with a message, so that {@code mvn verify}
 * works on a machine with only Java and Maven; {@code .ci/run} installs it and sets
 * {@code BRIDGE_REQUIRE_BROWSER=1}, which turns a missing browser into a failure.
 */
class ConsoleBrowserIntegrationTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final IngestConfig LIMITS = new IngestConfig(IngestConfig.DEFAULT_MAX_BODY_BYTES, 0, "test");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int SHORT_TTL = 5;

    private static BridgeFixture bridge;
    private static WebDriver browser;
    /** Chromium's profile, removed after the browser has quit. */
    @TempDir
    static Path profile;
    private static ScheduledExecutorService heartbeats;
    private static final Map<String, String> registrations = new HashMap<>();
    private static final Map<String, Future<?>> beating = new HashMap<>();
    private static Path screenshots;

    @BeforeAll
    static void start() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "1".equals(System.getenv("BRIDGE_REQUIRE_BROWSER"))) {
            throw new AssertionError("BRIDGE_REQUIRE_BROWSER=1 but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: apt-get install chromium chromium-driver");
        }
        Assumptions.assumeTrue(installed, "the console's browser test needs Debian's chromium and chromium-driver"
                + " (apt-get install chromium chromium-driver; .ci/run installs them)");
        String dir = System.getenv("BRIDGE_CONSOLE_SCREENSHOTS");
        screenshots = dir == null || dir.isBlank() ? Path.of("target", "console-screenshots") : Path.of(dir);
        Files.createDirectories(screenshots);

        bridge = BridgeFixture.start(LIMITS);
        writeHistory();
        heartbeats = Executors.newScheduledThreadPool(2);
        register("console-api", "console-api-1", 30);
        register("console-api", "console-api-2", 30);
        register("console-db", "console-db-1", SHORT_TTL);
        beat("console-api-1", "healthy");
        beat("console-api-2", "degraded");
        beat("console-db-1", "healthy");

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (heartbeats != null) {
            heartbeats.shutdownNow();
        }
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    void shouldShowTheFleetLiveThePatternsAndTheToolLatencyAndRefuseAWrongToken() throws Exception {
        browser.get(url("/ui/"));
        WebElement token = await().atMost(WAIT).until(() -> visible(By.id("token")), e -> e != null);

        // a wrong token: a clear message, no console
        token.sendKeys("not-a-token");
        browser.findElement(By.cssSelector("#signin-form button")).click();
        String refused = await().atMost(WAIT).until(() -> text("#signin-error"), t -> !t.isEmpty());
        assertThat(refused).contains("refused this token").contains("unknown token").contains("401");
        assertThat(browser.findElement(By.id("main")).isDisplayed()).isFalse();

        // a reader token sees everything
        token.clear();
        token.sendKeys(BridgeFixture.READER_TOKEN);
        browser.findElement(By.cssSelector("#signin-form button")).click();
        await().atMost(WAIT).until(() -> "live".equals(attribute("#stream-state", "data-state")));
        ((JavascriptExecutor) browser).executeScript("window.__sameDocument = 'yes';");

        // the fleet: every instance with the status the bridge holds for it
        await().atMost(WAIT).until(() -> "degraded".equals(status("console-api-2"))
                && "healthy".equals(status("console-api-1")) && "healthy".equals(status("console-db-1")));
        await().atMost(WAIT).untilAsserted(() -> assertThat(shownStatuses()).isEqualTo(restStatuses()));
        save("fleet");

        // console-db-1 stops heartbeating: unhealthy on screen within its TTL + 2 s, without a reload
        beating.remove("console-db-1").cancel(false);
        Instant lastHeartbeat = Instant.parse(heartbeat("console-db-1", "healthy").data().get("updated_at").asText());
        await().atMost(Duration.between(Instant.now(), lastHeartbeat.plusSeconds(SHORT_TTL + 2)))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> "unhealthy".equals(status("console-db-1")));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__sameDocument;")).isEqualTo("yes");

        // patterns found in the history
        browser.findElement(By.cssSelector("#nav a[data-view=patterns]")).click();
        await().atMost(WAIT).until(() -> patternTypes().containsAll(List.of("error_burst", "latency_regression",
                "flapping_service", "tool_sequence")));
        save("patterns");

        // one tool's windows: the chart draws every window's percentiles, the anomaly listed beside them
        browser.get(url("/ui/#/tool/test_runner"));
        await().atMost(WAIT).until(() -> windowsDrawn() >= 30);
        assertThat(browser.findElements(By.cssSelector("#latency-chart canvas"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#windows-table tr.window"))).hasSize(windowsDrawn());
        assertThat(text("#tool-anomalies")).contains("latency_regression");
        assertThat(text("#latency-chart .u-legend")).contains("p50").contains("p95").contains("p99")
                .contains("baseline p95");
        save("tool");

        browser.findElement(By.cssSelector("#nav a[data-view=fleet]")).click();
        // the one click from a service in the fleet to its view (in the page: the table re-renders live)
        await().atMost(WAIT).until(() -> click("#fleet-table tr.service[data-service='console-api'] a"));
        await().atMost(WAIT).until(() -> !browser.findElements(By.cssSelector("#service-timeline svg rect")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#service-transitions tr.transition"))).isNotEmpty();
        save("service");

        browser.findElement(By.cssSelector("#nav a[data-view=proxy]")).click();
        await().atMost(WAIT).until(() -> browser.findElements(By.cssSelector("#proxy-instances tr.instance")).size() >= 3);
        save("proxy");

        browser.findElement(By.cssSelector("#nav a[data-view=tail]")).click();
        await().atMost(WAIT).until(() -> !browser.findElements(By.cssSelector("#tail-table tr.tail-row")).isEmpty());
        save("tail");
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + bridge.node.port() + path;
    }

    private static WebElement visible(By by) {
        List<WebElement> found = browser.findElements(by);
        return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
    }

    /** The element's text, read in the page (the console re-renders its tables, so no element is held). */
    private static String text(String css) {
        Object text = ((JavascriptExecutor) browser).executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.innerText : '';", css);
        return text == null ? "" : text.toString();
    }

    /** Clicks the element if it is there now; false when it is not. */
    private static boolean click(String css) {
        return Boolean.TRUE.equals(((JavascriptExecutor) browser).executeScript(
                "const e = document.querySelector(arguments[0]); if (!e) return false; e.click(); return true;", css));
    }

    private static String attribute(String css, String name) {
        Object value = ((JavascriptExecutor) browser).executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
                css, name);
        return value == null ? null : value.toString();
    }

    private static String status(String instance) {
        return attribute("#fleet-table tr.instance[data-instance='" + instance + "'] [data-status]", "data-status");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> shownStatuses() {
        return (Map<String, String>) ((JavascriptExecutor) browser).executeScript(
                "const out = {}; for (const tr of document.querySelectorAll('#fleet-table tr.instance')) "
                        + "out[tr.dataset.service + '/' + tr.dataset.instance] = tr.querySelector('[data-status]').dataset.status;"
                        + " return out;");
    }

    private static Map<String, String> restStatuses() {
        Reply reply = bridge.reader().get("/registry/services?limit=1000");
        assertThat(reply.status()).isEqualTo(200);
        Map<String, String> out = new HashMap<>();
        for (JsonNode service : reply.data().get("items")) {
            for (JsonNode instance : service.get("instances")) {
                out.put(service.get("service_name").asText() + "/" + instance.get("instance_id").asText(),
                        instance.get("status").asText());
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<String> patternTypes() {
        return (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelectorAll('#patterns-list .pattern')).map(p => p.dataset.patternType);");
    }

    private static int windowsDrawn() {
        String drawn = attribute("#latency-chart", "data-windows-drawn");
        return drawn == null ? 0 : Integer.parseInt(drawn);
    }

    private static void save(String view) throws IOException {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, screenshots.resolve(view + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The generated hour of history, its last record a few minutes before now. */
    private static void writeHistory() throws Exception {
        Instant start = Instant.now().minus(Duration.ofMinutes(FleetHistory.MINUTES + 3)).truncatedTo(ChronoUnit.MINUTES);
        try (KafkaProducer<String, Envelope> producer = new KafkaProducer<>(SharedKafka.producerConfig(),
                new StringSerializer(), bridge.topics.toolExecution.valueSerde().serializer())) {
            List<Future<?>> sent = new ArrayList<>();
            for (FleetHistory.Entry entry : FleetHistory.from(start)) {
                sent.add(producer.send(new ProducerRecord<>(entry.topic().apply(bridge.topics).name(), null,
                        entry.timestamp(), entry.key(), entry.value())));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        }
    }

    private static void register(String service, String instance, int ttl) {
        ObjectNode body = SeedSamples.load("registration.json");
        body.put("service_name", service);
        body.put("instance_id", instance);
        body.put("ttl_seconds", ttl);
        Reply reply = bridge.admin().post("/registry/services", body);
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        registrations.put(instance, reply.data().get("registration_id").asText());
    }

    private static void beat(String instance, String status) {
        beating.put(instance, heartbeats.scheduleAtFixedRate(() -> heartbeat(instance, status), 0, 1, TimeUnit.SECONDS));
    }

    private static Reply heartbeat(String instance, String status) {
        ObjectNode body = SeedSamples.load("heartbeat.json");
        body.put("health_status", status);
        Reply reply = bridge.admin().put("/registry/services/" + registrations.get(instance), body);
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply;
    }
}
