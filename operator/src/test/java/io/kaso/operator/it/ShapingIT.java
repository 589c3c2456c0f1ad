package io.kaso.operator.it;

import static io.kaso.operator.testing.Resources.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.kaso.operator.api.v1alpha1.Condition;
import io.kaso.operator.api.v1alpha1.Decoding;
import io.kaso.operator.api.v1alpha1.KeyRewrite;
import io.kaso.operator.api.v1alpha1.KeyStyle;
import io.kaso.operator.api.v1alpha1.ParameterDataFrom;
import io.kaso.operator.api.v1alpha1.ParameterPath;
import io.kaso.operator.api.v1alpha1.ParameterRef;
import io.kaso.operator.api.v1alpha1.SecretDataFrom;
import io.kaso.operator.api.v1alpha1.SecretFind;
import io.kaso.operator.api.v1alpha1.SecretRef;
import io.kaso.operator.testing.OperatorTest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Shaping values (issue 11) through the whole operator against moto: property paths into arrays and JMESPath,
 * Parameter Store dataFrom, decoding Base64URL and Auto, key rewrite. The namespace policy is on (Annotated) and an
 * events queue is polled, so dataFrom parameters are shown to go through both like any parameter.
 */
class ShapingIT extends OperatorTest {
  private static final byte[] BINARY = {(byte) 0xfb, (byte) 0xff, (byte) 0xbf, 0x41, 0x00};
  private static final String USERS = "{\"friends\":[{\"first\":\"Dale\",\"age\":44},{\"first\":\"Roger\",\"age\":68}],"
      + "\"items\":[{\"name\":\"cache\",\"value\":\"c\"},"
      + "{\"name\":\"db\",\"value\":{\"host\": \"db.shop\",  \"port\":5432}}]}";

  private SqsClient sqs;
  private String queueUrl;

  @Override
  protected Map<String, String> settings() {
    sqs = aws.sqs();
    queueUrl = sqs.createQueue(r -> r.queueName("kaso-events")).queueUrl();
    return Map.of("KASO_NAMESPACE_POLICY", "Annotated", "KASO_EVENTS_QUEUE_URL", queueUrl);
  }

  @BeforeEach
  void allowTheShopSources() {
    kube.namespace(NS, Map.of("kaso.io/allowed-sources", "/shop/*,prod/shop/*"));
  }

  @AfterEach
  void closeQueueClient() {
    sqs.close();
  }

  // ---- property paths -------------------------------------------------------------------------------------------

  @Test
  void propertiesReachArrayElementsByDottedPathOrJmesPath() {
    createSecret("prod/shop/users", USERS);
    resources.createSecret(NS, "arrays", s -> s.setData(List.of(
        property("SECOND", "prod/shop/users", "friends.1.first"),
        property("FIRST_AGE", "prod/shop/users", "friends[0].age"),
        property("DB", "prod/shop/users", "items[?name=='db'].value | [0]"),
        property("DB_PORT", "prod/shop/users", "items[?name=='db'].value.port | [0]"),
        property("NAMES", "prod/shop/users", "friends[*].first"))));
    assertThat(awaitSecretData("arrays")).isEqualTo(Map.of("SECOND", "Roger", "FIRST_AGE", "44",
        "DB", "{\"host\": \"db.shop\",  \"port\":5432}", "DB_PORT", "5432", "NAMES", "[\"Dale\",\"Roger\"]"));
  }

  @Test
  void aParameterPropertyReachesArrayElementsToo() {
    aws.putParameter("/shop/prod/users", USERS, ParameterType.STRING);
    ParameterRef dotted = new ParameterRef("/shop/prod/users", "SECOND");
    dotted.setProperty("friends.1.first");
    ParameterRef jmes = new ParameterRef("/shop/prod/users", "CACHE");
    jmes.setProperty("items[?name=='cache'].value | [0]");
    resources.createParameter(NS, "xp-arrays", s -> s.setParameters(List.of(dotted, jmes)));
    assertThat(awaitParameterData("xp-arrays")).isEqualTo(Map.of("SECOND", "Roger", "CACHE", "c"));
  }

  @Test
  void anInvalidExpressionIsInvalidSpecBeforeAnyAwsCall() {
    resources.createSecret(NS, "bad-expr", s -> s.setData(List.of(
        property("DB_HOST", "prod/shop/users", "items[?name=='db'"))));
    Condition c = awaitSecretFailed("bad-expr", "InvalidSpec");
    assertThat(c.getMessage()).contains("DB_HOST").contains("items[?name=='db'").contains("JMESPath");
    assertThat(operator.calls().count("BatchGetSecretValue") + operator.calls().count("GetSecretValue")).isZero();
    assertThat(resources.secret(NS, "bad-expr")).isNull();
  }

  @Test
  void aMissingElementIsSourceNotFoundNamingKeyAndPropertyNotTheValue() {
    createSecret("prod/shop/users", USERS);
    resources.createSecret(NS, "missing", s -> s.setData(List.of(property("THIRD", "prod/shop/users",
        "friends.2.first"))));
    Condition c = awaitSecretFailed("missing", "SourceNotFound");
    assertThat(c.getMessage()).contains("THIRD").contains("friends.2.first").contains("prod/shop/users")
        .doesNotContain("Roger").doesNotContain("db.shop");
  }

  // ---- Parameter Store dataFrom ---------------------------------------------------------------------------------

  @Test
  void dataFromSplitsAJsonParameterIntoKeysWithAPrefixAVersionOrALabelInOneBatch() {
    aws.putParameter("/shop/prod/db-json", "{\"user\":\"old\"}", ParameterType.SECURE_STRING);
    aws.putParameter("/shop/prod/db-json", "{\"user\":\"shop\",\"port\":5432,\"tls\":{\"mode\": \"full\"}}",
        ParameterType.SECURE_STRING);
    aws.putParameter("/shop/prod/flag", "on", ParameterType.STRING);
    try (var ssm = aws.ssm()) {
      ssm.labelParameterVersion(r -> r.name("/shop/prod/db-json").parameterVersion(1L).labels("stable"));
    }
    ParameterDataFrom latest = new ParameterDataFrom("/shop/prod/db-json");
    latest.setKeyPrefix("DB_");
    ParameterDataFrom stable = new ParameterDataFrom("/shop/prod/db-json");
    stable.setLabel("stable");
    stable.setKeyPrefix("STABLE_");
    ParameterDataFrom first = new ParameterDataFrom("/shop/prod/db-json");
    first.setVersion(1L);
    first.setKeyPrefix("V1_");
    resources.createParameter(NS, "db", s -> {
      s.setParameters(List.of(new ParameterRef("/shop/prod/flag", "FLAG")));
      s.setDataFrom(List.of(latest, stable, first));
    });
    assertThat(awaitParameterData("db")).isEqualTo(Map.of("FLAG", "on", "DB_user", "shop", "DB_port", "5432",
        "DB_tls", "{\"mode\": \"full\"}", "STABLE_user", "old", "V1_user", "old"));
    // Batched with the parameters entries: two selectors of one name never share a call (SsmParameterStore), so
    // three rounds for three selectors of db-json, the flag riding in the first.
    assertThat(operator.calls().count("GetParameters")).isEqualTo(3);
    assertThat(resources.parameterReady(NS, "db").orElseThrow().getMessage())
        .isEqualTo("6 keys from 2 parameters");
  }

  @Test
  void aDataFromParameterThatIsNotAJsonObjectIsInvalidSpecWithoutItsValue() {
    aws.putParameter("/shop/prod/plain", "s3cr3t-plain", ParameterType.SECURE_STRING);
    resources.createParameter(NS, "plain", s -> s.setDataFrom(List.of(new ParameterDataFrom("/shop/prod/plain"))));
    Condition c = awaitParameterFailed("plain", "InvalidSpec");
    assertThat(c.getMessage()).contains("/shop/prod/plain").contains("cannot be split into keys")
        .doesNotContain("s3cr3t");
  }

  @Test
  void theNamespacePolicyCoversDataFromParameters() {
    resources.createParameter(NS, "elsewhere", s -> s.setDataFrom(List.of(new ParameterDataFrom("/billing/db"))));
    Condition c = awaitParameterFailed("elsewhere", "Forbidden");
    assertThat(c.getMessage()).contains("/billing/db");
    assertThat(operator.calls().count("GetParameters") + operator.calls().count("GetParameter")).isZero();
  }

  @Test
  void aChangeEventForADataFromParameterResyncsIt() {
    aws.putParameter("/shop/prod/db-json", "{\"password\":\"v1\"}", ParameterType.SECURE_STRING);
    resources.createParameter(NS, "evented", s -> {
      s.setRefreshInterval("1h");
      s.setDataFrom(List.of(new ParameterDataFrom("/shop/prod/db-json")));
    });
    assertThat(awaitParameterData("evented")).containsEntry("password", "v1");
    aws.putParameter("/shop/prod/db-json", "{\"password\":\"v2\"}", ParameterType.SECURE_STRING);
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("{\"version\":\"0\",\"detail-type\":"
        + "\"Parameter Store Change\",\"source\":\"aws.ssm\",\"time\":\"" + Instant.now()
        + "\",\"detail\":{\"name\":\"/shop/prod/db-json\",\"type\":\"SecureString\",\"operation\":\"Update\"}}"));
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "evented")).containsEntry("password", "v2"));
  }

  // ---- decoding -------------------------------------------------------------------------------------------------

  @Test
  void decodesBase64UrlAndAutoOnDataAndDataFrom() {
    createSecret("prod/shop/cert", Base64.getUrlEncoder().withoutPadding().encodeToString(BINARY));
    createSecret("prod/shop/token", Base64.getEncoder().encodeToString("hello".getBytes()) + "\n");
    createSecret("prod/shop/plain", "not base64!");
    createSecret("prod/shop/db", "{\"user\":\"c2hvcA==\",\"note\":\"plain text\"}");
    SecretDataFrom db = new SecretDataFrom();
    db.setSecretId("prod/shop/db");
    db.setKeyPrefix("DB_");
    db.setDecoding(Decoding.Auto);
    resources.createSecret(NS, "decoded", s -> {
      s.setData(List.of(decoding("CERT", "prod/shop/cert", Decoding.Base64URL),
          decoding("CERT_AUTO", "prod/shop/cert", Decoding.Auto), decoding("TOKEN", "prod/shop/token", Decoding.Auto),
          decoding("PLAIN", "prod/shop/plain", Decoding.Auto)));
      s.setDataFrom(List.of(db));
    });
    awaitSecretData("decoded");
    Map<String, byte[]> bytes = bytes("decoded");
    assertThat(bytes.get("CERT")).isEqualTo(BINARY);
    assertThat(bytes.get("CERT_AUTO")).isEqualTo(BINARY);
    assertThat(resources.data(NS, "decoded")).containsEntry("TOKEN", "hello").containsEntry("PLAIN", "not base64!")
        .containsEntry("DB_user", "shop").containsEntry("DB_note", "plain text");
  }

  @Test
  void decodesParametersAndParameterDataFrom() {
    aws.putParameter("/shop/prod/cert", Base64.getUrlEncoder().encodeToString(BINARY), ParameterType.SECURE_STRING);
    aws.putParameter("/shop/prod/db-json", "{\"user\":\"c2hvcA\",\"note\":\"plain\"}", ParameterType.STRING);
    ParameterRef cert = new ParameterRef("/shop/prod/cert", "CERT");
    cert.setDecoding(Decoding.Base64URL);
    ParameterDataFrom db = new ParameterDataFrom("/shop/prod/db-json");
    db.setDecoding(Decoding.Auto);
    resources.createParameter(NS, "xp-decoded", s -> {
      s.setParameters(List.of(cert));
      s.setDataFrom(List.of(db));
    });
    assertThat(awaitParameterData("xp-decoded")).containsEntry("user", "shop").containsEntry("note", "plain");
    assertThat(bytes("xp-decoded").get("CERT")).isEqualTo(BINARY);
  }

  @Test
  void textThatIsNotBase64UrlFailsTheSyncWithoutTheValue() {
    createSecret("prod/shop/token", "s3cr3t+not/url");
    resources.createSecret(NS, "bad-b64", s -> s.setData(List.of(
        decoding("TOKEN", "prod/shop/token", Decoding.Base64URL))));
    Condition c = awaitSecretFailed("bad-b64", "SyncFailed");
    assertThat(c.getMessage()).contains("prod/shop/token").contains("Base64URL").doesNotContain("s3cr3t");
  }

  // ---- rewrite --------------------------------------------------------------------------------------------------

  @Test
  void rewritesKeysOfDataFromSecretsAndFindsAfterKeyStyleBeforeThePrefixAndDecodesWhatAFindFinds() {
    createSecret("prod/shop/db", "{\"DB_USER\":\"u\",\"DB_PASSWORD\":\"p\",\"port\":\"1\"}");
    createSecret("prod/shop/app/db/password", "cHc="); // base64 of pw
    createSecret("prod/shop/app/api", "a");
    SecretDataFrom whole = new SecretDataFrom();
    whole.setSecretId("prod/shop/db");
    whole.setRewrite(List.of(new KeyRewrite("^DB_(.*)", "DATABASE_$1"), new KeyRewrite("^port$", "DATABASE_PORT")));
    whole.setKeyPrefix("X_");
    SecretDataFrom find = new SecretDataFrom();
    SecretFind f = new SecretFind();
    f.setNamePrefix("prod/shop/app/");
    find.setFind(f);
    find.setKeyStyle(KeyStyle.EnvVar);
    find.setRewrite(List.of(new KeyRewrite("^DB_", "DATABASE_")));
    find.setDecoding(Decoding.Auto);
    resources.createSecret(NS, "rewritten", s -> s.setDataFrom(List.of(whole, find)));
    assertThat(awaitSecretData("rewritten")).isEqualTo(Map.of("X_DATABASE_USER", "u", "X_DATABASE_PASSWORD", "p",
        "X_DATABASE_PORT", "1", "DATABASE_PASSWORD", "pw", "API", "a"));
  }

  @Test
  void rewritesKeysOfPathsAndParameterDataFrom() {
    aws.putParameter("/shop/prod/db/password", "pw", ParameterType.SECURE_STRING);
    aws.putParameter("/shop/prod/api-key", "k", ParameterType.STRING);
    aws.putParameter("/shop/cfg/db-json", "{\"host\":\"h\"}", ParameterType.STRING);
    ParameterPath path = new ParameterPath("/shop/prod/");
    path.setRewrite(List.of(new KeyRewrite("^DB_(.*)", "DATABASE_$1")));
    ParameterDataFrom db = new ParameterDataFrom("/shop/cfg/db-json");
    db.setRewrite(List.of(new KeyRewrite("^(.*)$", "DATABASE_${1}")));
    db.setKeyPrefix("CFG_");
    resources.createParameter(NS, "xp-rewritten", s -> {
      s.setPaths(List.of(path));
      s.setDataFrom(List.of(db));
    });
    assertThat(awaitParameterData("xp-rewritten")).isEqualTo(Map.of("DATABASE_PASSWORD", "pw", "API_KEY", "k",
        "CFG_DATABASE_host", "h"));
  }

  @Test
  void anInvalidRewriteIsInvalidSpecAndACollisionAfterRewriteIsKeyCollision() {
    aws.putParameter("/shop/prod/db/password", "pw", ParameterType.SECURE_STRING);
    aws.putParameter("/shop/prod/db/user", "u", ParameterType.STRING);
    ParameterPath bad = new ParameterPath("/shop/prod/");
    bad.setRewrite(List.of(new KeyRewrite("^DB_(", "X")));
    resources.createParameter(NS, "bad-regexp", s -> s.setPaths(List.of(bad)));
    ParameterPath empty = new ParameterPath("/shop/prod/");
    empty.setRewrite(List.of(new KeyRewrite("^DB_USER$", "")));
    resources.createParameter(NS, "empty-key", s -> s.setPaths(List.of(empty)));
    ParameterPath same = new ParameterPath("/shop/prod/");
    same.setRewrite(List.of(new KeyRewrite("^DB_.*", "DB")));
    resources.createParameter(NS, "collide", s -> s.setPaths(List.of(same)));

    assertThat(awaitParameterFailed("bad-regexp", "InvalidSpec").getMessage())
        .contains("paths[/shop/prod/].rewrite[0].regexp.source").contains("^DB_(");
    assertThat(awaitParameterFailed("empty-key", "InvalidSpec").getMessage())
        .contains("DB_USER").contains("not a valid Secret key");
    assertThat(awaitParameterFailed("collide", "KeyCollision").getMessage()).contains("key DB ");
    assertThat(resources.secret(NS, "bad-regexp")).isNull();
    assertThat(resources.secret(NS, "collide")).isNull();
  }

  // ---- helpers --------------------------------------------------------------------------------------------------

  private void createSecret(String name, String value) {
    try (var sm = aws.secretsManager()) {
      sm.createSecret(r -> r.name(name).secretString(value));
    }
  }

  private static SecretRef property(String key, String secretId, String property) {
    SecretRef r = new SecretRef(key, secretId);
    r.setProperty(property);
    return r;
  }

  private static SecretRef decoding(String key, String secretId, Decoding decoding) {
    SecretRef r = new SecretRef(key, secretId);
    r.setDecoding(decoding);
    return r;
  }

  private Map<String, byte[]> bytes(String secret) {
    return resources.secret(NS, secret).getData().entrySet().stream().collect(Collectors.toMap(
        Map.Entry::getKey, e -> Base64.getDecoder().decode(e.getValue())));
  }

  private Map<String, String> awaitSecretData(String name) {
    eventually().untilAsserted(() -> assertThat(resources.secretReady(NS, name))
        .hasValueSatisfying(c -> assertThat(c.getStatus()).as(c.toString()).isEqualTo("True")));
    return resources.data(NS, name);
  }

  private Map<String, String> awaitParameterData(String name) {
    eventually().untilAsserted(() -> assertThat(resources.parameterReady(NS, name))
        .hasValueSatisfying(c -> assertThat(c.getStatus()).as(c.toString()).isEqualTo("True")));
    return resources.data(NS, name);
  }

  private Condition awaitSecretFailed(String name, String reason) {
    return awaitFailed(name, reason, n -> resources.secretReady(NS, n).orElse(null));
  }

  private Condition awaitParameterFailed(String name, String reason) {
    return awaitFailed(name, reason, n -> resources.parameterReady(NS, n).orElse(null));
  }

  private static Condition awaitFailed(String name, String reason, Function<String, Condition> ready) {
    eventually().untilAsserted(() -> assertThat(ready.apply(name)).isNotNull()
        .satisfies(c -> assertThat(c.getReason()).as(c.toString()).isEqualTo(reason)));
    Condition c = ready.apply(name);
    assertThat(c.getStatus()).isEqualTo("False");
    return c;
  }
}
