package io.kaso.operator.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the CRD YAML the Fabric8 generator writes into what is committed: printer columns in the order kubectl
 * should show them (the generator sorts them by JSON path), and a header saying where the file comes from.
 */
public final class CrdManifests {
  /** kubectl get shows the columns in this order. */
  static final List<String> COLUMN_ORDER = List.of("Ready", "Reason", "Keys", "Last Sync", "Age");
  static final String HEADER = "# Generated from operator/src/main/java/io/kaso/operator/api/v1alpha1 by the build; "
      + "do not edit.\n# Refresh: ./mvnw -pl operator test -Dtest=CrdFilesAreCurrentTest -Dkaso.updateCrds=true\n";

  private CrdManifests() {}

  @SuppressWarnings("deprecation")
  public static String normalize(String generatedYaml) {
    CustomResourceDefinition crd = Serialization.unmarshal(generatedYaml, CustomResourceDefinition.class);
    crd.getSpec().getVersions().forEach(v -> {
      List<CustomResourceColumnDefinition> columns = v.getAdditionalPrinterColumns();
      if (columns != null) {
        columns.sort(Comparator.comparingInt(c -> {
          int i = COLUMN_ORDER.indexOf(c.getName());
          return i < 0 ? Integer.MAX_VALUE : i;
        }));
      }
    });
    return HEADER + Serialization.asYaml(crd).replaceFirst("^---\n", "");
  }
}
