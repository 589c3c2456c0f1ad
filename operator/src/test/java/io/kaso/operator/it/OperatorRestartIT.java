package io.kaso.operator.it;

import static io.kaso.operator.testing.Resources.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.kaso.operator.api.v1alpha1.ParameterRef;
import io.kaso.operator.api.v1alpha1.SecretRef;
import io.kaso.operator.reconciler.Reconciliation;
import io.kaso.operator.testing.OperatorRun;
import io.kaso.operator.testing.OperatorTest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** An operator restart takes over what the cluster shows instead of reading AWS and writing everything again. */
class OperatorRestartIT extends OperatorTest {
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(Reconciliation.class);
  private Level level;

  @BeforeEach
  void captureLogs() {
    level = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    logger.detachAppender(logs);
    logger.setLevel(level);
  }

  @Test
  void aRestartWithNothingChangedReadsNothingAndWritesNothing() {
    seedAndSync();
    Map<String, String> versions = resourceVersions();
    // The first syncs' events go out from a queue: counted once they are there.
    eventually().untilAsserted(() -> {
      assertThat(resources.events(NS, "config")).isNotEmpty();
      assertThat(resources.events(NS, "db")).isNotEmpty();
    });
    int events = resources.events(NS, "config").size() + resources.events(NS, "db").size();

    restart();
    eventually().untilAsserted(() -> assertThat(resumed()).containsExactlyInAnyOrder("config", "db"));
    assertThat(operator.calls().total()).as("AWS calls after the restart").isZero();
    assertThat(resourceVersions()).as("nothing written").isEqualTo(versions);
    assertThat(resources.events(NS, "config").size() + resources.events(NS, "db").size()).isEqualTo(events);
  }

  @Test
  void aSecretEditedWhileTheOperatorWasDownIsSyncedAgain() {
    seedAndSync();
    operator.close();
    Secret edited = new SecretBuilder(resources.secret(NS, "config"))
        .addToData("A", Base64.getEncoder().encodeToString("tampered".getBytes())).build();
    kube.client().secrets().inNamespace(NS).resource(edited).update();

    operator = OperatorRun.start(kube, moto.endpoint(), settings());
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "config")).containsEntry("A", "a"));
    assertThat(resumed()).doesNotContain("config");
  }

  private void seedAndSync() {
    aws.putParameter("/shop/prod/a", "a", ParameterType.STRING);
    aws.secretsManager().createSecret(r -> r.name("prod/db").secretString("s3cr3t"));
    resources.createParameter(NS, "config", s -> {
      s.setRefreshInterval("1h");
      s.setParameters(List.of(new ParameterRef("/shop/prod/a", "A")));
    });
    resources.createSecret(NS, "db", s -> {
      s.setRefreshInterval("1h");
      s.setData(List.of(new SecretRef("PASSWORD", "prod/db")));
    });
    eventually().untilAsserted(() -> {
      assertThat(resources.parameterReady(NS, "config")).hasValueSatisfying(c -> assertThat(c.getStatus())
          .isEqualTo("True"));
      assertThat(resources.secretReady(NS, "db")).hasValueSatisfying(c -> assertThat(c.getStatus())
          .isEqualTo("True"));
    });
  }

  private void restart() {
    operator.close();
    operator = OperatorRun.start(kube, moto.endpoint(), settings());
  }

  private List<String> resumed() {
    return logs.list.stream().filter(e -> e.getFormattedMessage().startsWith("resumed from the cluster"))
        .map(e -> e.getMDCPropertyMap().get("name")).toList();
  }

  private Map<String, String> resourceVersions() {
    return Map.of("xp", resources.parameter(NS, "config").getMetadata().getResourceVersion(),
        "xs", resources.secretResource(NS, "db").getMetadata().getResourceVersion(),
        "secret-config", resources.secret(NS, "config").getMetadata().getResourceVersion(),
        "secret-db", resources.secret(NS, "db").getMetadata().getResourceVersion());
  }
}
