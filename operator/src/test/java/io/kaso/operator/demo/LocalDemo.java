package io.kaso.operator.demo;

import ch.qos.logback.classic.Level;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kaso.operator.api.v1alpha1.Condition;
import io.kaso.operator.api.v1alpha1.ExternalParameter;
import io.kaso.operator.api.v1alpha1.ExternalSecret;
import io.kaso.operator.testing.Aws;
import io.kaso.operator.testing.KubeApi;
import io.kaso.operator.testing.MotoServer;
import io.kaso.operator.testing.OperatorRun;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The local demo (README quick start): the real operator against an in-memory Kubernetes API and moto, the manifests
 * of examples/ applied, a rotation in AWS delivered as an EventBridge event, and what happens to the Secret and the
 * Deployment, narrated. Run it with {@code ./mvnw -q -Pdemo verify}.
 */
public final class LocalDemo {
  private static final Path ROOT = Path.of(System.getProperty("kaso.repoRoot", ".."));
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String NS = "shop";

  private LocalDemo() {}

  public static void main(String[] args) throws Exception {
    quietLogs();
    int status = 0;
    try {
      run();
    } catch (Exception | AssertionError e) {
      System.out.println();
      System.out.println("The demo failed: " + e.getMessage());
      status = 1;
    } finally {
      MotoServer.stop();
    }
    System.exit(status);
  }

  private static void run() throws Exception {
    say("Kaso local demo: the real operator, an in-memory Kubernetes API, and moto as the local AWS.");
    step("Starting the local AWS (moto) and the in-memory Kubernetes API with Kaso's CRDs");
    URI aws = MotoServer.start();
    Aws emulator = new Aws(aws);
    try (KubeApi kube = new KubeApi()) {
      KubernetesClient client = kube.client();
      step("Seeding AWS with what the examples read");
      String queueUrl = seed(emulator);
      step("Starting the operator (namespace policy Annotated, events from the SQS queue kaso-events)");
      try (OperatorRun operator = OperatorRun.start(kube, aws, Map.of("KASO_NAMESPACE_POLICY", "Annotated",
          "KASO_EVENTS_QUEUE_URL", queueUrl, "KASO_ROLLOUT_RATE", "10"))) {
        step("Applying examples/");
        apply(client, "namespace.yaml", null);
        apply(client, "deployment.yaml", null);
        apply(client, "external-parameter.yaml", null);
        apply(client, "external-secret-db.yaml", null);
        apply(client, "external-secret-kms.yaml", kmsCiphertext(emulator));
        apply(client, "external-secret-registry.yaml", null);

        step("Waiting for the resources to be Ready");
        for (String name : List.of("shop-config")) {
          report("ExternalParameter", name, until(() -> ready(client.resources(ExternalParameter.class)
              .inNamespace(NS).withName(name).get())));
        }
        for (String name : List.of("shop-db", "shop-api-token", "shop-registry")) {
          report("ExternalSecret", name, until(() -> ready(client.resources(ExternalSecret.class).inNamespace(NS)
              .withName(name).get())));
        }
        for (String secret : List.of("shop-config", "shop-db", "shop-api-token", "shop-registry")) {
          say("    Secret " + NS + "/" + secret + ": " + masked(client.secrets().inNamespace(NS).withName(secret).get()));
        }
        say("    Deployment " + NS + "/shop-web: kaso.io/restartedAt = " + restartedAt(client).orElse("(not set)"));

        step("Rotating the database password in AWS; EventBridge delivers the event to the queue");
        String before = hashOf(client, "shop-db");
        try (var sm = emulator.secretsManager()) {
          sm.putSecretValue(r -> r.secretId("prod/shop/db")
              .secretString("{\"username\":\"shop\",\"password\":\"n3w-r0tated\",\"host\":\"db.shop\"}"));
        }
        Instant sent = Instant.now();
        sendRotationEvent(aws, emulator, queueUrl);
        until(() -> before.equals(hashOf(client, "shop-db")) ? null : "changed");
        say("    Secret " + NS + "/shop-db updated " + Duration.between(sent, Instant.now()).toMillis()
            + " ms after the event (refreshInterval is 1h): "
            + masked(client.secrets().inNamespace(NS).withName("shop-db").get()));
        String restarted = until(() -> restartedAt(client).orElse(null));
        say("    Deployment " + NS + "/shop-web: kaso.io/restartedAt = " + restarted
            + " (its pods roll with the new password)");
        say("    AWS calls made: " + operator.calls());
        step("Done: stopping the operator, the API and moto");
      }
    }
  }

  private static String seed(Aws aws) {
    aws.putParameter("/shop/prod/db/user", "shop", ParameterType.STRING);
    aws.putParameter("/shop/prod/db/password", "s3cr3t-from-ssm", ParameterType.SECURE_STRING);
    aws.putParameter("/shop/flags", "{\"checkout\":{\"enabled\":true}}", ParameterType.STRING);
    say("    parameters /shop/prod/db/user, /shop/prod/db/password (SecureString), /shop/flags (JSON)");
    try (var sm = aws.secretsManager()) {
      sm.createSecret(r -> r.name("prod/shop/db")
          .secretString("{\"username\":\"shop\",\"password\":\"first-password\",\"host\":\"db.shop\"}"));
      sm.putSecretValue(r -> r.secretId("prod/shop/db")
          .secretString("{\"username\":\"shop\",\"password\":\"second-password\",\"host\":\"db.shop\"}"));
      sm.createSecret(r -> r.name("prod/shop/registry")
          .secretString("{\"host\":\"registry.shop.example\",\"user\":\"ci-bot\",\"token\":\"pull-token\"}"));
    }
    say("    secret prod/shop/db (JSON, two versions), prod/shop/registry (JSON)");
    try (var sqs = aws.sqs()) {
      String url = sqs.createQueue(r -> r.queueName("kaso-events")).queueUrl();
      say("    SQS queue kaso-events, with an EventBridge rule from examples/events/");
      return url;
    }
  }

  private static String kmsCiphertext(Aws aws) {
    try (var kms = aws.kms()) {
      String keyId = kms.createKey(r -> r.description("shop")).keyMetadata().keyId();
      kms.createAlias(r -> r.aliasName("alias/shop").targetKeyId(keyId));
      byte[] blob = kms.encrypt(r -> r.keyId("alias/shop").encryptionContext(Map.of("app", "shop"))
          .plaintext(SdkBytes.fromUtf8String("demo-api-token"))).ciphertextBlob().asByteArray();
      say("    KMS key alias/shop; the KMS example's ciphertext is re-made with it (moto's keys are its own)");
      return Base64.getEncoder().encodeToString(blob);
    }
  }

  private static void apply(KubernetesClient client, String file, String ciphertext) throws Exception {
    String yaml = Files.readString(ROOT.resolve("examples").resolve(file));
    if (ciphertext != null) {
      yaml = yaml.replaceFirst("ciphertext: \\S+", "ciphertext: " + ciphertext);
    }
    for (HasMetadata item : client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()) {
      client.resource(item).createOr(r -> r.update());
      say("    " + item.getKind() + " " + (item.getMetadata().getNamespace() == null ? ""
          : item.getMetadata().getNamespace() + "/") + item.getMetadata().getName());
    }
  }

  private static void sendRotationEvent(URI endpoint, Aws aws, String queueUrl) throws Exception {
    String pattern = Files.readString(ROOT.resolve("examples/events/eventbridge-rule-secretsmanager.json"));
    try (var sqs = aws.sqs(); EventBridgeClient events = EventBridgeClient.builder().endpointOverride(endpoint)
        .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("demo", "demo"))).httpClient(UrlConnectionHttpClient.create()).build()) {
      String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
          .attributes().get(QueueAttributeName.QUEUE_ARN);
      events.putRule(r -> r.name("kaso-secretsmanager").eventPattern(pattern));
      events.putTargets(r -> r.rule("kaso-secretsmanager").targets(t -> t.id("kaso").arn(queueArn)));
      events.putEvents(r -> r.entries(e -> e.source("aws.secretsmanager").detailType("AWS API Call via CloudTrail")
          .detail("{\"eventSource\":\"secretsmanager.amazonaws.com\",\"eventName\":\"PutSecretValue\","
              + "\"requestParameters\":{\"secretId\":\"prod/shop/db\"}}")));
    }
    say("    PutSecretValue prod/shop/db -> EventBridge rule kaso-secretsmanager -> SQS kaso-events -> Kaso");
  }

  private static String ready(HasMetadata resource) {
    if (resource == null) {
      return null;
    }
    var status = resource instanceof ExternalParameter p ? p.getStatus() : ((ExternalSecret) resource).getStatus();
    Optional<Condition> ready = status == null ? Optional.empty() : status.ready();
    return ready.filter(c -> "True".equals(c.getStatus()))
        .map(c -> "Ready=True  " + c.getReason() + "  \"" + c.getMessage() + "\"").orElse(null);
  }

  private static void report(String kind, String name, String line) {
    say("    " + kind + " " + NS + "/" + name + "  " + line);
  }

  /** Keys with the size of their values: the demo shows what Kaso wrote without printing a secret. */
  private static String masked(Secret secret) {
    Map<String, String> shown = new TreeMap<>();
    secret.getData().forEach((k, v) -> shown.put(k, "<" + Base64.getDecoder().decode(v).length + " bytes>"));
    return shown.toString();
  }

  private static String hashOf(KubernetesClient client, String secret) {
    return client.secrets().inNamespace(NS).withName(secret).get().getMetadata().getAnnotations()
        .get("kaso.io/data-hash");
  }

  private static Optional<String> restartedAt(KubernetesClient client) {
    Deployment d = client.apps().deployments().inNamespace(NS).withName("shop-web").get();
    var meta = d.getSpec().getTemplate().getMetadata();
    return Optional.ofNullable(meta == null || meta.getAnnotations() == null ? null
        : meta.getAnnotations().get("kaso.io/restartedAt"));
  }

  private static <T> T until(Supplier<T> value) throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    while (Instant.now().isBefore(deadline)) {
      T v = value.get();
      if (v != null) {
        return v;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("nothing happened within " + WAIT.toSeconds() + " s");
  }

  /** The narration is the demo's output; the libraries' and the operator's own logs stay out of it. */
  private static void quietLogs() {
    ((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory()).getLoggerList()
        .forEach(l -> l.setLevel(Level.ERROR));
  }

  private static void step(String what) {
    System.out.println();
    System.out.println("==> " + what);
  }

  private static void say(String line) {
    System.out.println(line);
  }
}
