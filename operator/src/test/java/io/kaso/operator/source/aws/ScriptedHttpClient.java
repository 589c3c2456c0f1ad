package io.kaso.operator.source.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client that answers from a queue of canned responses, in order (the last one repeats once the queue is
 * down to it), and records each request with its body. Lets the real SDK clients (signing, retries, error parsing)
 * run without a network.
 */
final class ScriptedHttpClient implements SdkHttpClient {
  record Answer(int status, Map<String, String> headers, String body) {}

  record Recorded(SdkHttpRequest request, String body) {
    String header(String name) {
      return request.firstMatchingHeader(name).orElse(null);
    }
  }

  final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final Deque<Answer> answers = new ArrayDeque<>();

  /** A JSON-protocol answer (SSM, Secrets Manager, KMS). */
  static Answer json(int status, String body) {
    return new Answer(status, Map.of("Content-Type", "application/x-amz-json-1.1", "x-amzn-RequestId", "req-1"), body);
  }

  /** A JSON-protocol error answer: the error type in {@code __type} and in {@code x-amzn-ErrorType}. */
  static Answer jsonError(int status, String type, String message) {
    return new Answer(status, Map.of("Content-Type", "application/x-amz-json-1.1", "x-amzn-RequestId", "req-1",
        "x-amzn-ErrorType", type), "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
  }

  synchronized ScriptedHttpClient then(Answer answer) {
    answers.addLast(answer);
    return this;
  }

  synchronized ScriptedHttpClient then(int times, Answer answer) {
    for (int i = 0; i < times; i++) {
      answers.addLast(answer);
    }
    return this;
  }

  private synchronized Answer next() {
    if (answers.isEmpty()) {
      throw new IllegalStateException("no answer scripted");
    }
    return answers.size() == 1 ? answers.peekFirst() : answers.pollFirst();
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        String body = request.contentStreamProvider().map(p -> read(p.newStream())).orElse("");
        requests.add(new Recorded(request.httpRequest(), body));
        Answer answer = next();
        SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(answer.status());
        answer.headers().forEach(response::putHeader);
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        response.putHeader("Content-Length", String.valueOf(bytes.length));
        return HttpExecuteResponse.builder().response(response.build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes))).build();
      }

      @Override
      public void abort() {}
    };
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String clientName() {
    return "scripted";
  }

  @Override
  public void close() {}
}
