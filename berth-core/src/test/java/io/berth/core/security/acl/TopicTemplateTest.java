package io.berth.core.security.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.core.security.ClientIdentity;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Placeholders in rule topics, filled from the client. */
class TopicTemplateTest {
  private static final ClientIdentity FULL = new ClientIdentity(
      "dev-1", "alice", "10.1.2.3", "sensor-7", "ssl:default", false, Map.of("group", "g1"));

  @Test
  void everyPlaceholderIsFilled() {
    assertThat(render("d/${clientid}/#", FULL)).isEqualTo("d/dev-1/#");
    assertThat(render("u/${username}/+", FULL)).isEqualTo("u/alice/+");
    assertThat(render("c/${cert_common_name}", FULL)).isEqualTo("c/sensor-7");
    assertThat(render("c/${cn}", FULL)).isEqualTo("c/sensor-7");
    assertThat(render("ip/${peerhost}/#", FULL)).isEqualTo("ip/10.1.2.3/#");
    assertThat(render("g/${client_attrs.group}/#", FULL)).isEqualTo("g/g1/#");
    assertThat(render("x/${ clientid }", FULL)).isEqualTo("x/dev-1");
  }

  @Test
  void percentFormsOfEmqx4AndMosquitto() {
    assertThat(render("d/%c/%u", FULL)).isEqualTo("d/dev-1/alice");
    assertThat(render("100%/x", FULL)).isEqualTo("100%/x"); // a '%' before another letter is text
    assertThat(TopicTemplate.parse("%c", false).isConstant()).isFalse();
  }

  @Test
  void bracesAreTextWhereOnlyPercentFormsApply() {
    TopicTemplate t = TopicTemplate.parse("a/${clientid}/%c", false);
    assertThat(t.render(FULL)).isEqualTo("a/${clientid}/dev-1");
  }

  @Test
  void aMissingOrEmptyValueMeansNoFilter() {
    ClientIdentity anonymous = new ClientIdentity("dev-2", null, "10.0.0.1", null, "tcp:default", false, Map.of());
    assertThat(render("u/${username}/#", anonymous)).isNull();
    assertThat(render("u/%u/#", anonymous)).isNull();
    assertThat(render("c/${cert_common_name}", anonymous)).isNull();
    assertThat(render("g/${client_attrs.group}", anonymous)).isNull();
    ClientIdentity empty = new ClientIdentity("dev-3", "", "10.0.0.1", null, "tcp:default", false, Map.of());
    assertThat(render("u/${username}/#", empty)).isNull();
  }

  @Test
  void aValueWithAWildcardMeansNoFilter() { // else client id "#" would turn d/%c into d/#
    ClientIdentity sneaky = new ClientIdentity("#", "a+b", "10.0.0.1", null, "tcp:default", false, Map.of());
    assertThat(render("d/%c", sneaky)).isNull();
    assertThat(render("u/${username}", sneaky)).isNull();
  }

  @Test
  void constantTemplatesAndSamples() {
    assertThat(TopicTemplate.parse("a/b/#", true).isConstant()).isTrue();
    assertThat(TopicTemplate.parse("a/${clientid}/#", true).sample()).isEqualTo("a/x/#");
  }

  @Test
  void unknownAndUnterminatedPlaceholdersAreRefused() {
    assertThatThrownBy(() -> TopicTemplate.parse("a/${client}", true))
        .hasMessage("unknown placeholder ${client}");
    assertThatThrownBy(() -> TopicTemplate.parse("a/${clientid", true))
        .hasMessage("unterminated placeholder in 'a/${clientid'");
    assertThatThrownBy(() -> TopicTemplate.parse("a/${client_attrs.}", true))
        .hasMessage("unknown placeholder ${client_attrs.}");
  }

  private static String render(String template, ClientIdentity client) {
    return TopicTemplate.parse(template, true).render(client);
  }
}
