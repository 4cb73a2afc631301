package io.commercebus.it;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** Debian's headless Chromium, driven by its chromedriver, for tests that look at the pages the bus serves. */
final class HeadlessChromium {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    /** Chromium comes from Debian's packages (.ci/run installs it); outside CI its absence skips the test. */
    static void require() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && !"true".equals(System.getenv("CI"))) {
            Assumptions.abort("Chromium not installed: apt-get install chromium chromium-driver");
        }
        assertThat(present).as("Chromium and chromedriver at " + CHROMIUM + ", " + CHROMEDRIVER).isTrue();
    }

    static ChromeDriver start(Path dir) throws IOException {
        // Selenium's bundled DevTools bindings are older than Debian's Chromium; we use none of them
        Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,900", "--user-data-dir=" + Files.createTempDirectory(dir, "chromium"));
        // an explicit driver: Selenium Manager then has nothing to download
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
