package io.kaso.operator.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of a server that can go down and come back on the same port: what a client sees when an
 * API server restarts. While down, every connection open is cut and every new one is closed as soon as it is
 * accepted (counted, so a test can wait until the client tried again).
 */
public final class DroppingProxy implements AutoCloseable {
  private final InetSocketAddress target;
  private final ServerSocket listener;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean down;
  private volatile boolean closed;

  public DroppingProxy(int targetPort) throws IOException {
    target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
    listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "dropping-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** The server goes away: open connections are cut, new ones are dropped at once. */
  public void down() {
    down = true;
    for (Socket s : open) {
      closeQuietly(s);
    }
  }

  /** The server is back. */
  public void up() {
    down = false;
  }

  /** Connections dropped since the proxy went down (a reconnecting client's attempts). */
  public long dropped() {
    return dropped.get();
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        continue;
      }
      if (down) {
        dropped.incrementAndGet();
        closeQuietly(client);
        continue;
      }
      try {
        Socket server = new Socket(target.getAddress(), target.getPort());
        open.add(client);
        open.add(server);
        pipe(client, server);
        pipe(server, client);
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  private void pipe(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16384];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // cut: the other direction ends too
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "dropping-proxy-pipe");
    t.setDaemon(true);
    t.start();
  }

  private void closeQuietly(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    down();
    listener.close();
  }
}
