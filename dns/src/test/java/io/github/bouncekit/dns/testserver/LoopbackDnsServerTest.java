package io.github.bouncekit.dns.testserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SPFRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.yaml.snakeyaml.Yaml;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LoopbackDnsServerTest {

  private static final Duration TIMEOUT = Duration.ofMillis(500);

  private LoopbackDnsServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      List<Throwable> errors = server.errors();
      server.close();
      assertThat(errors).as("failures inside the server").isEmpty();
    }
  }

  private LoopbackDnsServer start(Zone zone) throws IOException {
    server = LoopbackDnsServer.start(zone);
    return server;
  }

  private SimpleResolver resolver() {
    return server.newResolver(Duration.ofSeconds(2));
  }

  private static Message query(String name, int type) throws IOException {
    return Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
  }

  private Message ask(String name, int type) throws IOException {
    return resolver().send(query(name, type));
  }

  private static List<Record> answers(Message m) {
    return m.getSection(Section.ANSWER);
  }

  private static List<String> txtStrings(Record r) {
    return ((TXTRecord) r).getStrings();
  }

  // ---------------------------------------------------------------------------------------------
  // Data

  @Test
  void servesOnLoopbackWithUdpAndTcpOnOnePort() throws IOException {
    start(Zone.builder().add("example.com", "A", "192.0.2.1").build());
    assertThat(server.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(server.address().getPort()).isPositive();

    SimpleResolver tcp = resolver();
    tcp.setTCP(true);
    Message overTcp = tcp.send(query("example.com", Type.A));
    Message overUdp = ask("example.com", Type.A);

    assertThat(answers(overTcp)).hasSize(1);
    assertThat(answers(overUdp)).hasSize(1);
    assertThat(server.tcpQueries()).isEqualTo(1);
    assertThat(server.udpQueries()).isEqualTo(1);
  }

  @Test
  void answersAAndAaaaAuthoritatively() throws IOException {
    start(
        Zone.builder()
            .add("Mail.Example.COM.", "A", "192.0.2.10")
            .add("mail.example.com", "A", "192.0.2.11")
            .add("mail.example.com", "AAAA", "2001:db8::10")
            .build());

    Message a = ask("MAIL.example.com", Type.A);
    assertThat(a.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(a.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(a.getHeader().getFlag(Flags.RA)).isTrue();
    assertThat(a.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(answers(a))
        .extracting(r -> ((ARecord) r).getAddress().getHostAddress())
        .containsExactly("192.0.2.10", "192.0.2.11");
    assertThat(answers(a)).allSatisfy(r -> assertThat(r.getTTL()).isEqualTo(300));

    Message aaaa = ask("mail.example.com", Type.AAAA);
    assertThat(answers(aaaa))
        .extracting(r -> ((AAAARecord) r).getAddress().getHostAddress())
        .containsExactly("2001:db8:0:0:0:0:0:10");
  }

  @Test
  void answersTxtWithSeveralStringsAsOneRecord() throws IOException {
    start(
        Zone.builder()
            .add("example.com", "TXT", "v=spf1 ip4:192.0.2.0/24", " -all")
            .add("example.com", "TXT", "other")
            .add("example.com", "SPF", "v=spf1 -all")
            .addTtl("ttl.example.com", "TXT", 60, "short-lived")
            .add("utf8.example.com", "TXT", "caf\u00e9 \u0096")
            .build());

    Message m = ask("example.com", Type.TXT);
    assertThat(answers(m)).hasSize(2);
    assertThat(txtStrings(answers(m).get(0))).containsExactly("v=spf1 ip4:192.0.2.0/24", " -all");
    assertThat(txtStrings(answers(m).get(1))).containsExactly("other");

    Message spf = ask("example.com", Type.SPF);
    assertThat(answers(spf)).singleElement().isInstanceOf(SPFRecord.class);

    assertThat(answers(ask("ttl.example.com", Type.TXT)).get(0).getTTL()).isEqualTo(60);

    TXTRecord utf8 = (TXTRecord) answers(ask("utf8.example.com", Type.TXT)).get(0);
    assertThat(utf8.getStringsAsByteArrays().get(0))
        .isEqualTo("caf\u00e9 \u0096".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void splitsStringsLongerThan255Bytes() throws IOException {
    String longText = "x".repeat(300);
    start(Zone.builder().add("long.example.com", "TXT", longText).build());
    TXTRecord r = (TXTRecord) answers(ask("long.example.com", Type.TXT)).get(0);
    assertThat(r.getStrings()).hasSize(2);
    assertThat(String.join("", r.getStrings())).isEqualTo(longText);
  }

  @Test
  void answersMxPtrAndCname() throws IOException {
    start(
        Zone.builder()
            .add("example.com", "MX", 10, "mx1.example.com")
            .add("example.com", "MX", "20 mx2.example.com.")
            .add("10.2.0.192.in-addr.arpa", "PTR", "mail.example.com")
            .add("www.example.com", "CNAME", "example.com")
            .add("example.com", "A", "192.0.2.1")
            .build());

    Message mx = ask("example.com", Type.MX);
    assertThat(answers(mx))
        .extracting(r -> ((MXRecord) r).getPriority() + " " + ((MXRecord) r).getTarget())
        .containsExactly("10 mx1.example.com.", "20 mx2.example.com.");

    Message ptr = ask("10.2.0.192.in-addr.arpa", Type.PTR);
    assertThat(((PTRRecord) answers(ptr).get(0)).getTarget())
        .isEqualTo(Name.fromString("mail.example.com."));

    Message viaCname = ask("www.example.com", Type.A);
    assertThat(answers(viaCname)).hasSize(2);
    assertThat(answers(viaCname).get(0)).isInstanceOf(CNAMERecord.class);
    assertThat(answers(viaCname).get(0).getName()).isEqualTo(Name.fromString("www.example.com."));
    assertThat(((ARecord) answers(viaCname).get(1)).getAddress().getHostAddress())
        .isEqualTo("192.0.2.1");

    Message cname = ask("www.example.com", Type.CNAME);
    assertThat(answers(cname)).singleElement().isInstanceOf(CNAMERecord.class);
  }

  @Test
  void distinguishesNxdomainFromNodataWithSoa() throws IOException {
    start(
        Zone.builder()
            .add("example.com", "A", "192.0.2.1")
            .add("deep.below.example.org", "TXT", "x")
            .build());

    Message nx = ask("nope.example.com", Type.A);
    assertThat(nx.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(answers(nx)).isEmpty();
    assertNegativeSoa(nx, "nope.example.com.");

    Message nodata = ask("example.com", Type.TXT);
    assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(answers(nodata)).isEmpty();
    assertNegativeSoa(nodata, "example.com.");

    // an empty non-terminal exists
    Message ent = ask("below.example.org", Type.TXT);
    assertThat(ent.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(answers(ent)).isEmpty();
    assertNegativeSoa(ent, "below.example.org.");

    // but a sibling of it does not
    assertThat(ask("other.example.org", Type.TXT).getRcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  private static void assertNegativeSoa(Message m, String qname) throws IOException {
    List<Record> authority = m.getSection(Section.AUTHORITY);
    assertThat(authority).singleElement().isInstanceOf(SOARecord.class);
    SOARecord soa = (SOARecord) authority.get(0);
    assertThat(soa.getTTL()).isEqualTo(300);
    assertThat(soa.getMinimum()).isEqualTo(300);
    assertThat(Name.fromString(qname).subdomain(soa.getName())).isTrue();
  }

  @Test
  void answersAnyWithAllRecords() throws IOException {
    start(
        Zone.builder().add("example.com", "A", "192.0.2.1").add("example.com", "TXT", "t").build());
    assertThat(answers(ask("example.com", Type.ANY))).hasSize(2);
  }

  // ---------------------------------------------------------------------------------------------
  // CNAME chains

  @Test
  void followsCnameChains() throws IOException {
    start(
        Zone.builder()
            .add("a.example.com", "CNAME", "b.example.com")
            .add("b.example.com", "CNAME", "c.example.com")
            .add("c.example.com", "TXT", "end")
            .add("out.example.com", "CNAME", "elsewhere.example.net")
            .add("dangling.example.com", "CNAME", "b.example.com")
            .build());

    Message m = ask("a.example.com", Type.TXT);
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(answers(m))
        .extracting(Record::getType)
        .containsExactly(Type.CNAME, Type.CNAME, Type.TXT);
    assertThat(answers(m).get(2).getName()).isEqualTo(Name.fromString("c.example.com."));

    // target without data of that type: the CNAMEs and NODATA for the target
    Message nodata = ask("a.example.com", Type.A);
    assertThat(answers(nodata)).extracting(Record::getType).containsExactly(Type.CNAME, Type.CNAME);
    assertThat(nodata.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);

    // target outside the zone's data: just the CNAME
    Message out = ask("out.example.com", Type.A);
    assertThat(out.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(answers(out)).extracting(Record::getType).containsExactly(Type.CNAME);
  }

  @Test
  void cnameLoopsAndLongChainsTerminate() throws IOException {
    Zone.Builder b =
        Zone.builder()
            .add("loop1.example.com", "CNAME", "loop2.example.com")
            .add("loop2.example.com", "CNAME", "LOOP1.example.com.")
            .add("self.example.com", "CNAME", "self.example.com");
    for (int i = 0; i < 12; i++) {
      b.add("c" + i + ".example.com", "CNAME", "c" + (i + 1) + ".example.com");
    }
    b.add("c12.example.com", "A", "192.0.2.12");
    start(b.build());

    Message loop = ask("loop1.example.com", Type.A);
    assertThat(loop.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(answers(loop)).extracting(Record::getType).containsExactly(Type.CNAME, Type.CNAME);

    assertThat(answers(ask("self.example.com", Type.TXT))).hasSize(1);

    Message longChain = ask("c0.example.com", Type.A);
    assertThat(answers(longChain)).hasSize(Zone.MAX_CNAME_CHAIN);
    assertThat(answers(longChain)).allSatisfy(r -> assertThat(r).isInstanceOf(CNAMERecord.class));
  }

  // ---------------------------------------------------------------------------------------------
  // Faults

  @Test
  void servfailAndRefused() throws IOException {
    start(Zone.builder().servfail("broken.example.com").refused("closed.example.com").build());

    Message servfail = ask("broken.example.com", Type.TXT);
    assertThat(servfail.getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(answers(servfail)).isEmpty();

    Message refused = ask("closed.example.com", Type.A);
    assertThat(refused.getRcode()).isEqualTo(Rcode.REFUSED);
  }

  @Test
  void timeoutNeverAnswersAndTheClientGivesUpInTime() throws IOException {
    start(
        Zone.builder().timeout("slow.example.com").add("ok.example.com", "A", "192.0.2.1").build());
    SimpleResolver r = new SimpleResolver(server.address());
    r.setTimeout(TIMEOUT);

    long t0 = System.nanoTime();
    assertThatThrownBy(() -> r.send(query("slow.example.com", Type.TXT)))
        .isInstanceOf(IOException.class);
    long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(elapsedMillis).isBetween(400L, 3_000L);
    assertThat(server.udpQueries()).isEqualTo(1);
    assertThat(server.queries()).containsExactly("slow.example.com TXT");

    // other names still answer
    assertThat(answers(r.send(query("ok.example.com", Type.A)))).hasSize(1);
  }

  @Test
  void timeoutOfOneTypeOnly() throws IOException {
    Zone zone =
        Zone.builder()
            .add("example.com", "TXT", "v=spf1 -all")
            .timeout("example.com", "SPF")
            .timeoutExcept("partial.example.com", "A")
            .add("partial.example.com", "A", "192.0.2.1")
            .build();
    assertThat(zone.timesOut("example.com", "SPF")).isTrue();
    assertThat(zone.timesOut("example.com", "TXT")).isFalse();
    assertThat(zone.timesOut("partial.example.com", "A")).isFalse();
    assertThat(zone.timesOut("partial.example.com", "TXT")).isTrue();
    start(zone);
    assertThat(answers(ask("example.com", Type.TXT))).hasSize(1);
    assertThat(answers(ask("partial.example.com", Type.A))).hasSize(1);
  }

  @Test
  void largeAnswersAreTruncatedOverUdpAndCompleteOverTcp() throws IOException {
    Zone.Builder b = Zone.builder();
    for (int i = 0; i < 4; i++) {
      b.add("big.example.com", "TXT", i + "-" + "a".repeat(190));
    }
    for (int i = 0; i < 10; i++) {
      b.add("huge.example.com", "TXT", i + "-" + "b".repeat(200));
    }
    start(b.build());

    // without EDNS, 512 bytes is the limit
    SimpleResolver classic = resolver();
    classic.setEDNS(-1, 0, 0, List.of());
    SimpleResolver noRetry = resolver();
    noRetry.setEDNS(-1, 0, 0, List.of());
    noRetry.setIgnoreTruncation(true);

    Message truncated = noRetry.send(query("big.example.com", Type.TXT));
    assertThat(truncated.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(answers(truncated)).isEmpty();
    assertThat(truncated.getQuestion().getName()).isEqualTo(Name.fromString("big.example.com."));
    assertThat(server.tcpQueries()).isZero();

    Message full = classic.send(query("big.example.com", Type.TXT));
    assertThat(full.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(answers(full)).hasSize(4);
    assertThat(full.toWire().length).isGreaterThan(512);
    assertThat(server.tcpQueries()).isEqualTo(1);
    assertThat(server.udpQueries()).isEqualTo(2);

    // with dnsjava's default EDNS payload (1280), an 850-byte answer fits in UDP ...
    int tcpBefore = server.tcpQueries();
    assertThat(answers(ask("big.example.com", Type.TXT))).hasSize(4);
    assertThat(server.tcpQueries()).isEqualTo(tcpBefore);

    // ... and a 2 KB one does not
    Message huge = ask("huge.example.com", Type.TXT);
    assertThat(answers(huge)).hasSize(10);
    assertThat(huge.toWire().length).isGreaterThan(1280);
    assertThat(server.tcpQueries()).isEqualTo(tcpBefore + 1);
  }

  @Test
  void truncateFaultSetsTcOverUdpOnly() throws IOException {
    start(
        Zone.builder().add("tc.example.com", "A", "192.0.2.1").truncate("tc.example.com").build());
    SimpleResolver noRetry = resolver();
    noRetry.setIgnoreTruncation(true);
    Message udp = noRetry.send(query("tc.example.com", Type.A));
    assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(answers(udp)).isEmpty();

    Message retried = ask("tc.example.com", Type.A);
    assertThat(retried.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(answers(retried)).hasSize(1);
    assertThat(server.udpQueries()).isEqualTo(2);
    assertThat(server.tcpQueries()).isEqualTo(1);
  }

  @Test
  void delayedAnswersDoNotHoldUpOthers() throws Exception {
    Duration delay = Duration.ofMillis(400);
    start(
        Zone.builder()
            .add("slow.example.com", "A", "192.0.2.1")
            .delay("slow.example.com", delay)
            .add("fast.example.com", "A", "192.0.2.2")
            .build());
    SimpleResolver r = resolver();

    long t0 = System.nanoTime();
    CompletableFuture<Long> slow =
        r.sendAsync(query("slow.example.com", Type.A))
            .toCompletableFuture()
            .thenApply(m -> (System.nanoTime() - t0) / 1_000_000);
    Thread.sleep(20);
    Message fast = r.send(query("fast.example.com", Type.A));
    long fastMillis = (System.nanoTime() - t0) / 1_000_000;

    assertThat(answers(fast)).hasSize(1);
    assertThat(slow).isNotDone();
    assertThat(fastMillis).isLessThan(delay.toMillis());
    long slowMillis = slow.get(3, TimeUnit.SECONDS);
    assertThat(slowMillis).isBetween(delay.toMillis(), 2_500L);

    // over TCP too
    SimpleResolver tcp = resolver();
    tcp.setTCP(true);
    long t1 = System.nanoTime();
    assertThat(answers(tcp.send(query("slow.example.com", Type.A)))).hasSize(1);
    assertThat((System.nanoTime() - t1) / 1_000_000).isGreaterThanOrEqualTo(delay.toMillis());
  }

  // ---------------------------------------------------------------------------------------------
  // Server behaviour

  @Test
  void logsQueriesAndSwapsZones() throws IOException {
    start(Zone.builder().add("example.com", "TXT", "one").build());
    assertThat(txtStrings(answers(ask("Example.COM", Type.TXT)).get(0))).containsExactly("one");

    server.setZone(Zone.builder().add("example.com", "TXT", "two").build());
    assertThat(txtStrings(answers(ask("example.com", Type.TXT)).get(0))).containsExactly("two");
    ask("example.com", Type.SPF);

    assertThat(server.queries())
        .containsExactly("example.com TXT", "example.com TXT", "example.com SPF");
    server.clearQueries();
    ask("example.com", Type.A);
    assertThat(server.queries()).containsExactly("example.com A").doesNotContain("example.com SPF");
  }

  @Test
  void answersGarbageWithFormerrAndDropsWhatHasNoId() throws IOException {
    start(Zone.empty());
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      s.setSoTimeout(300);
      byte[] garbage = {0x12, 0x34, 0x01, 0x00, 0x00, 0x05};
      s.send(new DatagramPacket(garbage, garbage.length, server.address()));
      DatagramPacket p = new DatagramPacket(new byte[512], 512);
      s.receive(p);
      Message formerr = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
      assertThat(formerr.getHeader().getID()).isEqualTo(0x1234);
      assertThat(formerr.getRcode()).isEqualTo(Rcode.FORMERR);
      assertThat(formerr.getHeader().getFlag(Flags.QR)).isTrue();

      // a query without a question
      byte[] noQuestion = new Message(0x4321).toWire();
      s.send(new DatagramPacket(noQuestion, noQuestion.length, server.address()));
      p = new DatagramPacket(new byte[512], 512);
      s.receive(p);
      Message formerr2 = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
      assertThat(formerr2.getHeader().getID()).isEqualTo(0x4321);
      assertThat(formerr2.getRcode()).isEqualTo(Rcode.FORMERR);

      byte[] oneByte = {0x12};
      s.send(new DatagramPacket(oneByte, 1, server.address()));
      DatagramPacket none = new DatagramPacket(new byte[512], 512);
      assertThatThrownBy(() -> s.receive(none)).isInstanceOf(SocketTimeoutException.class);
    }
    assertThat(server.udpQueries()).isEqualTo(3);
  }

  @Test
  void tcpServesSeveralQueriesPerConnectionAndSurvivesEarlyCloses() throws IOException {
    start(
        Zone.builder().add("example.com", "A", "192.0.2.1").add("example.com", "TXT", "t").build());
    try (Socket s = new Socket()) {
      s.connect(server.address(), 1000);
      s.setSoTimeout(2000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      DataInputStream in = new DataInputStream(s.getInputStream());
      for (int type : new int[] {Type.A, Type.TXT, Type.MX}) {
        byte[] q = query("example.com", type).toWire();
        out.writeShort(q.length);
        out.write(q);
        out.flush();
        byte[] answer = new byte[in.readUnsignedShort()];
        in.readFully(answer);
        Message m = new Message(answer);
        assertThat(m.getQuestion().getType()).isEqualTo(type);
        assertThat(answers(m)).hasSize(type == Type.MX ? 0 : 1);
      }
    }
    // a client that sends half a message and leaves, and one that leaves before reading
    try (Socket s = new Socket()) {
      s.connect(server.address(), 1000);
      s.getOutputStream().write(new byte[] {0x00, 0x40, 0x12});
    }
    try (Socket s = new Socket()) {
      s.connect(server.address(), 1000);
      byte[] q = query("example.com", Type.A).toWire();
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeShort(q.length);
      out.write(q);
      out.flush();
    }
    SimpleResolver tcp = resolver();
    tcp.setTCP(true);
    assertThat(answers(tcp.send(query("example.com", Type.A)))).hasSize(1);
  }

  @Test
  void closeStopsEverythingPromptly() throws IOException {
    LoopbackDnsServer s =
        LoopbackDnsServer.start(
            Zone.builder()
                .add("x.example.com", "A", "192.0.2.1")
                .delay("x.example.com", Duration.ofSeconds(5))
                .build());
    int port = s.address().getPort();
    SimpleResolver r = new SimpleResolver(s.address());
    r.setTimeout(Duration.ofSeconds(3));
    r.sendAsync(query("x.example.com", Type.A)); // pending delayed answer
    try (Socket idle = new Socket()) {
      idle.connect(s.address(), 1000); // an idle TCP connection
      long t0 = System.nanoTime();
      s.close();
      s.close(); // idempotent
      assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(3_000L);
    }
    String prefix = "loopback-dns-" + port + "-";
    List<String> alive =
        Thread.getAllStackTraces().keySet().stream()
            .filter(Thread::isAlive)
            .map(Thread::getName)
            .filter(n -> n.startsWith(prefix))
            .collect(Collectors.toList());
    assertThat(alive).isEmpty();
    // the port is free again
    try (DatagramSocket again = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void builderRejectsMalformedDataNamingNameAndType() {
    assertThatThrownBy(() -> Zone.builder().add("bad.example.com", "A", "1.2.3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.example.com")
        .hasMessageContaining("A");
    assertThatThrownBy(() -> Zone.builder().add("bad.example.com", "AAAA", "1.2.3.4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AAAA");
    assertThatThrownBy(() -> Zone.builder().add("bad.example.com", "MX", "mx.example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.example.com MX");
    assertThatThrownBy(() -> Zone.builder().add("bad.example.com", "NOPE", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NOPE");
    assertThatThrownBy(
            () ->
                Zone.builder()
                    .add("bad.example.com", "CNAME", "a.example.com")
                    .add("bad.example.com", "CNAME", "b.example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CNAME");
    assertThatThrownBy(
            () ->
                Zone.fromSuiteZonedata(Map.of("odd.example.com", List.of(Map.of("A", List.of())))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("odd.example.com A");
    assertThatThrownBy(
            () -> Zone.fromSuiteZonedata(Map.of("odd.example.com", List.of("SOMETIMES"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("odd.example.com");
    assertThatThrownBy(
            () -> Zone.fromSuiteZonedata(Map.of("odd.example.com", List.of(Map.of("MX", "10")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("odd.example.com MX");
  }

  // ---------------------------------------------------------------------------------------------
  // The openspf / pyspf suites

  private static List<Map<String, Object>> scenarios(String file) throws IOException {
    String resource = "/io/github/bouncekit/dns/spf/" + file;
    List<Map<String, Object>> result = new ArrayList<>();
    try (InputStream in = LoopbackDnsServerTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      for (Object doc : new Yaml().loadAll(in)) {
        @SuppressWarnings("unchecked")
        Map<String, Object> scenario = (Map<String, Object>) doc;
        result.add(scenario);
      }
    }
    return result;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> zonedata(Map<String, Object> scenario) {
    return (Map<String, Object>) scenario.get("zonedata");
  }

  private static Map<String, Object> scenario(String file, String description) throws IOException {
    return scenarios(file).stream()
        .filter(s -> description.equals(s.get("description")))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void everySuiteScenarioLoads() throws IOException {
    int[] expected = {16, 15};
    String[] files = {"rfc7208-tests.yml", "rfc4408-tests.yml"};
    for (int f = 0; f < files.length; f++) {
      List<Map<String, Object>> scenarios = scenarios(files[f]);
      assertThat(scenarios).as(files[f]).hasSize(expected[f]);
      for (Map<String, Object> s : scenarios) {
        assertThat(s).containsKeys("zonedata", "tests");
        Zone zone = Zone.fromSuiteZonedata(zonedata(s));
        assertThat(zone.names()).as(files[f] + ": " + s.get("description")).isNotEmpty();
        for (String name : zonedata(s).keySet()) {
          assertThat(zone.exists(name)).as(name).isTrue();
        }
      }
    }
  }

  @Test
  void everySuiteRecordIsServedOverTheWire() throws IOException {
    start(Zone.empty());
    SimpleResolver r = resolver();
    String[] types = {"TXT", "SPF", "A", "AAAA", "MX", "PTR", "CNAME"};
    int asked = 0;
    for (String file : new String[] {"rfc7208-tests.yml", "rfc4408-tests.yml"}) {
      for (Map<String, Object> s : scenarios(file)) {
        Zone zone = Zone.fromSuiteZonedata(zonedata(s));
        server.setZone(zone);
        for (String name : zone.names()) {
          for (String type : types) {
            List<Record> expected = zone.records(name, type);
            if (expected.isEmpty() || zone.timesOut(name, type)) {
              continue;
            }
            Message m = r.send(query(name, Type.value(type)));
            asked++;
            assertThat(m.getRcode()).as(name + " " + type).isEqualTo(Rcode.NOERROR);
            assertThat(answers(m)).as(name + " " + type).hasSameSizeAs(expected);
            // names in rdata may come back in another case (name compression is case-blind)
            assertThat(answers(m))
                .extracting(LoopbackDnsServerTest::rdataCaseBlindForNames)
                .as(name + " " + type)
                .containsExactlyElementsOf(
                    expected.stream()
                        .map(LoopbackDnsServerTest::rdataCaseBlindForNames)
                        .collect(Collectors.toList()));
          }
        }
      }
    }
    assertThat(asked).isGreaterThan(500);
  }

  private static String rdataCaseBlindForNames(Record r) {
    String rdata = r.rdataToString();
    boolean text = r.getType() == Type.TXT || r.getType() == Type.SPF;
    return text ? rdata : rdata.toLowerCase(java.util.Locale.ROOT);
  }

  @Test
  void suiteRecordLookupScenarioFollowsThePyspfDriver() throws IOException {
    Zone zone = Zone.fromSuiteZonedata(zonedata(scenario("rfc7208-tests.yml", "Record lookup")));

    // TIMEOUT marker: the types listed before it answer, all others time out
    assertThat(zone.timesOut("spftimeout.example.net", "TXT")).isFalse();
    assertThat(zone.timesOut("spftimeout.example.net", "SPF")).isTrue();
    assertThat(zone.timesOut("txttimeout.example.net", "SPF")).isFalse();
    assertThat(zone.timesOut("txttimeout.example.net", "TXT")).isTrue();
    assertThat(zone.timesOut("nospftxttimeout.example.net", "TXT")).isTrue();
    assertThat(zone.timesOut("alltimeout.example.net", "TXT")).isTrue();
    assertThat(zone.timesOut("alltimeout.example.net", "SPF")).isTrue();
    assertThat(zone.timesOut("alltimeout.example.net", "A")).isTrue();
    // unknown names under error. time out, other unknown names are NXDOMAIN
    assertThat(zone.timesOut("error.example.net", "TXT")).isTrue();
    assertThat(zone.timesOut("nothing.example.net", "TXT")).isFalse();

    start(zone);
    assertThat(answers(ask("both.example.net", Type.TXT))).hasSize(1);
    assertThat(answers(ask("both.example.net", Type.SPF))).hasSize(1);
    assertThat(answers(ask("txtonly.example.net", Type.SPF))).isEmpty();
    // TXT: NONE stops the SPF-to-TXT duplication: NODATA
    Message spfonly = ask("spfonly.example.net", Type.TXT);
    assertThat(spfonly.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(answers(spfonly)).isEmpty();
    assertThat(answers(ask("spfonly.example.net", Type.SPF))).hasSize(1);
    assertThat(answers(ask("spftimeout.example.net", Type.TXT))).hasSize(1);
    assertThat(ask("nothing.example.net", Type.TXT).getRcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void suiteSpfRecordsAreAlsoServedAsTxt() throws IOException {
    start(Zone.fromSuiteZonedata(zonedata(scenario("rfc7208-tests.yml", "Initial processing"))));

    // a list is one record of several strings; an empty list is a record without strings
    Message nul = ask("null.example.com", Type.TXT);
    assertThat(answers(nul)).hasSize(2);
    assertThat(txtStrings(answers(nul).get(0))).containsExactly("v=spf1 ip4:", "192.0.2.5 -all");
    assertThat(txtStrings(answers(nul).get(1))).isEmpty();
    assertThat(answers(ask("null.example.com", Type.SPF))).hasSize(2);

    // non-ASCII as UTF-8
    TXTRecord hosed2 = (TXTRecord) answers(ask("hosed2.example.com", Type.TXT)).get(0);
    assertThat(hosed2.getStringsAsByteArrays().get(0))
        .isEqualTo("v=spf1 \u0080a:example.net -all".getBytes(StandardCharsets.UTF_8));

    // a bare TIMEOUT entry: every query for the name times out
    assertThat(server.zone().timesOut("example.com", "TXT")).isTrue();
    assertThat(server.zone().timesOut("example.com", "A")).isTrue();

    assertThat(server.queries()).noneMatch(q -> q.endsWith(" SPF") && q.startsWith("hosed"));
  }

  @Test
  void suiteMxWithEmptyHostAndCnameLoop() throws IOException {
    Map<String, Object> mx = scenario("rfc7208-tests.yml", "MX mechanism syntax");
    start(Zone.fromSuiteZonedata(zonedata(mx)));
    Message m = ask("mail.example.com", Type.MX);
    assertThat(((MXRecord) answers(m).get(0)).getTarget()).isEqualTo(Name.root);
    assertThat(((MXRecord) answers(m).get(0)).getPriority()).isZero();

    server.setZone(
        Zone.fromSuiteZonedata(zonedata(scenario("rfc7208-tests.yml", "PTR mechanism syntax"))));
    Message loop = ask("loop4.example.com", Type.A);
    assertThat(loop.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(answers(loop)).extracting(Record::getType).containsExactly(Type.CNAME, Type.CNAME);
    Message ptr =
        ask("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.B.D.0.1.0.0.2.ip6.arpa", Type.PTR);
    assertThat(answers(ptr)).hasSize(1);
  }
}
