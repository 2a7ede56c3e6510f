package io.berth.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dashboard's page as served: HTML, a strict CSP, and only same-origin scripts and styles, none inline. */
class DashboardFilesTest extends OwnBrokerPerTest {
  @Test
  void thePageReferencesOnlyItsOwnFilesUnderAStrictPolicy() throws Exception {
    broker = ApiBroker.start(dir, "");
    Api.Reply r = broker.api.get("/", null).is(200);
    assertThat(r.header("Content-Type")).startsWith("text/html");
    assertThat(r.header("Content-Security-Policy")).startsWith("default-src 'self';").contains("frame-ancestors 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval");
    Matcher m = Pattern.compile("<(?:script|link)\\b[^>]*\\b(?:src|href)=\"([^\"]*)\"").matcher(r.raw().body());
    List<String> refs = new ArrayList<>();
    while (m.find()) {
      refs.add(m.group(1));
    }
    assertThat(refs).contains("js/app.js", "css/app.css").allSatisfy(ref -> assertThat(ref)
        .as("same-origin reference").doesNotContain("//").doesNotStartWith("http"));
    assertThat(r.raw().body()).doesNotContain("<style").doesNotMatch("(?s).*<script>[^<]+</script>.*");
    for (String ref : refs) { // and each file is there (data: is the empty icon, so the browser asks for none)
      if (!ref.startsWith("data:")) {
        assertThat(broker.api.get("/" + ref, null).status()).as(ref).isEqualTo(200);
      }
    }
  }
}
