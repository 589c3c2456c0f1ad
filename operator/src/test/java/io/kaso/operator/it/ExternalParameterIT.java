package io.kaso.operator.it;

import static io.kaso.operator.testing.Resources.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.kaso.operator.api.v1alpha1.Condition;
import io.kaso.operator.api.v1alpha1.CreationPolicy;
import io.kaso.operator.api.v1alpha1.DeletionPolicy;
import io.kaso.operator.api.v1alpha1.ExternalParameter;
import io.kaso.operator.api.v1alpha1.ExternalParameterSpec;
import io.kaso.operator.api.v1alpha1.KeyStyle;
import io.kaso.operator.api.v1alpha1.ParameterPath;
import io.kaso.operator.api.v1alpha1.ParameterRef;
import io.kaso.operator.api.v1alpha1.SyncStatus;
import io.kaso.operator.api.v1alpha1.Target;
import io.kaso.operator.testing.MotoServer;
import io.kaso.operator.testing.OperatorTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** ExternalParameter: every field and every failure of DESIGN 2.1, 2.3, 2.4, 2.6 and 3, against moto. */
class ExternalParameterIT extends OperatorTest {

  /** refreshesAtTheIntervalWithoutBeingAsked polls every second, under the default floor of 10 s. */
  @Override
  protected Map<String, String> settings() {
    return Map.of("KASO_MIN_REFRESH_INTERVAL", "1s");
  }
  private static final String OBJECTS = "/apis/kaso.io/v1alpha1/namespaces/" + NS + "/externalparameters/";

  // ---- paths and keys -------------------------------------------------------------------------------------------

  @Test
  void readsEveryParameterUnderANestedPathAcrossPages() {
    for (int i = 0; i < 27; i++) {
      aws.putParameter("/shop/prod/" + (i % 3) + "/level/p" + i, "v" + i, ParameterType.STRING);
    }
    aws.putParameter("/shop/other/x", "not mine", ParameterType.STRING);
    create("nested", s -> s.setPaths(List.of(new ParameterPath("/shop/prod/"))));
    Map<String, String> data = awaitSynced("nested");
    assertThat(data).hasSize(27).containsEntry("_0_LEVEL_P0", "v0").containsEntry("_2_LEVEL_P26", "v26");
    assertThat(operator.calls().count("GetParametersByPath")).isEqualTo(3);
    assertThat(resources.parameter(NS, "nested").getStatus().getSources()).hasSize(27);
  }

  @Test
  void derivesKeysInEachStyleWithAPrefix() {
    aws.putParameter("/shop/prod/db/password", "pw", ParameterType.SECURE_STRING);
    aws.putParameter("/shop/prod/feature-flags", "on", ParameterType.STRING);
    create("styles", s -> s.setPaths(List.of(path("/shop/prod/", KeyStyle.EnvVar, ""),
        path("/shop/prod", KeyStyle.Relative, "rel."), path("/shop/prod/", KeyStyle.Basename, "base-"))));
    assertThat(awaitSynced("styles")).containsOnly(
        Map.entry("DB_PASSWORD", "pw"), Map.entry("FEATURE_FLAGS", "on"),
        Map.entry("rel.db.password", "pw"), Map.entry("rel.feature-flags", "on"),
        Map.entry("base-password", "pw"), Map.entry("base-feature-flags", "on"));
  }

  @Test
  void aNonRecursivePathReadsOneLevel() {
    aws.putParameter("/shop/prod/top", "1", ParameterType.STRING);
    aws.putParameter("/shop/prod/deeper/below", "2", ParameterType.STRING);
    ParameterPath p = new ParameterPath("/shop/prod/");
    p.setRecursive(false);
    create("flat", s -> s.setPaths(List.of(p)));
    assertThat(awaitSynced("flat")).containsOnly(Map.entry("TOP", "1"));
  }

  @Test
  void decryptsSecureStringsAndWritesStringListsAsText() {
    aws.putParameter("/shop/prod/secure", "s3cr3t", ParameterType.SECURE_STRING);
    aws.putParameter("/shop/prod/list", "a,b,c", ParameterType.STRING_LIST);
    create("types", s -> s.setPaths(List.of(new ParameterPath("/shop/prod"))));
    assertThat(awaitSynced("types")).containsEntry("SECURE", "s3cr3t").containsEntry("LIST", "a,b,c");
  }

  @Test
  void takesAJsonPropertyOfAParameter() {
    aws.putParameter("/shop/prod/flags", "{\"checkout\":{\"enabled\":true,\"limits\":{\"max\":3}}}",
        ParameterType.STRING);
    ParameterRef enabled = new ParameterRef("/shop/prod/flags", "CHECKOUT_ENABLED");
    enabled.setProperty("checkout.enabled");
    ParameterRef limits = new ParameterRef("/shop/prod/flags", "LIMITS");
    limits.setProperty("checkout.limits");
    create("props", s -> s.setParameters(List.of(enabled, limits)));
    assertThat(awaitSynced("props")).containsEntry("CHECKOUT_ENABLED", "true").containsEntry("LIMITS", "{\"max\":3}");
  }

  @Test
  void aMissingPropertyIsAnErrorNamingPropertyAndParameter() {
    aws.putParameter("/shop/prod/flags", "{\"checkout\":{}}", ParameterType.STRING);
    ParameterRef ref = new ParameterRef("/shop/prod/flags", "X");
    ref.setProperty("checkout.missing");
    create("noprop", s -> s.setParameters(List.of(ref)));
    Condition c = awaitFailed("noprop", "SourceNotFound");
    assertThat(c.getMessage()).contains("checkout.missing").contains("/shop/prod/flags");
  }

  @Test
  void selectsAVersionOrALabel() {
    aws.putParameter("/shop/prod/flag", "one", ParameterType.STRING);
    aws.putParameter("/shop/prod/flag", "two", ParameterType.STRING);
    aws.putParameter("/shop/prod/flag", "three", ParameterType.STRING);
    try (var ssm = aws.ssm()) {
      ssm.labelParameterVersion(r -> r.name("/shop/prod/flag").parameterVersion(2L).labels("live"));
    }
    ParameterRef v1 = new ParameterRef("/shop/prod/flag", "V1");
    v1.setVersion(1L);
    ParameterRef live = new ParameterRef("/shop/prod/flag", "LIVE");
    live.setLabel("live");
    ParameterRef latest = new ParameterRef("/shop/prod/flag", "LATEST");
    create("versions", s -> s.setParameters(List.of(v1, live, latest)));
    assertThat(awaitSynced("versions")).containsOnly(Map.entry("V1", "one"), Map.entry("LIVE", "two"),
        Map.entry("LATEST", "three"));
  }

  @Test
  void readsSecretsManagerThroughAParameterReference() {
    try (var sm = aws.secretsManager()) {
      sm.createSecret(r -> r.name("prod/shop/db").secretString("{\"password\":\"pw\"}"));
    }
    ParameterRef ref = new ParameterRef("/aws/reference/secretsmanager/prod/shop/db", "DB_PASSWORD");
    ref.setProperty("password");
    create("reference", s -> s.setParameters(List.of(ref)));
    assertThat(awaitSynced("reference")).containsOnly(Map.entry("DB_PASSWORD", "pw"));
  }

  @Test
  void aDefaultKeyIsTheLastSegmentInEnvVarStyle() {
    aws.putParameter("/shop/prod/feature-flags", "x", ParameterType.STRING);
    create("defaultkey", s -> s.setParameters(List.of(new ParameterRef("/shop/prod/feature-flags", null))));
    assertThat(awaitSynced("defaultkey")).containsOnly(Map.entry("FEATURE_FLAGS", "x"));
  }

  @Test
  void aKeyCollisionNamesBothSourcesAndWritesNothing() {
    aws.putParameter("/shop/a/db/password", "1", ParameterType.STRING);
    aws.putParameter("/shop/b/db-password", "2", ParameterType.STRING);
    create("collide", s -> s.setPaths(List.of(new ParameterPath("/shop/a/"), new ParameterPath("/shop/b/"))));
    Condition c = awaitFailed("collide", "KeyCollision");
    assertThat(c.getMessage()).contains("DB_PASSWORD").contains("/shop/a/db/password").contains("/shop/b/db-password");
    assertThat(resources.secret(NS, "collide")).isNull();
  }

  @Test
  void anExplicitKeyWithOverrideWinsOverAPathKey() {
    aws.putParameter("/shop/prod/token", "from-path", ParameterType.STRING);
    aws.putParameter("/shop/special/token", "explicit", ParameterType.STRING);
    ParameterRef ref = new ParameterRef("/shop/special/token", "TOKEN");
    ref.setOverride(true);
    create("override", s -> {
      s.setPaths(List.of(new ParameterPath("/shop/prod/")));
      s.setParameters(List.of(ref));
    });
    assertThat(awaitSynced("override")).containsOnly(Map.entry("TOKEN", "explicit"));
  }

  // ---- target -----------------------------------------------------------------------------------------------------

  @Test
  void writesTheTargetWithItsNameTypeLabelsAnnotationsAndTemplate() {
    aws.putParameter("/shop/prod/db/user", "shop", ParameterType.STRING);
    aws.putParameter("/shop/prod/db/password", "p@ss", ParameterType.SECURE_STRING);
    Target t = new Target();
    t.setName("shop-db");
    t.setType("kaso.io/test");
    t.setLabels(Map.of("team", "shop"));
    t.setAnnotations(Map.of("note", "managed"));
    t.setTemplate(Map.of("DATABASE_URL", "postgres://${DB_USER}:${DB_PASSWORD}@db.shop:5432/shop"));
    create("target", s -> {
      s.setPaths(List.of(new ParameterPath("/shop/prod/")));
      s.setTarget(t);
    });
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "shop-db"))
        .containsEntry("DATABASE_URL", "postgres://shop:p@ss@db.shop:5432/shop")
        .containsEntry("DB_USER", "shop"));
    Secret secret = resources.secret(NS, "shop-db");
    assertThat(secret.getType()).isEqualTo("kaso.io/test");
    assertThat(secret.getMetadata().getLabels()).containsEntry("team", "shop")
        .containsEntry("app.kubernetes.io/managed-by", "kaso");
    assertThat(secret.getMetadata().getAnnotations()).containsEntry("note", "managed").containsKey("kaso.io/data-hash");
    // The status is written after the Secret: on a loaded machine it may not be there yet.
    eventually().untilAsserted(() -> assertThat(resources.parameter(NS, "target").getStatus())
        .isNotNull().extracting(SyncStatus::getSyncedKeys).isEqualTo(3));
  }

  @Test
  void anUnknownTemplateReferenceIsInvalidSpecAndNotRetried() {
    aws.putParameter("/shop/prod/a", "1", ParameterType.STRING);
    Target t = new Target();
    t.setTemplate(Map.of("URL", "${NOPE}"));
    create("badtemplate", s -> {
      s.setParameters(List.of(new ParameterRef("/shop/prod/a", "A")));
      s.setTarget(t);
    });
    Condition c = awaitFailed("badtemplate", "InvalidSpec");
    assertThat(c.getMessage()).contains("${NOPE}");
    assertThat(resources.parameter(NS, "badtemplate").getStatus().getNextRefreshTime()).isNull();
    assertThat(resources.secret(NS, "badtemplate")).isNull();
  }

  @Test
  void refusesToTakeOverASecretItDidNotWrite() {
    kube.client().secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("taken")
        .endMetadata().addToData("MINE", b64("keep")).build()).create();
    aws.putParameter("/shop/prod/a", "1", ParameterType.STRING);
    create("taken", s -> s.setParameters(List.of(new ParameterRef("/shop/prod/a", "A"))));
    Condition c = awaitFailed("taken", "TargetConflict");
    assertThat(c.getMessage()).contains("Merge");
    assertThat(resources.data(NS, "taken")).containsOnly(Map.entry("MINE", "keep"));
  }

  @Test
  void mergeWritesOnlyItsKeysAndRemovesOnlyKeysItWrote() {
    kube.client().secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("shared")
        .addToLabels("owner", "platform").endMetadata().addToData("FOREIGN", b64("theirs")).build()).create();
    aws.putParameter("/shop/prod/a", "1", ParameterType.STRING);
    aws.putParameter("/shop/prod/b", "2", ParameterType.STRING);
    Target t = new Target();
    t.setName("shared");
    t.setCreationPolicy(CreationPolicy.Merge);
    create("merger", s -> {
      s.setParameters(List.of(new ParameterRef("/shop/prod/a", "A"), new ParameterRef("/shop/prod/b", "B")));
      s.setTarget(t);
    });
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "shared"))
        .containsOnly(Map.entry("FOREIGN", "theirs"), Map.entry("A", "1"), Map.entry("B", "2")));
    assertThat(resources.secret(NS, "shared").getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(resources.secret(NS, "shared").getMetadata().getLabels()).containsEntry("owner", "platform");

    resources.editParameter(NS, "merger", s -> s.setParameters(List.of(new ParameterRef("/shop/prod/a", "A"))));
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "shared"))
        .containsOnly(Map.entry("FOREIGN", "theirs"), Map.entry("A", "1")));

    kube.client().resources(ExternalParameter.class).inNamespace(NS).withName("merger").delete();
    eventually().untilAsserted(() -> assertThat(resources.parameter(NS, "merger")).isNull());
    assertThat(resources.data(NS, "shared")).containsOnly(Map.entry("FOREIGN", "theirs"));
  }

  @Test
  void mergeIntoASecretThatDoesNotExistFailsAndIsRetried() {
    aws.putParameter("/shop/prod/a", "1", ParameterType.STRING);
    Target t = new Target();
    t.setName("later");
    t.setCreationPolicy(CreationPolicy.Merge);
    create("merge-missing", s -> {
      s.setParameters(List.of(new ParameterRef("/shop/prod/a", "A")));
      s.setTarget(t);
    });
    Condition c = awaitFailed("merge-missing", "TargetNotFound");
    assertThat(c.getMessage()).contains("does not exist");
    assertThat(resources.parameter(NS, "merge-missing").getStatus().getNextRefreshTime()).isNotNull();
  }

  @Test
  void anImmutableSecretIsReplacedWhenItsDataChanges() {
    aws.putParameter("/shop/prod/a", "1", ParameterType.STRING);
    Target t = new Target();
    t.setImmutable(true);
    create("frozen", s -> {
      s.setParameters(List.of(new ParameterRef("/shop/prod/a", "A")));
      s.setTarget(t);
    });
    awaitSynced("frozen");
    Secret first = resources.secret(NS, "frozen");
    assertThat(first.getImmutable()).isTrue();
    aws.putParameter("/shop/prod/a", "2", ParameterType.STRING);
    resources.forceSync(ExternalParameter.class, NS, "frozen", "1");
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "frozen")).containsOnly(Map.entry("A", "2")));
    Secret second = resources.secret(NS, "frozen");
    assertThat(second.getImmutable()).isTrue();
    assertThat(second.getMetadata().getUid()).isNotEqualTo(first.getMetadata().getUid());
  }

  // ---- refresh, drift, status ----------------------------------------------------------------------------------

  @Test
  void forceSyncReadsAwsAgainAtOnce() {
    aws.putParameter("/shop/prod/a", "old", ParameterType.STRING);
    create("forced", s -> {
      s.setRefreshInterval("1h");
      s.setParameters(List.of(new ParameterRef("/shop/prod/a", "A")));
    });
    awaitSynced("forced");
    aws.putParameter("/shop/prod/a", "new", ParameterType.STRING);
    resources.forceSync(ExternalParameter.class, NS, "forced", "2026-11-29T10:00:00Z");
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "forced")).containsEntry("A", "new"));
    // Events go out from a queue of their own, after the status: waited for.
    eventually().untilAsserted(() -> assertThat(resources.events(NS, "forced"))
        .anyMatch(e -> e.startsWith("Normal Updated")));
  }

  @Test
  void aForceSyncLandingWhileTheStatusIsWrittenIsReconciled() {
    aws.putParameter("/shop/prod/a", "old", ParameterType.STRING);
    // Another actor's write lands exactly while the operator's first status write is in flight.
    kube.during("PATCH", "/externalparameters/racing/status", () -> {
      aws.putParameter("/shop/prod/a", "new", ParameterType.STRING);
      kube.jsonPatch(OBJECTS + "racing",
          "[{\"op\":\"add\",\"path\":\"/metadata/annotations\",\"value\":{\"kaso.io/force-sync\":\"now\"}}]");
    });
    create("racing", s -> {
      s.setRefreshInterval("1h");
      s.setParameters(List.of(new ParameterRef("/shop/prod/a", "A")));
    });
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "racing")).containsEntry("A", "new"));
  }

  @Test
  void aSpecEditLandingWhileTheStatusIsWrittenIsReconciled() {
    aws.putParameter("/shop/prod/a", "a", ParameterType.STRING);
    aws.putParameter("/shop/prod/b", "b", ParameterType.STRING);
    kube.during("PATCH", "/externalparameters/edited/status", () -> kube.jsonPatch(OBJECTS + "edited",
        "[{\"op\":\"replace\",\"path\":\"/spec/parameters\",\"value\":[{\"name\":\"/shop/prod/b\",\"key\":\"B\"}]},"
            + "{\"op\":\"replace\",\"path\":\"/metadata/generation\",\"value\":2}]"));
    create("edited", s -> {
      s.setRefreshInterval("1h");
      s.setParameters(List.of(new ParameterRef("/shop/prod/a", "A")));
    });
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "edited")).containsOnly(Map.entry("B", "b")));
  }

  @Test
  void refreshesAtTheIntervalWithoutBeingAsked() {
    aws.putParameter("/shop/prod/a", "old", ParameterType.STRING);
    create("polled", s -> {
      s.setRefreshInterval("1s");
      s.setParameters(List.of(new ParameterRef("/shop/prod/a", "A")));
    });
    awaitSynced("polled");
    aws.putParameter("/shop/prod/a", "new", ParameterType.STRING);
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "polled")).containsEntry("A", "new"));
  }

  @Test
  void refreshIntervalZeroNeverSchedulesARead() {
    aws.putParameter("/shop/prod/a", "x", ParameterType.STRING);
    create("never", s -> {
      s.setRefreshInterval("0");
      s.setParameters(List.of(new ParameterRef("/shop/prod/a", "A")));
    });
    awaitSynced("never");
    assertThat(resources.parameter(NS, "never").getStatus().getNextRefreshTime()).isNull();
  }

  @Test
  void restoresAnEditedOrDeletedSecretWithoutCallingAws() {
    aws.putParameter("/shop/prod/a", "good", ParameterType.STRING);
    create("drift", s -> s.setParameters(List.of(new ParameterRef("/shop/prod/a", "A"))));
    awaitSynced("drift");
    int calls = operator.calls().total();
    String version = resources.parameter(NS, "drift").getMetadata().getResourceVersion();

    kube.client().secrets().inNamespace(NS).withName("drift").edit(s -> {
      s.getData().put("A", b64("tampered"));
      s.getData().put("EXTRA", b64("x"));
      return s;
    });
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "drift")).containsOnly(Map.entry("A", "good")));

    kube.client().secrets().inNamespace(NS).withName("drift").delete();
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "drift")).containsOnly(Map.entry("A", "good")));

    assertThat(operator.calls().total()).isEqualTo(calls);
    // Restoring drift changes nothing in the status, so the status is not written.
    assertThat(resources.parameter(NS, "drift").getMetadata().getResourceVersion()).isEqualTo(version);
    eventually().untilAsserted(() -> assertThat(resources.events(NS, "drift"))
        .anyMatch(e -> e.startsWith("Normal Restored")));
  }

  @Test
  void reportsEveryStatusFieldAndEventsOnTransitions() {
    aws.putParameter("/shop/prod/db/user", "u", ParameterType.STRING);
    aws.putParameter("/shop/prod/db/password", "p", ParameterType.STRING);
    aws.putParameter("/shop/flags", "f", ParameterType.STRING);
    create("reported", s -> {
      s.setPaths(List.of(new ParameterPath("/shop/prod/")));
      s.setParameters(List.of(new ParameterRef("/shop/flags", "FLAGS")));
    });
    awaitSynced("reported");
    ExternalParameter xp = resources.parameter(NS, "reported");
    var st = xp.getStatus();
    assertThat(st.getObservedGeneration()).isEqualTo(xp.getMetadata().getGeneration());
    assertThat(st.ready().orElseThrow().getMessage()).isEqualTo("3 keys from 1 path, 1 parameter");
    assertThat(st.getLastSyncTime()).isNotNull();
    assertThat(st.getLastChangeTime()).isNotNull();
    assertThat(st.getNextRefreshTime()).isNotNull();
    assertThat(st.getSyncedKeys()).isEqualTo(3);
    assertThat(st.getSources()).extracting(v -> v.getName() + "@" + v.getVersion())
        .containsExactly("/shop/flags@1", "/shop/prod/db/password@1", "/shop/prod/db/user@1");
    eventually().untilAsserted(() -> assertThat(resources.events(NS, "reported"))
        .containsExactly("Normal Synced: 3 keys from 1 path, 1 parameter"));

    try (var ssm = aws.ssm()) {
      ssm.deleteParameter(r -> r.name("/shop/flags"));
    }
    resources.forceSync(ExternalParameter.class, NS, "reported", "a");
    awaitFailed("reported", "SourceNotFound");
    eventually().untilAsserted(() -> assertThat(resources.events(NS, "reported"))
        .anyMatch(e -> e.startsWith("Warning SourceNotFound") && e.contains("/shop/flags")));
  }

  // ---- failures never destroy data ---------------------------------------------------------------------------

  @Test
  void aParameterDeletedUnderAPathRemovesItsKey() {
    aws.putParameter("/shop/prod/a", "1", ParameterType.STRING);
    aws.putParameter("/shop/prod/b", "2", ParameterType.STRING);
    create("shrink", s -> s.setPaths(List.of(new ParameterPath("/shop/prod/"))));
    assertThat(awaitSynced("shrink")).containsOnlyKeys("A", "B");
    try (var ssm = aws.ssm()) {
      ssm.deleteParameter(r -> r.name("/shop/prod/b"));
    }
    resources.forceSync(ExternalParameter.class, NS, "shrink", "1");
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "shrink")).containsOnly(Map.entry("A", "1")));
    assertThat(resources.parameterReady(NS, "shrink").orElseThrow().getStatus()).isEqualTo("True");
  }

  @Test
  void anExplicitParameterDeletedInAwsKeepsItsLastValue() {
    aws.putParameter("/shop/prod/a", "last-good", ParameterType.STRING);
    create("keep", s -> s.setParameters(List.of(new ParameterRef("/shop/prod/a", "A"))));
    awaitSynced("keep");
    try (var ssm = aws.ssm()) {
      ssm.deleteParameter(r -> r.name("/shop/prod/a"));
    }
    resources.forceSync(ExternalParameter.class, NS, "keep", "1");
    awaitFailed("keep", "SourceNotFound");
    assertThat(resources.data(NS, "keep")).containsOnly(Map.entry("A", "last-good"));
    assertThat(resources.parameter(NS, "keep").getStatus().getSyncedKeys()).isEqualTo(1);
  }

  @Test
  void awsDownLeavesTheSecretIntactWithReadyFalse() {
    aws.putParameter("/shop/prod/a", "survives", ParameterType.STRING);
    create("outage", s -> s.setParameters(List.of(new ParameterRef("/shop/prod/a", "A"))));
    awaitSynced("outage");
    Secret before = resources.secret(NS, "outage");
    MotoServer.stop();
    try {
      resources.forceSync(ExternalParameter.class, NS, "outage", "1");
      Condition c = awaitFailed("outage", "AwsUnavailable");
      assertThat(c.getMessage()).contains("could not be reached");
      Secret after = resources.secret(NS, "outage");
      assertThat(after.getData()).isEqualTo(before.getData());
      assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
    } finally {
      MotoServer.start();
    }
  }

  // ---- deletion ------------------------------------------------------------------------------------------------

  @Test
  void deletingTheResourceDeletesItsSecret() {
    List<String> writes = new CopyOnWriteArrayList<>();
    kube.onEveryRequest(r -> {
      String path = r.getPath() == null ? "" : r.getPath().split("\\?")[0];
      // getBytes() leaves the body to the server (getUtf8Body() would consume it).
      String body = r.getBody() == null ? "" : new String(r.getBody().getBytes(), StandardCharsets.UTF_8);
      if (!"GET".equals(r.getMethod()) && path.contains("/namespaces/" + NS + "/")
          && (path.endsWith("/gone") || path.contains("/gone/") || body.contains("\"name\":\"gone\""))) {
        writes.add(r.getMethod() + " " + path.replaceAll(".*/namespaces/[^/]+/", ""));
      }
    });
    aws.putParameter("/shop/prod/a", "1", ParameterType.STRING);
    create("gone", s -> s.setParameters(List.of(new ParameterRef("/shop/prod/a", "A"))));
    awaitSynced("gone");
    assertThat(resources.parameter(NS, "gone").getMetadata().getFinalizers())
        .as("Owner+Delete needs no finalizer: the Secret's ownerReference has it garbage-collected").isEmpty();
    assertThat(resources.secret(NS, "gone").getMetadata().getOwnerReferences()).hasSize(1);
    eventually().untilAsserted(() -> assertThat(writes)
        .as("created by the test, then one Secret, one status and the Synced event: no finalizer patch")
        .containsExactlyInAnyOrder("POST externalparameters", "POST secrets", "PATCH externalparameters/gone/status",
            "POST events"));
    kube.client().resources(ExternalParameter.class).inNamespace(NS).withName("gone").delete();
    eventually().untilAsserted(() -> {
      assertThat(resources.parameter(NS, "gone")).isNull();
      assertThat(resources.secret(NS, "gone")).isNull();
    });
  }

  @Test
  void retainKeepsTheSecretAndDropsTheOwnerReference() {
    aws.putParameter("/shop/prod/a", "1", ParameterType.STRING);
    Target t = new Target();
    t.setDeletionPolicy(DeletionPolicy.Retain);
    create("kept", s -> {
      s.setParameters(List.of(new ParameterRef("/shop/prod/a", "A")));
      s.setTarget(t);
    });
    awaitSynced("kept");
    assertThat(resources.parameter(NS, "kept").getMetadata().getFinalizers())
        .as("Retain must untie the Secret before the resource goes").containsExactly("kaso.io/target-cleanup");
    kube.client().resources(ExternalParameter.class).inNamespace(NS).withName("kept").delete();
    eventually().untilAsserted(() -> assertThat(resources.parameter(NS, "kept")).isNull());
    Secret s = resources.secret(NS, "kept");
    assertThat(s).isNotNull();
    assertThat(s.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(resources.data(NS, "kept")).containsOnly(Map.entry("A", "1"));
  }

  @Test
  void aResourceDeletedWhileItsFirstSyncRunsLeavesNothingBehind() {
    aws.putParameter("/shop/prod/a", "1", ParameterType.STRING);
    for (int i = 0; i < 5; i++) {
      String name = "blink-" + i;
      create(name, s -> s.setParameters(List.of(new ParameterRef("/shop/prod/a", "A"))));
      kube.client().resources(ExternalParameter.class).inNamespace(NS).withName(name).delete();
    }
    eventually().untilAsserted(() -> {
      for (int i = 0; i < 5; i++) {
        assertThat(resources.parameter(NS, "blink-" + i)).isNull();
        assertThat(resources.secret(NS, "blink-" + i)).isNull();
      }
    });
  }

  // ---- values never leak ---------------------------------------------------------------------------------------

  @Test
  void noSeededValueReachesLogsEventsOrStatus() {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(logs);
    ch.qos.logback.classic.Level level = root.getLevel();
    root.setLevel(ch.qos.logback.classic.Level.DEBUG);
    try {
      String[] values = {"SEEDED-PATH-VALUE-71f3", "SEEDED-SECURE-VALUE-9a2c", "SEEDED-JSON-VALUE-c0de"};
      aws.putParameter("/shop/prod/plain", values[0], ParameterType.STRING);
      aws.putParameter("/shop/prod/secure", values[1], ParameterType.SECURE_STRING);
      aws.putParameter("/shop/json", "{\"inner\":\"" + values[2] + "\"}", ParameterType.STRING);
      ParameterRef good = new ParameterRef("/shop/json", "INNER");
      good.setProperty("inner");
      ParameterRef bad = new ParameterRef("/shop/json", "BAD");
      bad.setProperty("inner.deeper");
      create("leak-ok", s -> {
        s.setPaths(List.of(new ParameterPath("/shop/prod/")));
        s.setParameters(List.of(good));
      });
      create("leak-bad", s -> s.setParameters(List.of(bad)));
      awaitSynced("leak-ok");
      awaitFailed("leak-bad", "SourceNotFound");

      eventually().untilAsserted(() -> {
        assertThat(resources.events(NS, "leak-ok")).isNotEmpty();
        assertThat(resources.events(NS, "leak-bad")).isNotEmpty();
      });
      StringBuilder seen = new StringBuilder();
      logs.list.forEach(e -> seen.append(e.getFormattedMessage()).append(e.getMDCPropertyMap())
          .append(e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage()).append('\n'));
      resources.events(NS, "leak-ok").forEach(seen::append);
      resources.events(NS, "leak-bad").forEach(seen::append);
      seen.append(kube.client().getKubernetesSerialization().asJson(resources.parameter(NS, "leak-ok").getStatus()));
      seen.append(kube.client().getKubernetesSerialization().asJson(resources.parameter(NS, "leak-bad").getStatus()));
      seen.append(operator.scrapeMetrics());
      assertThat(seen).isNotEmpty();
      for (String v : values) {
        assertThat(seen.toString()).doesNotContain(v);
      }
      assertThat(resources.data(NS, "leak-ok")).containsValues(values);
    } finally {
      root.detachAppender(logs);
      root.setLevel(level);
    }
  }

  // ---- helpers -------------------------------------------------------------------------------------------------

  private void create(String name, Consumer<ExternalParameterSpec> spec) {
    resources.createParameter(NS, name, spec);
  }

  private Map<String, String> awaitSynced(String name) {
    eventually().untilAsserted(() -> assertThat(resources.parameterReady(NS, name))
        .hasValueSatisfying(c -> assertThat(c.getStatus()).as(c.toString()).isEqualTo("True")));
    return resources.data(NS, resources.parameter(NS, name).getSpec().targetOrDefault().getName() == null ? name
        : resources.parameter(NS, name).getSpec().targetOrDefault().getName());
  }

  private Condition awaitFailed(String name, String reason) {
    eventually().untilAsserted(() -> assertThat(resources.parameterReady(NS, name))
        .hasValueSatisfying(c -> assertThat(c.getReason()).as(c.toString()).isEqualTo(reason)));
    Condition c = resources.parameterReady(NS, name).orElseThrow();
    assertThat(c.getStatus()).isEqualTo("False");
    return c;
  }

  private static ParameterPath path(String path, KeyStyle style, String prefix) {
    ParameterPath p = new ParameterPath(path);
    p.setKeyStyle(style);
    p.setKeyPrefix(prefix);
    return p;
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

}
