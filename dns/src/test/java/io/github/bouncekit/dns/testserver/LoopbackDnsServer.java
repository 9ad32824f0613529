package io.github.bouncekit.dns.testserver;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A DNS server for tests, inside the test JVM: UDP and TCP on the same ephemeral port of 127.0.0.1,
 * answering from a {@link Zone} (authoritatively: AA=1, and RA=1), and serving the faults the zone
 * asks for. Threads are daemon threads; {@link #close()} stops everything.
 *
 * <pre>{@code
 * try (LoopbackDnsServer dns = LoopbackDnsServer.start(
 *     Zone.builder().add("example.com", "TXT", "v=spf1 -all").build())) {
 *   SimpleResolver r = new SimpleResolver(dns.address());
 *   ...
 * }
 * }</pre>
 */
public final class LoopbackDnsServer implements AutoCloseable {

  /** The largest UDP answer without EDNS (RFC 1035). */
  public static final int CLASSIC_UDP_LIMIT = 512;

  /** The UDP payload size this server advertises in the OPT record of its answers. */
  public static final int SERVER_EDNS_PAYLOAD = 4096;

  private static final int MAX_BIND_ATTEMPTS = 32;
  private static final int MAX_TCP_CONNECTIONS = 64;
  private static final int MAX_QUERIES_PER_CONNECTION = 100_000;
  private static final int TCP_IDLE_TIMEOUT_MILLIS = 60_000;
  private static final int MAX_CONSECUTIVE_UDP_ERRORS = 100;
  private static final int MAX_CONSECUTIVE_ACCEPT_ERRORS = 100;
  private static final int MAX_LOGGED_QUERIES = 100_000;

  private static final InetAddress LOOPBACK = loopback();

  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final InetSocketAddress address;
  private volatile Zone zone;
  private volatile boolean closed;

  private final AtomicInteger udpQueries = new AtomicInteger();
  private final AtomicInteger tcpQueries = new AtomicInteger();
  private final List<String> queryLog = new ArrayList<>();
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

  private final ScheduledThreadPoolExecutor scheduler;
  private final ExecutorService connectionPool;
  private final Thread udpThread;
  private final Thread acceptThread;

  private LoopbackDnsServer(DatagramSocket udp, ServerSocket tcp, Zone zone) {
    this.udp = udp;
    this.tcp = tcp;
    this.zone = zone;
    this.address = new InetSocketAddress(LOOPBACK, udp.getLocalPort());
    String tag = "loopback-dns-" + address.getPort();
    this.scheduler = new ScheduledThreadPoolExecutor(2, daemon(tag + "-delay"));
    scheduler.setRemoveOnCancelPolicy(true);
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.connectionPool =
        new ThreadPoolExecutor(
            0,
            MAX_TCP_CONNECTIONS,
            5,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            daemon(tag + "-tcp-conn"));
    this.udpThread = daemon(tag + "-udp").newThread(this::udpLoop);
    this.acceptThread = daemon(tag + "-tcp-accept").newThread(this::acceptLoop);
    udpThread.start();
    acceptThread.start();
  }

  /**
   * Starts a server for {@code zone}: binds UDP on 127.0.0.1 with an ephemeral port, then TCP on
   * the same port (with a new port if TCP cannot have it).
   */
  public static LoopbackDnsServer start(Zone zone) throws IOException {
    Objects.requireNonNull(zone, "zone");
    IOException last = null;
    for (int attempt = 0; attempt < MAX_BIND_ATTEMPTS; attempt++) {
      DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
      ServerSocket tcp = null;
      try {
        tcp = new ServerSocket();
        tcp.setReuseAddress(true);
        tcp.bind(new InetSocketAddress(LOOPBACK, udp.getLocalPort()), 50);
        return new LoopbackDnsServer(udp, tcp, zone);
      } catch (IOException e) {
        last = e;
        udp.close();
        if (tcp != null) {
          tcp.close();
        }
      }
    }
    throw new IOException("could not bind UDP and TCP to one port of 127.0.0.1", last);
  }

  /** 127.0.0.1 and the port of both UDP and TCP. */
  public InetSocketAddress address() {
    return address;
  }

  /**
   * A dnsjava resolver for this server with the given timeout (EDNS as dnsjava's default: a 1280
   * byte UDP payload).
   */
  public SimpleResolver newResolver(Duration timeout) {
    SimpleResolver r = new SimpleResolver(address);
    r.setTimeout(Objects.requireNonNull(timeout, "timeout"));
    return r;
  }

  /** The port of both UDP and TCP. */
  public int port() {
    return address.getPort();
  }

  /** Serves {@code zone} from now on (thread-safe; queries under way finish with either zone). */
  public void setZone(Zone zone) {
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  /** The zone served now. */
  public Zone zone() {
    return zone;
  }

  /** DNS messages received over UDP since start (including malformed ones and ones dropped). */
  public int udpQueries() {
    return udpQueries.get();
  }

  /** DNS messages received over TCP since start (including malformed ones and ones dropped). */
  public int tcpQueries() {
    return tcpQueries.get();
  }

  /**
   * The questions received, in order of arrival, as {@code "name TYPE"}: the name lower-case
   * without the trailing dot ({@code "."} for the root), the type mnemonic as dnsjava writes it
   * ({@code "TXT"}, {@code "SPF"}, {@code "TYPE65280"}). A snapshot; at most 100,000 entries.
   */
  public List<String> queries() {
    synchronized (queryLog) {
      return List.copyOf(queryLog);
    }
  }

  /** Empties the {@link #queries()} log (the counters keep counting). */
  public void clearQueries() {
    synchronized (queryLog) {
      queryLog.clear();
    }
  }

  /**
   * Unexpected failures inside the server (bugs, not client behaviour such as early closes or
   * malformed queries); tests may assert that it stays empty.
   */
  public List<Throwable> errors() {
    return List.copyOf(errors);
  }

  /** Stops the server: closes the sockets, drops pending delayed answers, ends all threads. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    udp.close();
    try {
      tcp.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket s : connections) {
      closeQuietly(s);
    }
    scheduler.shutdownNow();
    connectionPool.shutdownNow();
    join(udpThread);
    join(acceptThread);
    try {
      connectionPool.awaitTermination(1, TimeUnit.SECONDS);
      scheduler.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "LoopbackDnsServer[" + address + (closed ? ", closed" : "") + "]";
  }

  // ---------------------------------------------------------------------------------------------
  // UDP

  private void udpLoop() {
    byte[] buf = new byte[65535];
    int consecutiveErrors = 0;
    while (!closed && consecutiveErrors < MAX_CONSECUTIVE_UDP_ERRORS) {
      DatagramPacket packet = new DatagramPacket(buf, buf.length);
      try {
        udp.receive(packet);
        consecutiveErrors = 0;
      } catch (IOException e) {
        if (!closed) {
          consecutiveErrors++;
        }
        continue;
      }
      udpQueries.incrementAndGet();
      byte[] data =
          Arrays.copyOfRange(
              packet.getData(), packet.getOffset(), packet.getOffset() + packet.getLength());
      SocketAddress client = packet.getSocketAddress();
      try {
        handle(data, false, answer -> sendUdp(answer, client));
      } catch (RuntimeException e) {
        errors.add(e);
      }
    }
    if (!closed) {
      errors.add(new IOException("UDP receive loop stopped after repeated errors"));
    }
  }

  private void sendUdp(byte[] answer, SocketAddress client) {
    if (closed) {
      return;
    }
    try {
      udp.send(new DatagramPacket(answer, answer.length, client));
    } catch (IOException e) {
      // the socket was closed, or the client is gone: nothing to do
    }
  }

  // ---------------------------------------------------------------------------------------------
  // TCP

  private void acceptLoop() {
    int consecutiveErrors = 0;
    while (!closed && consecutiveErrors < MAX_CONSECUTIVE_ACCEPT_ERRORS) {
      Socket s;
      try {
        s = tcp.accept();
        consecutiveErrors = 0;
      } catch (IOException e) {
        consecutiveErrors++;
        continue; // e.g. a connection reset before accept; the loop ends with close()
      }
      if (connections.size() >= MAX_TCP_CONNECTIONS || closed) {
        closeQuietly(s);
        continue;
      }
      connections.add(s);
      try {
        connectionPool.execute(() -> serveConnection(s));
      } catch (RejectedExecutionException e) {
        connections.remove(s);
        closeQuietly(s);
      }
    }
    if (!closed) {
      errors.add(new IOException("TCP accept loop stopped after repeated errors"));
    }
  }

  private void serveConnection(Socket s) {
    try {
      s.setTcpNoDelay(true);
      s.setSoTimeout(TCP_IDLE_TIMEOUT_MILLIS);
      DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
      OutputStream out = s.getOutputStream();
      Object writeLock = new Object();
      for (int n = 0; n < MAX_QUERIES_PER_CONNECTION && !closed; n++) {
        int length;
        try {
          length = in.readUnsignedShort();
        } catch (EOFException | SocketTimeoutException e) {
          return; // the client closed, or went idle
        }
        byte[] data = new byte[length];
        in.readFully(data); // EOFException if the client closes mid-message
        tcpQueries.incrementAndGet();
        try {
          handle(data, true, answer -> sendTcp(out, writeLock, answer));
        } catch (RuntimeException e) {
          errors.add(e);
        }
      }
    } catch (IOException e) {
      // the client closed early, or the server is closing
    } finally {
      connections.remove(s);
      closeQuietly(s);
    }
  }

  private static void sendTcp(OutputStream out, Object writeLock, byte[] answer) {
    byte[] frame = new byte[answer.length + 2];
    frame[0] = (byte) (answer.length >>> 8);
    frame[1] = (byte) answer.length;
    System.arraycopy(answer, 0, frame, 2, answer.length);
    synchronized (writeLock) {
      try {
        out.write(frame);
        out.flush();
      } catch (IOException e) {
        // the client closed early
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Answering

  private void handle(byte[] data, boolean overTcp, Consumer<byte[]> send) {
    Message query;
    try {
      query = new Message(data);
    } catch (IOException | RuntimeException e) {
      byte[] formerr = rawFormerr(data);
      if (formerr != null) {
        send.accept(formerr);
      }
      return;
    }
    Header qh = query.getHeader();
    if (qh.getFlag(Flags.QR)) {
      return; // a response, not a query: never answer those
    }
    List<Record> questions = query.getSection(Section.QUESTION);
    if (questions.size() != 1) {
      send.accept(finish(query, bare(query, Rcode.FORMERR), overTcp, false));
      return;
    }
    Record question = questions.get(0);
    log(question);
    if (qh.getOpcode() != Opcode.QUERY) {
      send.accept(finish(query, bare(query, Rcode.NOTIMP), overTcp, false));
      return;
    }
    int qclass = question.getDClass();
    if (qclass != DClass.IN && qclass != DClass.ANY) {
      send.accept(finish(query, bare(query, Rcode.REFUSED), overTcp, false));
      return;
    }

    Zone.Reply reply = zone.resolve(question.getName(), question.getType());
    if (reply.drop) {
      return; // the client must time out
    }
    Message response = bare(query, reply.rcode);
    for (Record r : reply.answer) {
      response.addRecord(r, Section.ANSWER);
    }
    for (Record r : reply.authority) {
      response.addRecord(r, Section.AUTHORITY);
    }
    byte[] wire = finish(query, response, overTcp, reply.truncateUdp);
    if (reply.delay.isZero()) {
      send.accept(wire);
    } else {
      try {
        scheduler.schedule(() -> send.accept(wire), reply.delay.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        // closing
      }
    }
  }

  /** A response with the query's ID, opcode, RD and question; QR, AA, RA set. */
  private static Message bare(Message query, int rcode) {
    Header qh = query.getHeader();
    Message response = new Message(qh.getID());
    Header h = response.getHeader();
    h.setFlag(Flags.QR);
    h.setFlag(Flags.AA);
    h.setFlag(Flags.RA);
    if (qh.getFlag(Flags.RD)) {
      h.setFlag(Flags.RD);
    }
    if (qh.getFlag(Flags.CD)) {
      h.setFlag(Flags.CD);
    }
    h.setOpcode(qh.getOpcode());
    h.setRcode(rcode);
    for (Record q : query.getSection(Section.QUESTION)) {
      response.addRecord(q, Section.QUESTION);
    }
    return response;
  }

  /**
   * The wire form of {@code response}, with an OPT record if the query had one, truncated (TC=1, no
   * records but the question and OPT) if it is over UDP and too large or {@code truncateUdp}.
   */
  private static byte[] finish(
      Message query, Message response, boolean overTcp, boolean truncateUdp) {
    OPTRecord queryOpt = query.getOPT();
    if (queryOpt != null) {
      response.addRecord(new OPTRecord(SERVER_EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
    }
    byte[] wire = response.toWire();
    if (overTcp) {
      if (wire.length > 0xFFFF) {
        return finishTooLarge(query, queryOpt);
      }
      return wire;
    }
    int limit =
        queryOpt == null
            ? CLASSIC_UDP_LIMIT
            : Math.max(CLASSIC_UDP_LIMIT, Math.min(queryOpt.getPayloadSize(), 65_507));
    if (!truncateUdp && wire.length <= limit) {
      return wire;
    }
    Message truncated = bare(query, response.getHeader().getRcode());
    truncated.getHeader().setFlag(Flags.TC);
    if (queryOpt != null) {
      truncated.addRecord(new OPTRecord(SERVER_EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
    }
    return truncated.toWire();
  }

  private static byte[] finishTooLarge(Message query, OPTRecord queryOpt) {
    Message fail = bare(query, Rcode.SERVFAIL);
    if (queryOpt != null) {
      fail.addRecord(new OPTRecord(SERVER_EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
    }
    return fail.toWire();
  }

  /** FORMERR for bytes that are no DNS message: null if there is no ID or it is a response. */
  private static byte[] rawFormerr(byte[] data) {
    if (data.length < 2) {
      return null;
    }
    int flags1 = data.length > 2 ? data[2] & 0xFF : 0;
    if ((flags1 & 0x80) != 0) {
      return null; // QR set: a response
    }
    byte[] r = new byte[Header.LENGTH];
    r[0] = data[0];
    r[1] = data[1];
    // QR=1, the query's opcode, AA=1, the query's RD
    r[2] = (byte) (0x80 | (flags1 & 0x78) | 0x04 | (flags1 & 0x01));
    // RA=1, RCODE=FORMERR
    r[3] = (byte) (0x80 | Rcode.FORMERR);
    return r;
  }

  private void log(Record question) {
    String entry = Zone.key(question.getName()) + " " + Type.string(question.getType());
    synchronized (queryLog) {
      if (queryLog.size() < MAX_LOGGED_QUERIES) {
        queryLog.add(entry);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static void join(Thread t) {
    try {
      t.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
