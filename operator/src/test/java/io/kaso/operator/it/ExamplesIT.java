package io.kaso.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kaso.operator.api.v1alpha1.ExternalParameter;
import io.kaso.operator.api.v1alpha1.ExternalSecret;
import io.kaso.operator.api.v1alpha1.ExternalSecretSpec;
import io.kaso.operator.core.ParameterPlan;
import io.kaso.operator.core.SecretPlan;
import io.kaso.operator.core.TargetTemplates;
import io.kaso.operator.testing.KubeApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every manifest in examples/ is what a user can apply: valid against the CRD schemas, free of unknown fields,
 * accepted by Kaso's own checks, and created in the Kubernetes API. Every JSON policy there parses.
 */
class ExamplesIT {
  private static final Path ROOT = Path.of(System.getProperty("kaso.repoRoot", ".."));
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper STRICT = new ObjectMapper(new YAMLFactory())
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  @Test
  void kasoManifestsMatchTheCrdSchemas() throws IOException {
    JsonSchema parameterSchema = crdSchema("externalparameters.kaso.io");
    JsonSchema secretSchema = crdSchema("externalsecrets.kaso.io");
    int checked = 0;
    for (Path file : manifests()) {
      for (JsonNode doc : documents(file)) {
        String kind = doc.path("kind").asText();
        if (kind.equals("ExternalParameter") || kind.equals("ExternalSecret")) {
          Set<ValidationMessage> errors = (kind.equals("ExternalParameter") ? parameterSchema : secretSchema)
              .validate(doc);
          assertThat(errors).as("%s against the %s CRD", file.getFileName(), kind).isEmpty();
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(3);
  }

  @Test
  void theSchemaCheckCatchesMistakes() throws IOException {
    JsonNode bad = YAML.readTree("""
        apiVersion: kaso.io/v1alpha1
        kind: ExternalParameter
        metadata: {name: x}
        spec:
          refreshInterval: hourly
          paths: [{path: shop/prod, recursive: "yes", keyStyle: Camel}]
          parameters: [{key: "NO SPACES"}]
        """);
    Set<String> errors = crdSchema("externalparameters.kaso.io").validate(bad).stream()
        .map(ValidationMessage::getMessage).collect(Collectors.toSet());
    assertThat(String.join("\n", errors)).contains("refreshInterval").contains("recursive").contains("keyStyle")
        .contains("path").contains("name").contains("key");
  }

  @Test
  void kasoManifestsHaveNoUnknownFieldsAndPassKasosChecks() throws IOException {
    for (Path file : manifests()) {
      for (JsonNode doc : documents(file)) {
        switch (doc.path("kind").asText()) {
          case "ExternalParameter" -> ParameterPlan.of(STRICT.treeToValue(doc, ExternalParameter.class).getSpec());
          case "ExternalSecret" -> {
            ExternalSecretSpec spec = STRICT.treeToValue(doc, ExternalSecret.class).getSpec();
            SecretPlan.of(spec);
            TargetTemplates.check(spec.targetOrDefault());
          }
          default -> { }
        }
      }
    }
  }

  @Test
  void everyManifestIsCreatedInTheKubernetesApi() throws IOException {
    try (KubeApi kube = new KubeApi()) {
      List<Path> files = manifests();
      // Namespaces first, as kubectl apply -f examples/ would need.
      files.sort((a, b) -> Boolean.compare(!a.getFileName().toString().startsWith("namespace"),
          !b.getFileName().toString().startsWith("namespace")));
      int created = 0;
      for (Path file : files) {
        for (HasMetadata item : kube.client().load(Files.newInputStream(file)).items()) {
          assertThat(kube.client().resource(item).create()).as(file.toString()).isNotNull();
          created++;
        }
      }
      assertThat(created).isEqualTo(files.stream().mapToInt(f -> {
        try {
          return documents(f).size();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }).sum());
      assertThat(kube.client().resources(ExternalParameter.class).inAnyNamespace().list().getItems()).isNotEmpty();
      assertThat(kube.client().resources(ExternalSecret.class).inAnyNamespace().list().getItems()).hasSize(4);
    }
  }

  @Test
  void everyPolicyDocumentIsJson() throws IOException {
    ObjectMapper json = new ObjectMapper();
    try (Stream<Path> files = Files.walk(ROOT.resolve("examples"))) {
      List<Path> policies = files.filter(p -> p.toString().endsWith(".json")).toList();
      assertThat(policies).hasSizeGreaterThanOrEqualTo(8);
      for (Path p : policies) {
        assertThat(json.readTree(p.toFile()).isObject()).as(p.toString()).isTrue();
      }
    }
  }

  private static JsonSchema crdSchema(String crd) throws IOException {
    JsonNode schema = YAML.readTree(ROOT.resolve("crds").resolve(crd + ".yaml").toFile())
        .path("spec").path("versions").path(0).path("schema").path("openAPIV3Schema");
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
  }

  private static List<Path> manifests() throws IOException {
    try (Stream<Path> files = Files.list(ROOT.resolve("examples"))) {
      return new ArrayList<>(files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList());
    }
  }

  private static List<JsonNode> documents(Path file) throws IOException {
    return YAML.readValues(YAML.getFactory().createParser(file.toFile()), JsonNode.class).readAll().stream()
        .filter(n -> n != null && !n.isNull() && !n.isMissingNode()).toList();
  }
}
