package io.github.cream.examples.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Environment;
import java.io.File;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: headless Chromium driven by Selenium, with the system's {@code chromium} and
 * {@code chromedriver} (Debian's {@code chromium} and {@code chromium-driver} packages; {@code CREAM_CHROMIUM} and
 * {@code CREAM_CHROMEDRIVER} name others). Skipped when they are not installed. Also makes the README's screenshot
 * of the demo history ({@code examples/target/dashboard-demo.png}).
 */
class DashboardBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static Path profile;
  private static ChromeDriver browser;

  @BeforeAll
  static void startBrowser() throws Exception {
    Optional<File> chromium = executable("CREAM_CHROMIUM", "/usr/bin/chromium", "/usr/bin/chromium-browser");
    Optional<File> driver = executable("CREAM_CHROMEDRIVER", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
    Assumptions.assumeTrue(chromium.isPresent() && driver.isPresent(),
        "headless Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
    profile = Files.createTempDirectory("cream-dashboard-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.get());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-default-apps", "--disable-extensions", "--window-size=1600,2100", "--force-device-scale-factor=1",
        "--lang=en-US", "--user-data-dir=" + profile);
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.get())
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().scriptTimeout(WAIT);
  }

  @AfterAll
  static void stopBrowser() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (profile != null) {
      try (var walk = Files.walk(profile)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static Optional<File> executable(String variable, String... defaults) {
    List<String> candidates = new ArrayList<>();
    Optional.ofNullable(System.getenv(variable)).ifPresent(candidates::add);
    candidates.addAll(List.of(defaults));
    return candidates.stream().map(File::new).filter(f -> f.isFile() && f.canExecute()).findFirst();
  }

  /** Opens the page and waits until it has drawn the documents. */
  private static void open(Dashboard d) {
    // the last test's page is left first, and what it logged once its server stopped is dropped
    browser.get("about:blank");
    browser.manage().logs().get(LogType.BROWSER);
    browser.get(d.address().toString());
    // drawn, and listening for updates (a refresh the connection asks for is drawn too)
    new WebDriverWait(browser, WAIT).until(b -> !text("total-cost").equals("…")
        && "true".equals(((JavascriptExecutor) b).executeScript("return document.body.dataset.live || null")));
    ((JavascriptExecutor) browser).executeAsyncScript("setTimeout(arguments[arguments.length - 1], 300)");
  }

  private static String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  /** Dollars to the cent as the page writes them, from a document's exact amount. */
  private static String cents(String usd) {
    return "$" + String.format(Locale.ROOT, "%,.2f", new BigDecimal(usd).setScale(2, RoundingMode.HALF_EVEN));
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":([0-9.]+)").matcher(json);
    assertTrue(m.find(), name);
    return m.group(1);
  }

  private static List<String> severeConsoleEntries() {
    List<String> severe = new ArrayList<>();
    for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
      if (e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
        severe.add(e.getLevel() + " " + e.getMessage());
      }
    }
    return severe;
  }

  @Test
  void theDemoPageShowsTheDailyReport() throws Exception {
    try (Dashboard d = Dashboard.start(new Dashboard.Settings(Environment.system(), true, null, false, 0, b -> {}))) {
      open(d);
      String daily = Json.normal(Json.cli(Environment.system(), "daily", "--json", "--demo"));
      String totals = daily.substring(daily.indexOf("\"totals\":"));
      assertEquals(cents(field(totals, "costUsd")), text("total-cost"));
      assertEquals("$0.74", text("total-cost"));
      assertEquals(String.format(Locale.ROOT, "%,d", Long.parseLong(field(totals, "totalTokens"))),
          text("total-tokens"));
      assertEquals(field(totals, "calls"), text("total-calls"));
      // each day's row is the report's row
      List<String[]> days = Json.days(daily);
      List<WebElement> rows = browser.findElements(By.cssSelector("#days tbody tr"));
      assertEquals(days.size(), rows.size(), "one row per day");
      assertEquals(4, rows.size());
      for (int i = 0; i < days.size(); i++) {
        assertEquals(days.get(i)[0], rows.get(i).getAttribute("data-date"));
        assertEquals(cents(days.get(i)[1]), rows.get(i).findElement(By.cssSelector("td.cost")).getText());
      }
      assertEquals(cents(field(totals, "costUsd")),
          browser.findElement(By.cssSelector("#days tfoot td.cost")).getText());

      // the warm session comes first, and its countdown ticks
      WebElement first = browser.findElement(By.cssSelector("#sessions tbody tr"));
      assertEquals("warm", first.findElement(By.cssSelector("td.state")).getText());
      assertEquals("Write the getting-started guide", first.findElement(By.cssSelector("td.title")).getText());
      String before = first.findElement(By.cssSelector("td.countdown")).getText();
      new WebDriverWait(browser, Duration.ofSeconds(5)).until(
          b -> !first.findElement(By.cssSelector("td.countdown")).getText().equals(before));

      // the charts were drawn by Chart.js, stacked by source then by model
      JavascriptExecutor js = browser;
      assertEquals(4L, js.executeScript(
          "return Chart.getChart('cost-chart').data.datasets.length"));
      browser.findElement(By.id("by-model")).click();
      assertEquals(7L, js.executeScript("return Chart.getChart('cost-chart').data.datasets.length"));
      browser.findElement(By.id("by-source")).click();


      // the drill-down: the session's calls with their cost and the idle gaps
      first.findElement(By.cssSelector("td.title button")).click();
      new WebDriverWait(browser, WAIT).until(b -> b.findElement(By.id("drill")).isDisplayed());
      List<WebElement> gaps = browser.findElements(By.cssSelector("#timeline tr.gap"));
      assertEquals(2, gaps.size());
      assertTrue(gaps.get(0).getText().startsWith("idle 33m"), gaps.get(0).getText());
      assertTrue(text("drill-summary").contains("$0.19"), text("drill-summary"));
      // the README's picture: the demo history with this drill-down open
      js.executeScript("window.scrollTo(0, 0)");
      Path shot = Path.of(System.getProperty("cream.screenshot", "target/dashboard-demo.png"));
      Files.createDirectories(shot.toAbsolutePath().getParent());
      Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

      // a filter: one source, the same document as daily --json --source pi
      org.openqa.selenium.support.ui.Select source =
          new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("source")));
      source.selectByValue("pi");
      String pi = Json.normal(Json.cli(Environment.system(), "daily", "--json", "--demo", "--source", "pi"));
      String piCost = cents(field(pi.substring(pi.indexOf("\"totals\":")), "costUsd"));
      new WebDriverWait(browser, WAIT).until(b -> text("total-cost").equals(piCost));

      assertEquals(List.of(), severeConsoleEntries(), "no errors in the browser console");
    }
  }

  @Test
  void aHostileTitleStaysTextAndAnAppendShowsLive(@TempDir Path dir) throws Exception {
    ClaudeHome home = ClaudeHome.create(dir, ClaudeHome.HOSTILE_TITLE);
    try (Dashboard d = Dashboard.start(new Dashboard.Settings(home.environment(), false, null, true, 0, b -> {}))) {
      open(d);
      WebElement title = browser.findElement(By.cssSelector("#sessions tbody td.title"));
      assertTrue(title.getText().startsWith(
          "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\"><b>bold</b>"), title.getText());
      assertFalse(title.getText().contains("\u202e"), "a bidi override is not obeyed");
      assertTrue(browser.findElements(By.cssSelector("#sessions img, #sessions script, #sessions b")).isEmpty(),
          "no element was made from the title");
      title.findElement(By.tagName("button")).click();
      new WebDriverWait(browser, WAIT).until(b -> b.findElement(By.id("drill")).isDisplayed());
      assertTrue(browser.findElements(By.cssSelector("main img, #drill img, #timeline img")).isEmpty());
      assertTrue(text("drill-title").startsWith("<script>"), text("drill-title"));

      String cost = text("total-cost");
      String calls = text("total-calls");
      assertEquals("1", calls);
      long start = System.nanoTime();
      home.appendCall();
      new WebDriverWait(browser, Duration.ofSeconds(10)).until(b -> text("total-calls").equals("2"));
      long millis = (System.nanoTime() - start) / 1_000_000;
      System.out.println("dashboard: an appended call showed in the browser after " + millis + " ms"
          + (d.polling() ? " (polling)" : ""));
      assertNotEquals(cost, text("total-cost"));
      new WebDriverWait(browser, Duration.ofSeconds(10)).until(b -> text("timeline").contains("answer 2 <img"));

      assertEquals(null, ((JavascriptExecutor) browser).executeScript("return window.pwned === undefined ? null"
          + " : window.pwned"), "no script from the logs ran");
      assertFalse(browser.getPageSource().contains("<img src=\"x\""));
      assertEquals(List.of(), severeConsoleEntries(), "no errors in the browser console");
    }
  }
}
