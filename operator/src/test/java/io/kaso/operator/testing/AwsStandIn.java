package io.kaso.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's AWS: Parameter Store and Secrets Manager over their real wire protocol (AWS JSON 1.1), answering
 * the calls Kaso makes, with AWS's default quotas enforced per second (ThrottlingException beyond them) and a fixed
 * latency per call; faults can be switched on for a while (a throttling storm, AWS answering 503). It counts
 * calls and throttles by operation. Not a test double of behaviour: only what the
 * workload reads, with AWS's page sizes.
 */
public final class AwsStandIn implements AutoCloseable {
  /** AWS default quotas (TPS) by quota family. */
  public static final Map<String, Integer> QUOTAS =
      Map.of("ssm", 40, "BatchGetSecretValue", 100, "GetSecretValue", 10_000);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCOUNT = "123456789012";
  private static final String JSON_11 = "application/x-amz-json-1.1";

  private final NavigableMap<String, Stored> parameters = new ConcurrentSkipListMap<>();
  private final Map<String, Stored> secrets = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> throttles = new ConcurrentHashMap<>();
  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
  private final AtomicLong messageIds = new AtomicLong();
  private volatile Duration latency;
  /** Faults the tests switch on and off: the share of calls throttled beyond the quotas, and AWS down (503). */
  private volatile double throttledShare;
  private volatile boolean unavailable;
  private final AtomicLong faulted = new AtomicLong();
  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(128);

  record Stored(String value, long version) {}

  /** Calls of one quota family in the current second. */
  private static final class Window {
    private long second;
    private int used;

    synchronized boolean admit(int quota, long nowSecond) {
      if (nowSecond != second) {
        second = nowSecond;
        used = 0;
      }
      return ++used <= quota;
    }
  }

  public AwsStandIn(Duration latency) throws IOException {
    this.latency = latency;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public void putParameter(String name, String value) {
    parameters.merge(name, new Stored(value, 1), (old, x) -> new Stored(value, old.version() + 1));
  }

  public void putSecret(String name, String value) {
    secrets.merge(name, new Stored(value, 1), (old, x) -> new Stored(value, old.version() + 1));
  }

  /** The URL of the events queue (SQS, AWS JSON 1.0). */
  public String queueUrl() {
    return endpoint() + "/" + ACCOUNT + "/kaso-events";
  }

  /** Puts a message on the events queue, as EventBridge would. */
  public void sendEvent(String body) {
    queue.add(body);
  }

  /** A slower AWS from now on: every call takes this long before it is answered. */
  public void latency(Duration perCall) {
    latency = perCall;
  }

  /** A throttling storm: this share of the calls (0 to 1) is answered ThrottlingException, until set to 0. */
  public void throttle(double share) {
    throttledShare = share;
  }

  /** AWS unreachable: every call is answered 503 ServiceUnavailable, until set to false. */
  public void unavailable(boolean down) {
    unavailable = down;
  }

  /** Calls answered with a fault switched on (a storm's throttle or an outage's 503). */
  public long faulted() {
    return faulted.get();
  }

  /** Calls by operation (throttled ones included). */
  public Map<String, Long> calls() {
    return snapshot(calls);
  }

  public Map<String, Long> throttles() {
    return snapshot(throttles);
  }

  private static Map<String, Long> snapshot(Map<String, AtomicLong> counters) {
    Map<String, Long> out = new TreeMap<>();
    counters.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String operation = target == null ? "unknown" : target.substring(target.indexOf('.') + 1);
      JsonNode request;
      try (InputStream in = exchange.getRequestBody()) {
        request = JSON.readTree(in.readAllBytes());
      }
      if (target != null && target.startsWith("AmazonSQS.")) {
        send(exchange, 200, sqs(operation, request), "application/x-amz-json-1.0");
        return;
      }
      calls.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
      sleep(latency);
      if (unavailable) {
        faulted.incrementAndGet();
        send(exchange, 503, error("ServiceUnavailable", "Service is unavailable"), JSON_11);
        return;
      }
      if (throttledShare > 0 && ThreadLocalRandom.current().nextDouble() < throttledShare) {
        faulted.incrementAndGet();
        throttles.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
        send(exchange, 400, error("ThrottlingException", "Rate exceeded"), JSON_11);
        return;
      }
      String family = operation.startsWith("GetParameter") ? "ssm" : operation;
      Integer quota = QUOTAS.get(family);
      if (quota != null && !windows.computeIfAbsent(family, k -> new Window())
          .admit(quota, System.currentTimeMillis() / 1000)) {
        throttles.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
        send(exchange, 400, error("ThrottlingException", "Rate exceeded"), JSON_11);
        return;
      }
      ObjectNode answer = switch (operation) {
        case "GetParametersByPath" -> byPath(request);
        case "GetParameters" -> byNames(request);
        case "BatchGetSecretValue" -> batchGet(request);
        case "GetSecretValue" -> getSecret(request);
        default -> null;
      };
      if (answer == null) {
        send(exchange, 400, error("UnknownOperationException", "not served by the benchmark: " + operation), JSON_11);
      } else {
        send(exchange, 200, answer, JSON_11);
      }
    }
  }

  private ObjectNode byPath(JsonNode request) {
    String path = request.path("Path").asText();
    String folder = path.endsWith("/") ? path : path + "/";
    boolean recursive = request.path("Recursive").asBoolean(false);
    int max = request.path("MaxResults").asInt(10);
    String after = request.path("NextToken").asText(null);
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("Parameters");
    NavigableMap<String, Stored> below = parameters.subMap(folder, true, folder + Character.MAX_VALUE, false);
    if (after != null) {
      below = below.tailMap(after, false);
    }
    String last = null;
    for (Map.Entry<String, Stored> e : below.entrySet()) {
      if (!recursive && e.getKey().indexOf('/', folder.length()) >= 0) {
        continue;
      }
      if (list.size() == max) {
        out.put("NextToken", last);
        break;
      }
      list.add(parameter(e.getKey(), e.getValue()));
      last = e.getKey();
    }
    return out;
  }

  private ObjectNode byNames(JsonNode request) {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode found = out.putArray("Parameters");
    ArrayNode invalid = out.putArray("InvalidParameters");
    for (JsonNode n : request.path("Names")) {
      Stored s = parameters.get(n.asText());
      if (s == null) {
        invalid.add(n.asText());
      } else {
        found.add(parameter(n.asText(), s));
      }
    }
    return out;
  }

  private ObjectNode batchGet(JsonNode request) {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode values = out.putArray("SecretValues");
    ArrayNode errors = out.putArray("Errors");
    for (JsonNode id : request.path("SecretIdList")) {
      Stored s = secrets.get(id.asText());
      if (s == null) {
        errors.addObject().put("SecretId", id.asText()).put("ErrorCode", "ResourceNotFoundException")
            .put("Message", "Secrets Manager can't find the specified secret.");
      } else {
        values.add(secret(id.asText(), s));
      }
    }
    return out;
  }

  private ObjectNode getSecret(JsonNode request) {
    String id = request.path("SecretId").asText();
    Stored s = secrets.get(id);
    return s == null ? null : secret(id, s);
  }

  private static ObjectNode parameter(String name, Stored s) {
    ObjectNode p = JSON.createObjectNode();
    p.put("Name", name).put("Type", "String").put("Value", s.value()).put("Version", s.version())
        .put("ARN", "arn:aws:ssm:us-east-1:" + ACCOUNT + ":parameter" + name).put("DataType", "text")
        .put("LastModifiedDate", 1.7e9);
    return p;
  }

  private static ObjectNode secret(String name, Stored s) {
    ObjectNode v = JSON.createObjectNode();
    v.put("ARN", "arn:aws:secretsmanager:us-east-1:" + ACCOUNT + ":secret:" + name + "-AbCdEf").put("Name", name)
        .put("VersionId", "v" + s.version()).put("SecretString", s.value()).put("CreatedDate", 1.7e9);
    v.putArray("VersionStages").add("AWSCURRENT");
    return v;
  }

  private static ObjectNode error(String type, String message) {
    ObjectNode e = JSON.createObjectNode();
    e.put("__type", type).put("message", message);
    return e;
  }

  /** The events queue: long polls, deletes; visibility changes are accepted and ignored (nothing is redelivered). */
  private ObjectNode sqs(String operation, JsonNode request) {
    ObjectNode out = JSON.createObjectNode();
    switch (operation) {
      case "ReceiveMessage" -> {
        ArrayNode messages = out.putArray("Messages");
        try {
          String first = queue.poll(request.path("WaitTimeSeconds").asInt(0), TimeUnit.SECONDS);
          List<String> bodies = new ArrayList<>();
          if (first != null) {
            bodies.add(first);
            queue.drainTo(bodies, request.path("MaxNumberOfMessages").asInt(1) - 1);
          }
          for (String body : bodies) {
            String id = Long.toString(messageIds.incrementAndGet());
            messages.addObject().put("MessageId", id).put("ReceiptHandle", id).put("Body", body)
                .put("MD5OfBody", md5(body));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      case "DeleteMessageBatch", "ChangeMessageVisibilityBatch" -> {
        ArrayNode ok = out.putArray("Successful");
        request.path("Entries").forEach(e -> ok.addObject().put("Id", e.path("Id").asText()));
        out.putArray("Failed");
      }
      default -> { }
    }
    return out;
  }

  private static String md5(String body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void send(HttpExchange exchange, int code, ObjectNode body, String contentType)
      throws IOException {
    byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", contentType);
    exchange.getResponseHeaders().add("x-amzn-RequestId", "bench");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
