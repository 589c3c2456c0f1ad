package io.kaso.operator.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaso.operator.health.HttpEndpoint.Response;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The probes' server: slow, idle or half-sent requests and failing handlers never keep /healthz from answering. */
class HttpEndpointTest {
  /** Only bounds a test that would otherwise hang; no assertion is about time. */
  private static final Duration GIVE_UP = Duration.ofSeconds(30);

  private final CountDownLatch slowStarted = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  @Test
  void aRequestStillBeingServedDoesNotBlockHealthz() throws Exception {
    try (HttpEndpoint endpoint = endpoint()) {
      HttpClient http = HttpClient.newHttpClient();
      var slow = http.sendAsync(get(endpoint, "/slow"), HttpResponse.BodyHandlers.ofString());
      assertThat(slowStarted.await(GIVE_UP.toSeconds(), TimeUnit.SECONDS)).isTrue();

      assertThat(http.send(get(endpoint, "/healthz"), HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);

      release.countDown();
      assertThat(slow.get(GIVE_UP.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void idleAndHalfSentConnectionsDoNotBlockHealthz() throws Exception {
    try (HttpEndpoint endpoint = endpoint();
        Socket idle = new Socket("127.0.0.1", endpoint.port());
        Socket half = new Socket("127.0.0.1", endpoint.port())) {
      OutputStream out = half.getOutputStream();
      out.write("GET /healthz HTTP/1.1\r\nHost: kaso\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();

      HttpResponse<String> r = HttpClient.newHttpClient().send(get(endpoint, "/healthz"),
          HttpResponse.BodyHandlers.ofString());

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(idle.isConnected()).isTrue();
    }
  }

  @Test
  void aHandlerThatThrowsAnErrorIsA500AndTheServerGoesOn() throws Exception {
    try (HttpEndpoint endpoint = endpoint()) {
      HttpClient http = HttpClient.newHttpClient();
      for (int i = 0; i < HttpEndpoint.THREADS + 1; i++) {
        assertThat(http.send(get(endpoint, "/broken"), HttpResponse.BodyHandlers.ofString()).statusCode())
            .isEqualTo(500);
      }
      assertThat(http.send(get(endpoint, "/healthz"), HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
    }
  }

  private HttpEndpoint endpoint() throws Exception {
    return new HttpEndpoint("127.0.0.1", 0, Map.of(
        "/healthz", () -> Response.text(200, "ok\n"),
        "/slow", () -> {
          slowStarted.countDown();
          try {
            release.await(GIVE_UP.toSeconds(), TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Response.text(200, "slow\n");
        },
        "/broken", () -> {
          throw new AssertionError("a handler bug");
        }));
  }

  private static HttpRequest get(HttpEndpoint endpoint, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path)).timeout(GIVE_UP).GET()
        .build();
  }
}
