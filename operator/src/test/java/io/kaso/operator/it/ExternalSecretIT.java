package io.kaso.operator.it;

import static io.kaso.operator.testing.Resources.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import io.fabric8.kubernetes.api.model.Secret;
import io.kaso.operator.api.v1alpha1.CiphertextFormat;
import io.kaso.operator.api.v1alpha1.Condition;
import io.kaso.operator.api.v1alpha1.Decoding;
import io.kaso.operator.api.v1alpha1.ExternalSecret;
import io.kaso.operator.api.v1alpha1.KeyStyle;
import io.kaso.operator.api.v1alpha1.KmsValue;
import io.kaso.operator.api.v1alpha1.SecretDataFrom;
import io.kaso.operator.api.v1alpha1.SecretFind;
import io.kaso.operator.api.v1alpha1.SecretRef;
import io.kaso.operator.testing.OperatorTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.Tag;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * ExternalSecret through the whole operator (DESIGN 2.2, 2.3, 2.6, 3): reconciler, core, port, Secrets Manager and
 * KMS adapters, the SDK, moto, the in-memory Kubernetes API.
 */
class ExternalSecretIT extends OperatorTest {
  private SecretsManagerClient sm;
  private KmsClient kms;

  @BeforeEach
  void openClients() {
    sm = aws.secretsManager();
    kms = aws.kms();
  }

  @AfterEach
  void closeClients() {
    sm.close();
    kms.close();
  }

  // --- data ---

  @Test
  void readsASecretByNameByFullArnAndByPartialArn() {
    String arn = createSecret("prod/shop/db-password", "s3cr3t");
    String partialArn = arn.substring(0, arn.length() - 7);
    assertThat(arn).matches(".*:secret:prod/shop/db-password-[A-Za-z0-9]{6}");

    resources.createSecret(NS, "by-id", s -> s.setData(List.of(new SecretRef("BY_NAME", "prod/shop/db-password"),
        new SecretRef("BY_ARN", arn), new SecretRef("BY_PARTIAL_ARN", partialArn))));

    Condition ready = awaitReady("by-id", "True", "Synced");
    assertThat(ready.getMessage()).isEqualTo("3 keys from 1 secret");
    assertThat(resources.data(NS, "by-id")).isEqualTo(Map.of("BY_NAME", "s3cr3t", "BY_ARN", "s3cr3t",
        "BY_PARTIAL_ARN", "s3cr3t"));
    ExternalSecret synced = resources.secretResource(NS, "by-id");
    assertThat(synced.getStatus().getSyncedKeys()).isEqualTo(3);
    assertThat(synced.getStatus().getObservedGeneration()).isEqualTo(synced.getMetadata().getGeneration());
    assertThat(synced.getStatus().getSources()).isNotEmpty()
        .allSatisfy(v -> assertThat(v.getName()).isEqualTo("prod/shop/db-password"));
  }

  @Test
  void takesAStringPropertyAsItIsAndANestedObjectAsItsJsonText() {
    createSecret("prod/shop/db", "{\"user\":\"shop\",\"password\":\"pw\\\"1\","
        + "\"conn\":{\"host\":\"db.shop\",\"port\":5432, \"tls\":{\"mode\":\"verify-full\"}}}");

    resources.createSecret(NS, "props", s -> s.setData(List.of(
        property("DB_USER", "prod/shop/db", "user"),
        property("DB_PASSWORD", "prod/shop/db", "password"),
        property("DB_HOST", "prod/shop/db", "conn.host"),
        property("DB_PORT", "prod/shop/db", "conn.port"),
        property("DB_TLS_MODE", "prod/shop/db", "conn.tls.mode"),
        property("DB_CONN", "prod/shop/db", "conn"))));

    Condition ready = awaitReady("props", "True", "Synced");
    assertThat(ready.getMessage()).isEqualTo("6 keys from 1 secret");
    assertThat(resources.data(NS, "props")).isEqualTo(Map.of(
        "DB_USER", "shop",
        "DB_PASSWORD", "pw\"1",
        "DB_HOST", "db.shop",
        "DB_PORT", "5432",
        "DB_TLS_MODE", "verify-full",
        "DB_CONN", "{\"host\":\"db.shop\",\"port\":5432, \"tls\":{\"mode\":\"verify-full\"}}"));
    // One secret, read once, however many properties are taken from it.
    assertThat(operator.calls().count("BatchGetSecretValue")).isEqualTo(1);
  }

  @Test
  void readsThePreviousStageAndAnOlderVersionById() {
    String v1 = "11111111-1111-4111-8111-111111111111";
    sm.createSecret(r -> r.name("prod/shop/api-key").secretString("one").clientRequestToken(v1));
    sm.putSecretValue(r -> r.secretId("prod/shop/api-key").secretString("two")
        .clientRequestToken("22222222-2222-4222-8222-222222222222"));
    sm.putSecretValue(r -> r.secretId("prod/shop/api-key").secretString("three")
        .clientRequestToken("33333333-3333-4333-8333-333333333333"));

    resources.createSecret(NS, "versions", s -> {
      SecretRef previous = new SecretRef("PREVIOUS", "prod/shop/api-key");
      previous.setVersionStage("AWSPREVIOUS");
      SecretRef first = new SecretRef("FIRST", "prod/shop/api-key");
      first.setVersionId(v1);
      SecretRef current = new SecretRef("CURRENT", "prod/shop/api-key");
      current.setVersionStage("AWSCURRENT");
      s.setData(List.of(current, previous, first));
    });

    Condition ready = awaitReady("versions", "True", "Synced");
    assertThat(ready.getMessage()).isEqualTo("3 keys from 1 secret");
    assertThat(resources.data(NS, "versions")).isEqualTo(Map.of("CURRENT", "three", "PREVIOUS", "two",
        "FIRST", "one"));
    // The current version comes with the batch; other stages and versions need GetSecretValue.
    assertThat(operator.calls().count("BatchGetSecretValue")).isEqualTo(1);
    assertThat(operator.calls().count("GetSecretValue")).isEqualTo(2);
    assertThat(resources.secretResource(NS, "versions").getStatus().getSources()).hasSize(3)
        .extracting(v -> v.getName()).containsOnly("prod/shop/api-key");
  }

  @Test
  void writesSecretBinaryAsItsBytes() {
    byte[] keystore = new byte[256];
    for (int i = 0; i < keystore.length; i++) {
      keystore[i] = (byte) i;
    }
    sm.createSecret(r -> r.name("prod/shop/keystore").secretBinary(SdkBytes.fromByteArray(keystore)));

    resources.createSecret(NS, "binary", s -> s.setData(List.of(new SecretRef("keystore.p12", "prod/shop/keystore"))));

    awaitReady("binary", "True", "Synced");
    assertThat(secretBytes("binary")).containsOnlyKeys("keystore.p12");
    assertThat(secretBytes("binary").get("keystore.p12")).isEqualTo(keystore);
  }

  @Test
  void decodesBase64TextIntoItsBytes() {
    byte[] der = {0x30, (byte) 0x82, 0x01, 0x0a, 0x00, (byte) 0xff, (byte) 0xfe, 0x7f};
    String b64 = Base64.getEncoder().encodeToString(der);
    createSecret("prod/shop/cert-der", b64);
    createSecret("prod/shop/tls", "{\"der\":\"" + b64 + "\"}");

    resources.createSecret(NS, "decoded", s -> {
      SecretRef whole = new SecretRef("cert.der", "prod/shop/cert-der");
      whole.setDecoding(Decoding.Base64);
      SecretRef prop = property("tls.der", "prod/shop/tls", "der");
      prop.setDecoding(Decoding.Base64);
      SecretRef asText = new SecretRef("cert.b64", "prod/shop/cert-der");
      s.setData(List.of(whole, prop, asText));
    });

    awaitReady("decoded", "True", "Synced");
    Map<String, byte[]> data = secretBytes("decoded");
    assertThat(data).containsOnlyKeys("cert.der", "tls.der", "cert.b64");
    assertThat(data.get("cert.der")).isEqualTo(der);
    assertThat(data.get("tls.der")).isEqualTo(der);
    assertThat(data.get("cert.b64")).isEqualTo(b64.getBytes(StandardCharsets.UTF_8));
  }

  // --- dataFrom ---

  @Test
  void splitsAJsonSecretIntoOneKeyPerTopLevelFieldWithTheKeyPrefix() {
    createSecret("prod/shop/db", "{\"user\":\"shop\",\"password\":\"pw\",\"port\":5432,\"ssl\":true,"
        + "\"opts\":{\"pool\":{\"max\":10}},\"hosts\":[\"a\",\"b\"]}");

    resources.createSecret(NS, "split", s -> s.setDataFrom(List.of(dataFrom("prod/shop/db", "DB_"))));

    Condition ready = awaitReady("split", "True", "Synced");
    assertThat(ready.getMessage()).isEqualTo("6 keys from 1 secret");
    assertThat(resources.data(NS, "split")).isEqualTo(Map.of(
        "DB_user", "shop",
        "DB_password", "pw",
        "DB_port", "5432",
        "DB_ssl", "true",
        "DB_opts", "{\"pool\":{\"max\":10}}",
        "DB_hosts", "[\"a\",\"b\"]"));
  }

  @Test
  void aDataFromSecretThatIsNotAJsonObjectIsInvalidSpecNamingItAndWritesNoSecret() {
    createSecret("prod/shop/plain", "just a password");
    createSecret("prod/shop/list", "[\"a\",\"b\"]");

    resources.createSecret(NS, "not-json", s -> s.setDataFrom(List.of(dataFrom("prod/shop/plain", null))));
    resources.createSecret(NS, "not-object", s -> s.setDataFrom(List.of(dataFrom("prod/shop/list", null))));

    Condition notJson = awaitReady("not-json", "False", "InvalidSpec");
    assertThat(notJson.getMessage()).contains("prod/shop/plain").contains("cannot be split into keys")
        .doesNotContain("just a password");
    Condition notObject = awaitReady("not-object", "False", "InvalidSpec");
    assertThat(notObject.getMessage()).contains("prod/shop/list").contains("not a JSON object");
    assertThat(resources.secret(NS, "not-json")).isNull();
    assertThat(resources.secret(NS, "not-object")).isNull();
  }

  @Test
  void findsTwentyFiveSecretsByNamePrefixInTwoBatchCalls() {
    Map<String, String> expected = new TreeMap<>();
    for (int i = 1; i <= 25; i++) {
      createSecret("prod/shop/svc-" + i + "/api.token", "token-" + i);
      expected.put("SVC_" + i + "_API_TOKEN", "token-" + i);
    }
    createSecret("prod/shopfront/api.token", "not shop's");
    createSecret("prod/billing/api.token", "not shop's either");

    resources.createSecret(NS, "found", s -> s.setDataFrom(List.of(find("prod/shop/", Map.of(), KeyStyle.EnvVar))));

    Condition ready = awaitReady("found", "True", "Synced");
    assertThat(ready.getMessage()).isEqualTo("25 keys from 1 find");
    assertThat(resources.data(NS, "found")).isEqualTo(expected);
    // 25 secrets in pages of 20; a prefix alone needs no ListSecrets.
    assertThat(operator.calls().count("BatchGetSecretValue")).isEqualTo(2);
    assertThat(operator.calls().count("ListSecrets")).isZero();
    assertThat(resources.secretResource(NS, "found").getStatus().getSources()).hasSize(25);
  }

  @Test
  void findsSecretsByTagPairsAndSkipsASecretWithTheKeyAndTheValueOnDifferentTags() {
    Map<String, String> expected = new TreeMap<>();
    for (int i = 1; i <= 22; i++) {
      createSecret("prod/shop/t-" + i, "value-" + i, Map.of("team", "shop", "env", "prod"));
      expected.put("PROD_SHOP_T_" + i, "value-" + i);
    }
    createSecret("prod/billing/owned-by-shop", "billing's", Map.of("team", "billing", "owner", "shop"));
    createSecret("prod/billing/plain", "billing's too", Map.of("team", "billing"));
    createSecret("prod/untagged", "nobody's", Map.of());
    // What makes this test able to fail: AWS's (and moto's) tag-key and tag-value filters match keys and values
    // independently, so a listing with them does return billing's secret.
    assertThat(sm.listSecrets(r -> r.filters(Filter.builder().key(FilterNameStringType.TAG_KEY).values("team").build(),
        Filter.builder().key(FilterNameStringType.TAG_VALUE).values("shop").build())).secretList())
        .extracting(SecretListEntry::name).contains("prod/billing/owned-by-shop");

    resources.createSecret(NS, "tagged", s -> s.setDataFrom(List.of(find(null, Map.of("team", "shop"), null))));

    Condition ready = awaitReady("tagged", "True", "Synced");
    assertThat(ready.getMessage()).isEqualTo("22 keys from 1 find");
    assertThat(resources.data(NS, "tagged")).isEqualTo(expected);
    // One listing page (up to 100) to check tag pairs, then the 22 values in batches of 20.
    assertThat(operator.calls().count("ListSecrets")).isEqualTo(1);
    assertThat(operator.calls().count("BatchGetSecretValue")).isEqualTo(2);
  }

  // --- kms Raw ---

  @Test
  void decryptsRawCiphertextsWithAndWithoutEncryptionContextAndWithAKeyId() {
    String keyArn = kms.createKey().keyMetadata().arn();
    kms.createAlias(r -> r.aliasName("alias/shop").targetKeyId(keyArn));

    resources.createSecret(NS, "raw", s -> s.setKms(List.of(
        kmsValue("PLAIN", encrypt(keyArn, "token-without-context", Map.of()), null, Map.of()),
        kmsValue("WITH_CONTEXT", encrypt(keyArn, "token-with-context", Map.of("app", "shop")), null,
            Map.of("app", "shop")),
        kmsValue("WITH_ALIAS", encrypt("alias/shop", "token-for-alias", Map.of()), "alias/shop", Map.of()),
        kmsValue("WITH_ARN", encrypt(keyArn, "token-for-arn", Map.of("app", "shop")), keyArn,
            Map.of("app", "shop")))));

    Condition ready = awaitReady("raw", "True", "Synced");
    assertThat(ready.getMessage()).isEqualTo("4 keys from 4 ciphertexts");
    assertThat(resources.data(NS, "raw")).isEqualTo(Map.of("PLAIN", "token-without-context",
        "WITH_CONTEXT", "token-with-context", "WITH_ALIAS", "token-for-alias", "WITH_ARN", "token-for-arn"));
    assertThat(operator.calls().count("Decrypt")).isEqualTo(4);
  }

  @Test
  void aWrongEncryptionContextIsDecryptionFailedAndLeavesTheSecretExactlyAsItWas() {
    String keyArn = kms.createKey().keyMetadata().arn();
    String ciphertext = encrypt(keyArn, "token-1", Map.of("app", "shop"));
    resources.createSecret(NS, "context", s -> s.setKms(List.of(kmsValue("API_TOKEN", ciphertext, null,
        Map.of("app", "shop")))));
    awaitReady("context", "True", "Synced");
    Secret before = resources.secret(NS, "context");
    assertThat(resources.data(NS, "context")).isEqualTo(Map.of("API_TOKEN", "token-1"));

    resources.editSecret(NS, "context", spec -> spec.getKms().get(0).setEncryptionContext(Map.of("app", "billing")));

    Condition ready = awaitReady("context", "False", "DecryptionFailed");
    assertThat(ready.getMessage()).contains("InvalidCiphertextException");
    ExternalSecret failed = resources.secretResource(NS, "context");
    assertThat(failed.getStatus().getObservedGeneration()).isEqualTo(failed.getMetadata().getGeneration());
    assertThat(resources.secret(NS, "context")).isEqualTo(before);
  }

  @Test
  void aCiphertextThatIsNotBase64IsInvalidSpecAndCallsNoKms() {
    resources.createSecret(NS, "bad-b64", s -> s.setKms(List.of(kmsValue("API_TOKEN", "QUJD=RA", null, Map.of()))));

    Condition ready = awaitReady("bad-b64", "False", "InvalidSpec");
    assertThat(ready.getMessage()).contains("API_TOKEN").contains("not base64");
    assertThat(resources.secret(NS, "bad-b64")).isNull();
    assertThat(operator.calls().count("Decrypt")).isZero();
  }

  @Test
  void aRawCiphertextOverTheKmsLimitIsInvalidSpecPointingToEncryptionSdk() {
    byte[] big = new byte[7000];
    new Random(7).nextBytes(big);
    resources.createSecret(NS, "too-big", s -> s.setKms(List.of(kmsValue("BIG", Base64.getEncoder()
        .encodeToString(big), null, Map.of()))));

    Condition ready = awaitReady("too-big", "False", "InvalidSpec");
    assertThat(ready.getMessage()).contains("BIG").contains("6144").contains("7000").contains("EncryptionSdk");
    assertThat(resources.secret(NS, "too-big")).isNull();
    assertThat(operator.calls().count("Decrypt")).isZero();
  }

  // --- kms EncryptionSdk ---

  @Test
  void decryptsA64KbEncryptionSdkMessage() {
    String keyArn = kms.createKey().keyMetadata().arn();
    byte[] value = new byte[64 * 1024];
    new Random(64).nextBytes(value);
    String message = encryptMessage(keyArn, value, Map.of("app", "shop"));

    resources.createSecret(NS, "envelope", s -> s.setKms(List.of(sdkValue("bundle.bin", message, keyArn,
        Map.of("app", "shop")))));

    Condition ready = awaitReady("envelope", "True", "Synced");
    assertThat(ready.getMessage()).isEqualTo("1 key from 1 ciphertext");
    assertThat(secretBytes("envelope")).containsOnlyKeys("bundle.bin");
    assertThat(secretBytes("envelope").get("bundle.bin")).isEqualTo(value);
  }

  @Test
  void anEncryptionSdkMessageWithADifferentContextValueIsDecryptionFailed() {
    String keyArn = kms.createKey().keyMetadata().arn();
    String message = encryptMessage(keyArn, "payload".getBytes(StandardCharsets.UTF_8), Map.of("app", "shop"));

    resources.createSecret(NS, "other-value", s -> s.setKms(List.of(sdkValue("TOKEN", message, keyArn,
        Map.of("app", "billing")))));

    Condition ready = awaitReady("other-value", "False", "DecryptionFailed");
    assertThat(ready.getMessage()).contains(keyArn).contains("encryption context");
    assertThat(resources.secret(NS, "other-value")).isNull();
  }

  @Test
  void anEncryptionSdkMessageWithoutARequiredContextKeyIsDecryptionFailed() {
    String keyArn = kms.createKey().keyMetadata().arn();
    String message = encryptMessage(keyArn, "payload".getBytes(StandardCharsets.UTF_8), Map.of("app", "shop"));

    resources.createSecret(NS, "missing-key", s -> s.setKms(List.of(sdkValue("TOKEN", message, keyArn,
        Map.of("app", "shop", "env", "prod")))));

    Condition ready = awaitReady("missing-key", "False", "DecryptionFailed");
    assertThat(ready.getMessage()).contains(keyArn);
    assertThat(resources.secret(NS, "missing-key")).isNull();
  }

  // --- failures of the whole sync ---

  @Test
  void aSecretDeletedInAwsIsSourceNotFoundOnTheNextSyncAndTheSecretKeepsItsLastValue() {
    createSecret("prod/shop/db-password", "s3cr3t");
    createSecret("prod/shop/db-user", "shop");
    resources.createSecret(NS, "deleted", s -> s.setData(List.of(new SecretRef("DB_PASSWORD", "prod/shop/db-password"),
        new SecretRef("DB_USER", "prod/shop/db-user"))));
    awaitReady("deleted", "True", "Synced");
    Secret before = resources.secret(NS, "deleted");

    sm.deleteSecret(r -> r.secretId("prod/shop/db-password").forceDeleteWithoutRecovery(true));
    // The source cache (10 s) still holds the old value: only the forced sync's fresh read sees the deletion.
    forceSync("deleted", "after-delete");

    Condition ready = awaitReady("deleted", "False", "SourceNotFound");
    assertThat(ready.getMessage()).contains("prod/shop/db-password").doesNotContain("prod/shop/db-user");
    assertThat(resources.secret(NS, "deleted")).isEqualTo(before);
    assertThat(resources.data(NS, "deleted")).isEqualTo(Map.of("DB_PASSWORD", "s3cr3t", "DB_USER", "shop"));
  }

  @Test
  void aSecretScheduledForDeletionIsSourceNotFoundOnTheNextSyncAndTheSecretKeepsItsLastValue() {
    createSecret("prod/shop/db-password", "s3cr3t");
    resources.createSecret(NS, "scheduled", s -> s.setData(List.of(new SecretRef("DB_PASSWORD",
        "prod/shop/db-password"))));
    awaitReady("scheduled", "True", "Synced");
    Secret before = resources.secret(NS, "scheduled");

    // What `aws secretsmanager delete-secret` does by default: the secret can be restored during a recovery window,
    // and reading it meanwhile is InvalidRequestException ("marked for deletion").
    sm.deleteSecret(r -> r.secretId("prod/shop/db-password").recoveryWindowInDays(7L));
    forceSync("scheduled", "after-delete");

    Condition ready = awaitReady("scheduled", "False", "SourceNotFound");
    assertThat(ready.getMessage()).contains("prod/shop/db-password");
    assertThat(resources.secret(NS, "scheduled")).isEqualTo(before);
  }

  @Test
  void aKeyFromBothDataAndDataFromIsAKeyCollisionNamingBothSourcesAndWritesNoSecret() {
    createSecret("prod/shop/db", "{\"user\":\"shop\",\"password\":\"pw\"}");
    createSecret("prod/shop/admin-password", "root-pw");

    resources.createSecret(NS, "collision", s -> {
      s.setData(List.of(new SecretRef("DB_password", "prod/shop/admin-password")));
      s.setDataFrom(List.of(dataFrom("prod/shop/db", "DB_")));
    });

    Condition ready = awaitReady("collision", "False", "KeyCollision");
    assertThat(ready.getMessage()).contains("DB_password").contains("secret prod/shop/admin-password")
        .contains("secret prod/shop/db (field password)").contains("override");
    assertThat(resources.secret(NS, "collision")).isNull();
  }

  @Test
  void anExplicitKeyWithOverrideWinsOverTheSameKeyFromDataFrom() {
    createSecret("prod/shop/db", "{\"user\":\"shop\",\"password\":\"pw\"}");
    createSecret("prod/shop/admin-password", "root-pw");

    resources.createSecret(NS, "override", s -> {
      SecretRef explicit = new SecretRef("DB_password", "prod/shop/admin-password");
      explicit.setOverride(true);
      s.setData(List.of(explicit));
      s.setDataFrom(List.of(dataFrom("prod/shop/db", "DB_")));
    });

    awaitReady("override", "True", "Synced");
    assertThat(resources.data(NS, "override")).isEqualTo(Map.of("DB_password", "root-pw", "DB_user", "shop"));
  }

  // --- helpers ---

  /** Waits for the Ready condition with this status and reason, and returns it. */
  private Condition awaitReady(String name, String status, String reason) {
    eventually().untilAsserted(() -> assertThat(ready(name)).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).as("Ready status, %s", c).isEqualTo(status);
      assertThat(c.getReason()).as("Ready reason, %s", c).isEqualTo(reason);
    }));
    return ready(name).orElseThrow();
  }

  /** The Ready condition; the status holds exactly one. */
  private Optional<Condition> ready(String name) {
    ExternalSecret xs = resources.secretResource(NS, name);
    if (xs != null && xs.getStatus() != null) {
      assertThat(xs.getStatus().getConditions()).hasSize(1);
    }
    return resources.secretReady(NS, name);
  }

  private Map<String, byte[]> secretBytes(String name) {
    Map<String, byte[]> out = new TreeMap<>();
    resources.secret(NS, name).getData().forEach((k, v) -> out.put(k, Base64.getDecoder().decode(v)));
    return out;
  }

  private String createSecret(String name, String value) {
    return createSecret(name, value, Map.of());
  }

  private String createSecret(String name, String value, Map<String, String> tags) {
    List<Tag> list = new ArrayList<>();
    tags.forEach((k, v) -> list.add(Tag.builder().key(k).value(v).build()));
    return sm.createSecret(r -> r.name(name).secretString(value).tags(list.isEmpty() ? null : list)).arn();
  }

  private static SecretRef property(String key, String secretId, String property) {
    SecretRef ref = new SecretRef(key, secretId);
    ref.setProperty(property);
    return ref;
  }

  private static SecretDataFrom dataFrom(String secretId, String keyPrefix) {
    SecretDataFrom from = new SecretDataFrom();
    from.setSecretId(secretId);
    from.setKeyPrefix(keyPrefix);
    return from;
  }

  private static SecretDataFrom find(String namePrefix, Map<String, String> tags, KeyStyle style) {
    SecretFind find = new SecretFind();
    find.setNamePrefix(namePrefix);
    find.setTags(tags.isEmpty() ? null : tags);
    SecretDataFrom from = new SecretDataFrom();
    from.setFind(find);
    from.setKeyStyle(style);
    return from;
  }

  private static KmsValue kmsValue(String key, String ciphertext, String keyId, Map<String, String> context) {
    KmsValue k = new KmsValue();
    k.setKey(key);
    k.setCiphertext(ciphertext);
    k.setKeyId(keyId);
    k.setEncryptionContext(context.isEmpty() ? null : context);
    return k;
  }

  private static KmsValue sdkValue(String key, String message, String keyArn, Map<String, String> context) {
    KmsValue k = kmsValue(key, message, keyArn, context);
    k.setFormat(CiphertextFormat.EncryptionSdk);
    return k;
  }

  /** The base64 CiphertextBlob, as {@code aws kms encrypt --query CiphertextBlob --output text} prints it. */
  private String encrypt(String keyId, String plaintext, Map<String, String> context) {
    return Base64.getEncoder().encodeToString(kms.encrypt(r -> r.keyId(keyId)
        .plaintext(SdkBytes.fromUtf8String(plaintext)).encryptionContext(context.isEmpty() ? null : context))
        .ciphertextBlob().asByteArray());
  }

  /** A base64 AWS Encryption SDK message, written by the official library with a KMS keyring against moto. */
  private String encryptMessage(String keyArn, byte[] plaintext, Map<String, String> context) {
    AwsCrypto crypto = AwsCrypto.builder().withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt).build();
    IKeyring keyring = MaterialProviders.builder().MaterialProvidersConfig(MaterialProvidersConfig.builder().build())
        .build().CreateAwsKmsKeyring(CreateAwsKmsKeyringInput.builder().kmsKeyId(keyArn).kmsClient(kms).build());
    return Base64.getEncoder().encodeToString(crypto.encryptData(keyring, plaintext, context).getResult());
  }

  private void forceSync(String name, String value) {
    resources.forceSync(ExternalSecret.class, NS, name, value);
  }
}
