package io.github.bouncekit;

import java.util.List;

/**
 * Facts found in a reply, each list in text order without duplicates. The classifier reports at
 * most {@link #MAX_PER_KIND} of each kind (the first ones in the text).
 *
 * @param ipAddresses IPv4 and IPv6 addresses ({@code 192.0.2.1}, {@code 2001:db8::1})
 * @param hostNames host names in brackets or named as the replying host
 * @param blocklists blocklists named ({@code Spamhaus}, {@code Barracuda}, {@code
 *     zen.spamhaus.org})
 * @param providerCodes provider codes ({@code S3150}, {@code TSS04}, {@code BL21}, {@code
 *     RP-001}, {@code AUP#CDRBL}, {@code OFR_416})
 * @param urls http and https URLs
 */
public record Facts(
    List<String> ipAddresses,
    List<String> hostNames,
    List<String> blocklists,
    List<String> providerCodes,
    List<String> urls) {

  /** The most facts of one kind the classifier reports for a reply. */
  public static final int MAX_PER_KIND = 64;

  private static final Facts NONE = new Facts(List.of(), List.of(), List.of(), List.of(), List.of());

  /** Copies the lists. */
  public Facts {
    ipAddresses = List.copyOf(ipAddresses);
    hostNames = List.copyOf(hostNames);
    blocklists = List.copyOf(blocklists);
    providerCodes = List.copyOf(providerCodes);
    urls = List.copyOf(urls);
  }

  /** No facts. */
  public static Facts none() {
    return NONE;
  }

  /** True when every list is empty. */
  public boolean isEmpty() {
    return ipAddresses.isEmpty()
        && hostNames.isEmpty()
        && blocklists.isEmpty()
        && providerCodes.isEmpty()
        && urls.isEmpty();
  }
}
