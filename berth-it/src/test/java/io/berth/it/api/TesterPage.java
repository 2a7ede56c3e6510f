package io.berth.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** What a person does in Tools → Tester, in the browser: open a broker-side connection, subscribe, publish, read. */
final class TesterPage {
  private final Browser browser;

  TesterPage(Browser browser) {
    this.browser = browser;
  }

  void newServerConnection(String name, String transport, int port, String caPem) {
    browser.click(By.id("conn-new-tab"));
    browser.type("t-name", name);
    browser.select("t-transport", transport);
    browser.type("t-host", "127.0.0.1");
    browser.type("t-port", String.valueOf(port));
    if (caPem != null) {
      browser.fill("t-cacert", caPem);
      browser.type("t-sni", "localhost");
    }
    browser.click(By.id("t-connect"));
  }

  void subscribePublishAndRead(By conn, String filter, String topic, String payload) {
    WebElement panel = browser.find(conn);
    browser.type("sub-topic", filter);
    browser.click(By.id("sub-go"));
    browser.waitText(By.cssSelector("[data-conn='" + panel.getAttribute("data-conn") + "'] [data-testid=message-log]"),
        "subscribed to " + filter);
    browser.type("pub-topic", topic);
    browser.type("pub-payload", payload);
    browser.click(By.id("pub-go"));
    String row = browser.waitFor(d -> {
      for (WebElement tr : d.findElements(By.cssSelector("[data-testid=message-log] tr[data-kind=message]"))) {
        if (tr.getText().contains(payload)) {
          return tr.getText();
        }
      }
      return null;
    });
    assertThat(row).contains(topic, payload);
  }
}
