package io.github.bouncekit.dns.dnsbl;

import io.github.bouncekit.dns.DnsAnswer;
import io.github.bouncekit.dns.dnsbl.DnsblZone.Matching;
import io.github.bouncekit.dns.dnsbl.ZoneResult.ErrorKind;
import io.github.bouncekit.dns.dnsbl.ZoneResult.Status;
import io.github.bouncekit.dns.internal.IpAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One zone's A answer, read with the zone's table: listed (with meanings), not listed, or an
 * error. Errors win: one error code or one answer outside 127.0.0.0/8 among the records makes the
 * whole answer an error.
 */
record Classified(
    Status status,
    List<String> answers,
    List<String> meanings,
    Optional<ErrorKind> error,
    String detail) {

  static Classified error(ErrorKind kind, String detail) {
    return new Classified(Status.ERROR, List.of(), List.of(), Optional.of(kind), detail);
  }

  static Classified classify(DnsblZone zone, DnsAnswer<InetAddress> answer) {
    if (answer instanceof DnsAnswer.NxDomain) {
      return new Classified(Status.NOT_LISTED, List.of(), List.of(), Optional.empty(), "NXDOMAIN");
    }
    if (answer instanceof DnsAnswer.NoData) {
      return new Classified(
          Status.NOT_LISTED, List.of(), List.of(), Optional.empty(), "no A record (NODATA)");
    }
    if (answer instanceof DnsAnswer.Failure) {
      DnsAnswer.Failure<InetAddress> f = (DnsAnswer.Failure<InetAddress>) answer;
      switch (f.kind()) {
        case TIMEOUT:
          return error(ErrorKind.TIMEOUT, "DNS time-out: " + f.detail());
        case SERVFAIL:
          return error(ErrorKind.SERVFAIL, "SERVFAIL: " + f.detail());
        case REFUSED:
          return error(ErrorKind.REFUSED, "query refused: " + f.detail());
        default:
          return error(ErrorKind.DNS_ERROR, "DNS error: " + f.detail());
      }
    }
    List<String> answers = new ArrayList<>();
    String outside = null;
    String errorAnswer = null;
    Set<String> meanings = new LinkedHashSet<>();
    for (InetAddress a : answer.values()) {
      byte[] b = a.getAddress();
      String text = a.getHostAddress();
      answers.add(text);
      if (b.length != 4 || (b[0] & 0xFF) != 127) {
        if (outside == null) {
          outside = text;
        }
        continue;
      }
      int v = IpAddresses.ipv4Number(b);
      Optional<DnsblZone.ErrorCode> e = zone.error(v);
      if (e.isPresent()) {
        if (errorAnswer == null) {
          errorAnswer = text + ": " + e.get().meaning();
        }
        continue;
      }
      meanings.addAll(meanings(zone, v));
    }
    if (outside != null) {
      return new Classified(
          Status.ERROR,
          answers,
          List.of(),
          Optional.of(ErrorKind.OUTSIDE_LOOPBACK),
          "answer "
              + outside
              + " is outside 127.0.0.0/8: a resolver rewrote NXDOMAIN (ad redirect, captive"
              + " portal); not a listing");
    }
    if (errorAnswer != null) {
      return new Classified(
          Status.ERROR, answers, List.of(), Optional.of(ErrorKind.ERROR_ANSWER), errorAnswer);
    }
    return new Classified(
        Status.LISTED,
        answers,
        List.copyOf(meanings),
        Optional.empty(),
        "listed: " + String.join(", ", answers));
  }

  private static List<String> meanings(DnsblZone zone, int v) {
    List<String> out = new ArrayList<>();
    if (zone.matching() == Matching.EXACT) {
      out.add(
          zone.code(v)
              .map(DnsblZone.ReturnCode::meaning)
              .orElse(IpAddresses.formatIpv4(v) + ": a return code the zone table does not know"));
      return out;
    }
    int octet = v & 0xFF;
    if (octet == 0) {
      out.add(IpAddresses.formatIpv4(v) + ": no bit set");
      return out;
    }
    for (int bit = 1; bit <= 128; bit <<= 1) {
      if ((octet & bit) != 0) {
        int b = bit;
        out.add(
            zone.code(bit)
                .map(DnsblZone.ReturnCode::meaning)
                .orElse("bit " + b + ": not in the zone table"));
      }
    }
    return out;
  }
}
