package io.kaso.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed CRDs refuse names longer than AWS and Kubernetes accept (maxLength), before the operator sees them. */
class CrdLimitsTest {
  private static final Path ROOT = Path.of(System.getProperty("kaso.repoRoot", ".."));

  private static JSONSchemaProps spec(String crd) throws IOException {
    CustomResourceDefinition d = Serialization.unmarshal(
        Files.readString(ROOT.resolve("crds").resolve(crd + ".yaml")), CustomResourceDefinition.class);
    return d.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
  }

  private static Long maxLength(JSONSchemaProps root, String... path) {
    JSONSchemaProps p = root;
    for (String step : path) {
      p = step.equals("[]") ? p.getItems().getSchema() : p.getProperties().get(step);
    }
    return p.getMaxLength();
  }

  @Test
  void externalParameterFieldsCarryTheAwsLimits() throws IOException {
    JSONSchemaProps spec = spec("externalparameters.kaso.io");
    assertThat(maxLength(spec, "parameters", "[]", "name")).isEqualTo(2048L);
    assertThat(maxLength(spec, "parameters", "[]", "label")).isEqualTo(100L);
    assertThat(maxLength(spec, "paths", "[]", "path")).isEqualTo(2048L);
    assertThat(maxLength(spec, "paths", "[]", "keyPrefix")).isEqualTo(253L);
    assertThat(maxLength(spec, "paths", "[]", "nameRegexp")).isEqualTo(1024L);
    assertThat(maxLength(spec, "target", "name")).isEqualTo(253L);
    assertThat(maxLength(spec, "refreshInterval")).isEqualTo(32L);
    assertThat(maxLength(spec, "aws", "region")).isEqualTo(32L);
  }

  @Test
  void externalSecretFieldsCarryTheAwsLimits() throws IOException {
    JSONSchemaProps spec = spec("externalsecrets.kaso.io");
    assertThat(maxLength(spec, "data", "[]", "secretId")).isEqualTo(2048L);
    assertThat(maxLength(spec, "data", "[]", "versionStage")).isEqualTo(256L);
    assertThat(maxLength(spec, "dataFrom", "[]", "secretId")).isEqualTo(2048L);
    assertThat(maxLength(spec, "dataFrom", "[]", "find", "namePrefix")).isEqualTo(512L);
    assertThat(maxLength(spec, "dataFrom", "[]", "find", "nameRegexp")).isEqualTo(1024L);
    assertThat(maxLength(spec, "kms", "[]", "keyId")).isEqualTo(2048L);
    assertThat(maxLength(spec, "target", "name")).isEqualTo(253L);
  }
}
