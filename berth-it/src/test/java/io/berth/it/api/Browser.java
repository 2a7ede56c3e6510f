package io.berth.it.api;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven through chromedriver: Debian's {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver},
 * named explicitly so that Selenium Manager never runs (surefire also sets {@code SE_OFFLINE=true}). The browser is
 * a test requirement: missing, the test fails and says how to install it.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Duration WAIT = Duration.ofSeconds(15);

  final ChromeDriver driver;
  final String base;
  private final Path profile;

  Browser(String base) throws IOException {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new AssertionError("the dashboard tests drive headless Chromium, and " + CHROMIUM + " or "
          + CHROMEDRIVER + " is missing: install chromium chromium-driver (apt-get install -y chromium"
          + " chromium-driver), or run bin/test, which installs them");
    }
    this.base = base;
    this.profile = Files.createTempDirectory("berth-chromium-");
    ChromeOptions opts = new ChromeOptions();
    opts.setBinary(CHROMIUM.toFile());
    opts.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-default-apps", "--lang=en-US", "--window-size=1280,900", "--user-data-dir=" + profile);
    ChromeDriverService svc = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    driver = new ChromeDriver(svc, opts);
    driver.manage().window().setSize(new Dimension(1280, 900));
  }

  void open(String path) {
    driver.get(base + path);
  }

  /** Goes to a page of the dashboard (its #fragment), as a click in the navigation does. */
  void page(String route) {
    click(By.id("nav-" + route));
    waitFor(d -> route.equals(d.findElement(By.id("main")).getAttribute("data-page")));
  }

  <T> T waitFor(Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT).ignoring(org.openqa.selenium.NoSuchElementException.class)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
  }

  /** Waits until the element exists and is displayed. */
  WebElement find(By by) {
    return waitFor(d -> {
      WebElement e = d.findElement(by);
      return e.isDisplayed() ? e : null;
    });
  }

  List<WebElement> all(By by) {
    return driver.findElements(by);
  }

  /** Waits until the element's text contains {@code text}; returns its whole text. */
  String waitText(By by, String text) {
    try {
      return waitFor(d -> {
        String t = d.findElement(by).getText();
        return t.contains(text) ? t : null;
      });
    } catch (org.openqa.selenium.TimeoutException e) {
      String now = driver.findElements(by).isEmpty() ? "(no such element)" : driver.findElement(by).getText();
      throw new AssertionError("waited for \"" + text + "\" in " + by + ", which shows: " + now, e);
    }
  }

  void click(By by) {
    waitFor(d -> {
      WebElement e = d.findElement(by);
      return e.isDisplayed() && e.isEnabled() ? e : null;
    }).click();
  }

  /**
   * Replaces the text of an input as a user does (select all, delete, type): every change fires an input event, so
   * the page's state follows (WebElement.clear() changes the value behind the page's back).
   */
  void type(String id, String text) {
    WebElement e = find(By.id(id));
    e.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    e.sendKeys(text);
  }

  /** Fills a <textarea> or input by script (long PEM text; sendKeys would type it character by character). */
  void fill(String id, String text) {
    WebElement e = find(By.id(id));
    driver.executeScript("const e = arguments[0]; e.value = arguments[1];"
        + " e.dispatchEvent(new Event('input', {bubbles: true}));", e, text);
  }

  void select(String id, String value) {
    new org.openqa.selenium.support.ui.Select(find(By.id(id))).selectByValue(value);
  }

  Object js(String script, Object... args) {
    return driver.executeScript(script, args);
  }

  /** Saves what the page shows to target/screenshots/NAME.png. */
  void screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    File png = driver.getScreenshotAs(OutputType.FILE);
    Files.copy(png.toPath(), SCREENSHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
