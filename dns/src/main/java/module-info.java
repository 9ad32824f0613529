/** BounceKit DNS: verifies a diagnosis with live DNS look-ups over dnsjava. */
module io.github.bouncekit.dns {
  requires transitive io.github.bouncekit;
  requires org.dnsjava;
  requires org.slf4j;

  exports io.github.bouncekit.dns;
  exports io.github.bouncekit.dns.dkim;
  exports io.github.bouncekit.dns.dmarc;
  exports io.github.bouncekit.dns.dnsbl;
  exports io.github.bouncekit.dns.dnsjava;
  exports io.github.bouncekit.dns.investigate;
  exports io.github.bouncekit.dns.spf;
}
