package io.github.bouncekit.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsAnswerTest {

  @Test
  void recordsAreDefiniteAndImmutable() {
    List<String> values = new ArrayList<>(List.of("v=spf1 -all"));
    DnsAnswer<String> a = new DnsAnswer.Records<>("example.com", values, Duration.ofSeconds(300));
    values.clear();
    assertThat(a.values()).containsExactly("v=spf1 -all");
    assertThat(a.isDefinite()).isTrue();
    assertThat(a.failure()).isEmpty();
    assertThatThrownBy(() -> a.values().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void noRecordsIsNotARecordsAnswer() {
    assertThatThrownBy(() -> new DnsAnswer.Records<>("example.com", List.of(), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("use NoData");
    assertThatThrownBy(
            () -> new DnsAnswer.Records<>("example.com", List.of("a"), Duration.ofSeconds(-1)))
        .hasMessageContaining("ttl must not be negative");
  }

  @Test
  void nxdomainAndNodataAreDefiniteAndEmpty() {
    DnsAnswer<String> nx = new DnsAnswer.NxDomain<>("nope.example");
    DnsAnswer<String> nd = new DnsAnswer.NoData<>("example.com");
    assertThat(nx.isDefinite()).isTrue();
    assertThat(nd.isDefinite()).isTrue();
    assertThat(nx.values()).isEmpty();
    assertThat(nd.values()).isEmpty();
    assertThat(nx).isNotEqualTo(nd);
  }

  @Test
  void failuresAreNeverDefinite() {
    DnsAnswer<String> f =
        new DnsAnswer.Failure<>("example.com", DnsAnswer.Failure.Kind.TIMEOUT, "no answer in 2s");
    assertThat(f.isDefinite()).isFalse();
    assertThat(f.values()).isEmpty();
    assertThat(f.failure()).get().extracting(DnsAnswer.Failure::kind).isEqualTo(DnsAnswer.Failure.Kind.TIMEOUT);
    assertThatThrownBy(() -> new DnsAnswer.Failure<>("x", null, "d"))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("kind");
  }
}
