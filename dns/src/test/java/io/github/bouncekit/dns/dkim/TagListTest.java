package io.github.bouncekit.dns.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bouncekit.dns.ParseResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TagListTest {

  @Test
  void readsTagsValuesAndPositions() {
    String text = "v=DKIM1; k = rsa ;\r\n\tp=MIGf MA0G\r\n CSqG;";
    TagList t = TagList.parse(text).orElseThrow();
    assertThat(t.tags()).extracting(TagList.Tag::name).containsExactly("v", "k", "p");
    assertThat(t.value("k")).contains("rsa");
    assertThat(t.value("p")).contains("MIGf MA0G\r\n CSqG");
    assertThat(TagList.compact(t.value("p").orElseThrow())).isEqualTo("MIGfMA0GCSqG");
    TagList.Tag k = t.tag("k").orElseThrow();
    assertThat(text.substring(k.position(), k.position() + 1)).isEqualTo("k");
    assertThat(text.substring(k.valueStart(), k.valueEnd())).isEqualTo("rsa");
    assertThat(t.value("x")).isEmpty();
  }

  @Test
  void emptyValuesEmptyPartsAndEmptyInputAreFine() {
    assertThat(TagList.parse("p=").orElseThrow().value("p")).contains("");
    assertThat(TagList.parse("a=1;; b=2; ").orElseThrow().tags()).hasSize(2);
    assertThat(TagList.parse("").orElseThrow().tags()).isEmpty();
    assertThat(TagList.parse(" ;  ").orElseThrow().tags()).isEmpty();
  }

  @Test
  void tagNamesAreCaseSensitive() {
    TagList t = TagList.parse("V=1; v=2").orElseThrow();
    assertThat(t.value("v")).contains("2");
    assertThat(t.value("V")).contains("1");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "v=1; v=2           | 5  | tag 'v' appears twice",
        "v=1; synerr        | 11 | expected '=' after tag name 'synerr'",
        "v=1; 1a=2          | 5  | a tag name must start with a letter",
        "v=1; a-b=2         | 6  | expected '=' after tag name 'a'",
        "=1                 | 0  | a tag name must start with a letter",
        "v=a\u0001b         | 3  | not allowed in the value of v",
        "t                  | 1  | expected '=' after tag name 't'",
      })
  void reportsTheFirstFaultWithItsPosition(String text, int position, String message) {
    ParseResult<TagList> r = TagList.parse(text);
    assertThat(r.isValid()).isFalse();
    assertThat(r.error().orElseThrow().position()).isEqualTo(position);
    assertThat(r.error().orElseThrow().message()).contains(message);
  }

  @Test
  void overlongInputIsRejectedAtTheBound() {
    String text = "p=" + "A".repeat(TagList.MAX_LENGTH);
    ParseResult<TagList> r = TagList.parse(text);
    assertThat(r.error().orElseThrow().position()).isEqualTo(TagList.MAX_LENGTH);
  }

  @Test
  void hostileInputOfTheMaximumSizeParses() {
    // Linear scanner: many tags, long runs of white space, all at the size bound.
    StringBuilder sb = new StringBuilder();
    for (int i = 0; sb.length() < TagList.MAX_LENGTH - 20; i++) {
      sb.append("a").append(i).append(" =  x \t ;");
    }
    assertThat(TagList.parse(sb.toString()).isValid()).isTrue();
    assertThat(TagList.parse(" ".repeat(TagList.MAX_LENGTH)).isValid()).isTrue();
    assertThat(TagList.parse("a=" + "b ".repeat(TagList.MAX_LENGTH / 2 - 1)).isValid()).isTrue();
  }
}
