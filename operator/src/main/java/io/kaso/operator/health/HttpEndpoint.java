package io.kaso.operator.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A tiny HTTP server for GET endpoints (metrics and probes), no framework. A few daemon threads serve requests, and
 * a request that is not read or answered in time is cut off, so a slow or idle client cannot keep a probe waiting.
 */
public final class HttpEndpoint implements AutoCloseable {
  /** Requests served at once; more wait in the queue. */
  static final int THREADS = 4;
  /** Seconds a client may take to send its request, and the server to send the answer (JDK server settings). */
  static final String REQUEST_SECONDS = "10";

  static {
    // The JDK's HttpServer reads these once, when it is first used; without them a client that sends half a
    // request holds a serving thread for ever. A value set on the command line wins.
    if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
      System.setProperty("sun.net.httpserver.maxReqTime", REQUEST_SECONDS);
    }
    if (System.getProperty("sun.net.httpserver.maxRspTime") == null) {
      System.setProperty("sun.net.httpserver.maxRspTime", REQUEST_SECONDS);
    }
  }

  /** A response: status, content type, body. */
  public record Response(int status, String contentType, String body) {
    public static Response text(int status, String body) {
      return new Response(status, "text/plain; charset=utf-8", body);
    }
  }

  private final HttpServer server;

  /**
   * Starts serving.
   *
   * @param port 0 for any free port
   * @param routes path to response
   */
  public HttpEndpoint(String host, int port, Map<String, Supplier<Response>> routes) throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, port), 16);
    routes.forEach((path, handler) -> server.createContext(path, exchange -> answer(exchange, path, handler)));
    AtomicInteger threads = new AtomicInteger();
    server.setExecutor(Executors.newFixedThreadPool(THREADS, r -> {
      Thread t = new Thread(r, "kaso-http-" + port + "-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void answer(HttpExchange exchange, String path, Supplier<Response> handler) throws IOException {
    try (exchange) {
      if (!path.equals(exchange.getRequestURI().getPath())) {
        send(exchange, Response.text(404, "not found\n"));
      } else if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
        send(exchange, Response.text(405, "method not allowed\n"));
      } else {
        Response response;
        try {
          response = handler.get();
        } catch (Throwable e) {
          // Whatever a handler throws is this request's 500; the server and its threads go on.
          response = Response.text(500, "error: " + e.getClass().getSimpleName() + "\n");
        }
        send(exchange, response);
      }
    }
  }

  private static void send(HttpExchange exchange, Response response) throws IOException {
    byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }
}
