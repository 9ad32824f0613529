package io.github.bouncekit;

import io.github.bouncekit.internal.Ids;
import java.util.Optional;

/**
 * Why a receiving server refused or deferred a message. Stable: the names and their lower-case ids
 * ({@link #id()}, used in JSON and in rule tables) do not change between releases.
 */
public enum Cause {
  /** The mailbox or address does not exist. */
  USER_UNKNOWN(Group.RECIPIENT, Permanence.PERMANENT),
  /** The mailbox exists but is disabled, inactive, suspended or moved. */
  MAILBOX_DISABLED(Group.RECIPIENT, Permanence.PERMANENT),
  /** The mailbox is over its quota. */
  MAILBOX_FULL(Group.RECIPIENT, Permanence.TRANSIENT),
  /** The recipient domain does not exist, has no (or a null) MX, or accepts no mail. */
  DOMAIN_INVALID(Group.RECIPIENT, Permanence.PERMANENT),
  /** The message, an attachment or the headers are over a size or count limit. */
  MESSAGE_TOO_LARGE(Group.CONTENT, Permanence.PERMANENT),
  /** The content (text, links, phishing) was classified as spam. */
  SPAM_CONTENT(Group.CONTENT, Permanence.PERMANENT),
  /** A virus or a dangerous attachment was found. */
  VIRUS_MALWARE(Group.CONTENT, Permanence.PERMANENT),
  /** A content or format policy of the receiver (not spam scoring). */
  POLICY_VIOLATION(Group.CONTENT, Permanence.PERMANENT),
  /** The message breaks RFC 5322 or MIME (duplicate headers, no Message-ID, bare LF...). */
  NOT_RFC_COMPLIANT(Group.CONTENT, Permanence.PERMANENT),
  /** The sending IP or domain is on a DNS blocklist or a provider's own block list. */
  BLOCKLISTED(Group.REPUTATION, Permanence.PERMANENT),
  /** A reputation-based throttle or block without a delisting path. */
  LOW_REPUTATION(Group.REPUTATION, Permanence.TRANSIENT),
  /** The recipient user or organisation refuses this sender. */
  RECIPIENT_BLOCKED_SENDER(Group.REPUTATION, Permanence.PERMANENT),
  /** Blocked, access denied or policy, with no determinable reason. */
  BLOCKED_UNSPECIFIED(Group.REPUTATION, Permanence.PERMANENT),
  /** SPF failed, or the SPF record is broken. */
  AUTH_SPF(Group.AUTHENTICATION, Permanence.PERMANENT),
  /** DKIM signature missing or invalid. */
  AUTH_DKIM(Group.AUTHENTICATION, Permanence.PERMANENT),
  /** DMARC policy rejection, missing DMARC record, or From alignment. */
  AUTH_DMARC(Group.AUTHENTICATION, Permanence.PERMANENT),
  /** Not authenticated in general: neither SPF nor DKIM passes, or a required level is unmet. */
  AUTH_UNAUTHENTICATED(Group.AUTHENTICATION, Permanence.PERMANENT),
  /** No PTR record, forward-confirmed reverse DNS mismatch, or a generic-looking rDNS name. */
  MISSING_PTR(Group.AUTHENTICATION, Permanence.PERMANENT),
  /** Too many messages, connections or recipients; a sending quota. */
  RATE_LIMITED(Group.THROUGHPUT, Permanence.TRANSIENT),
  /** Greylisting: retry later and it will be accepted. */
  GREYLISTED(Group.THROUGHPUT, Permanence.TRANSIENT),
  /** The server will not relay for this sender and recipient. */
  RELAY_DENIED(Group.SENDER_SETUP, Permanence.PERMANENT),
  /** The envelope or header sender address or domain is invalid or unverified. */
  SENDER_INVALID(Group.SENDER_SETUP, Permanence.PERMANENT),
  /** The sender's own account, tenant or identity is blocked or suspended on its platform. */
  SENDER_ACCOUNT_RESTRICTED(Group.SENDER_SETUP, Permanence.PERMANENT),
  /** TLS required, SMTP AUTH required or failed, DANE. */
  TLS_OR_AUTH_REQUIRED(Group.SENDER_SETUP, Permanence.PERMANENT),
  /** SMTP syntax or sequence errors, bad HELO, IPv6 not accepted. */
  PROTOCOL_ERROR(Group.SENDER_SETUP, Permanence.PERMANENT),
  /** The receiver or the route failed: busy, timeout, disk full, loop. */
  SYSTEM_ERROR(Group.INFRASTRUCTURE, Permanence.TRANSIENT),
  /** The network failed: connection refused or timed out, DNS failure. */
  NETWORK_ERROR(Group.INFRASTRUCTURE, Permanence.TRANSIENT),
  /** The sending side gave up after retrying for its whole queue lifetime. */
  EXPIRED(Group.INFRASTRUCTURE, Permanence.TRANSIENT),
  /** No rule explains the reply. */
  UNKNOWN(Group.UNKNOWN, Permanence.UNKNOWN);

  /** The groups causes are reported in. */
  public enum Group {
    /** Something about the recipient's address or mailbox. */
    RECIPIENT,
    /** Something about the message. */
    CONTENT,
    /** The sender's reputation or a block. */
    REPUTATION,
    /** SPF, DKIM, DMARC, reverse DNS. */
    AUTHENTICATION,
    /** Volume and speed. */
    THROUGHPUT,
    /** The sender's own set-up. */
    SENDER_SETUP,
    /** Servers and networks. */
    INFRASTRUCTURE,
    /** Not known. */
    UNKNOWN
  }

  private final Group group;
  private final Permanence uncodedPermanence;

  Cause(Group group, Permanence uncodedPermanence) {
    this.group = group;
    this.uncodedPermanence = uncodedPermanence;
  }

  /** The group this cause is reported in. */
  public Group group() {
    return group;
  }

  /** The permanence this cause has when the reply carries no code to say otherwise. */
  public Permanence defaultPermanence() {
    return uncodedPermanence;
  }

  /** The lower-case id used in JSON and rule tables, such as {@code auth_dmarc}. */
  public String id() {
    return Ids.id(this);
  }

  /**
   * The cause with a lower-case (or upper-case) id.
   *
   * @param id such as {@code auth_dmarc}
   * @return the cause, or empty when no cause has that id
   */
  public static Optional<Cause> fromId(String id) {
    return Ids.fromId(Cause.class, id);
  }
}
