package io.kaso.operator.testing;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The setting of the operator tests: moto, a fresh in-memory Kubernetes API with the namespace {@value #NS}, the
 * real operator started against both, and helpers to seed AWS and read what the operator made.
 */
@ExtendWith(MotoServer.class)
public abstract class OperatorTest {
  /** The tenant namespace the tests work in. */
  protected static final String NS = "shop";
  protected MotoServer moto;
  protected KubeApi kube;
  protected Aws aws;
  protected OperatorRun operator;
  protected Resources resources;

  /** Operator settings beyond {@link OperatorRun}'s test defaults; called once {@link #aws} can seed the emulator. */
  protected Map<String, String> settings() {
    return Map.of();
  }

  @BeforeEach
  void startOperator(MotoServer moto) {
    this.moto = moto;
    kube = new KubeApi();
    kube.namespace(NS, Map.of());
    aws = new Aws(moto.endpoint());
    operator = OperatorRun.start(kube, moto.endpoint(), settings());
    resources = new Resources(kube.client());
  }

  @AfterEach
  void stopOperator() {
    operator.close();
    kube.close();
  }
}
