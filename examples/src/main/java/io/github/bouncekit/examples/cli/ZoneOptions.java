package io.github.bouncekit.examples.cli;

import io.github.bouncekit.dns.dnsbl.DnsblZones;
import java.util.List;
import picocli.CommandLine.Option;

/** The blocklist-zone options shared by the commands that ask DNS blocklists. */
final class ZoneOptions {
  @Option(names = "--zones", split = ",", paramLabel = "ID",
      description = "Only these blocklist zones, by id (default: all). Ids: ${COMPLETION-CANDIDATES}.",
      completionCandidates = ZoneIds.class)
  List<String> zones;

  @Option(names = "--dqs-key", paramLabel = "KEY",
      description = "A Spamhaus Data Query Service key: Spamhaus zones are then queried as <key>.zen.dq.spamhaus.net.")
  String dqsKey;

  /**
   * The shipped zones, narrowed to {@code --zones} and keyed with {@code --dqs-key}.
   *
   * @throws IllegalArgumentException for an unknown zone id or a malformed key
   */
  DnsblZones chosen() {
    DnsblZones chosen = DnsblZones.defaults();
    if (zones != null && !zones.isEmpty()) {
      chosen = chosen.only(zones);
    }
    return dqsKey == null ? chosen : chosen.withKey(dqsKey);
  }

  /** The ids of the shipped zones, for the help text. */
  static final class ZoneIds implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return DnsblZones.defaults().ids().iterator();
    }
  }
}
