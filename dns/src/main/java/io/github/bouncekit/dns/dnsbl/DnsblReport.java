package io.github.bouncekit.dns.dnsbl;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The outcome of checking one target against a set of zones.
 *
 * @param target what was looked up
 * @param results one result per zone that lists this kind of target, in table order
 * @param skipped the zones not asked because they do not list this kind of target (an IPv6 address
 *     and an IPv4-only list)
 * @param checkedAt when the check started
 * @param elapsed how long it took, at most the check's deadline plus scheduling delay
 */
public record DnsblReport(
    DnsblTarget target,
    List<ZoneResult> results,
    List<DnsblZone> skipped,
    Instant checkedAt,
    Duration elapsed) {

  /** Checks and copies. */
  public DnsblReport {
    Objects.requireNonNull(target, "target must not be null");
    results = List.copyOf(results);
    skipped = List.copyOf(skipped);
    Objects.requireNonNull(checkedAt, "checkedAt must not be null");
    Objects.requireNonNull(elapsed, "elapsed must not be null");
  }

  /** The zones that list the target. */
  public List<ZoneResult> listed() {
    return results.stream()
        .filter(ZoneResult::isListed)
        .collect(Collectors.toUnmodifiableList());
  }

  /** The zones that gave no usable answer. */
  public List<ZoneResult> errors() {
    return results.stream()
        .filter(ZoneResult::isError)
        .collect(Collectors.toUnmodifiableList());
  }

  /** True when at least one zone lists the target. */
  public boolean isListed() {
    return results.stream().anyMatch(ZoneResult::isListed);
  }

  /**
   * True only when every zone asked answered "not listed": no listing and no error. A check with
   * an error is never clean.
   */
  public boolean isClean() {
    return !results.isEmpty()
        && results.stream().allMatch(r -> r.status() == ZoneResult.Status.NOT_LISTED);
  }

  @Override
  public String toString() {
    return target + ": " + listed().size() + " listed, " + errors().size() + " errors of "
        + results.size() + " zones";
  }
}
