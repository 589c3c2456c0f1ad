package io.kaso.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** AWS Secrets Manager secrets and KMS-encrypted values, kept in one Kubernetes Secret. */
@Group(KasoApi.GROUP)
@Version(KasoApi.VERSION)
@ShortNames("xs")
@AdditionalPrinterColumn(name = "Ready", type = Type.STRING, jsonPath = KasoApi.READY_STATUS_PATH)
@AdditionalPrinterColumn(name = "Reason", type = Type.STRING, jsonPath = KasoApi.READY_REASON_PATH)
@AdditionalPrinterColumn(name = "Keys", type = Type.INTEGER, jsonPath = ".status.syncedKeys")
@AdditionalPrinterColumn(name = "Last Sync", type = Type.DATE, jsonPath = ".status.lastSyncTime")
@AdditionalPrinterColumn(name = "Age", type = Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class ExternalSecret extends CustomResource<ExternalSecretSpec, SyncStatus> implements Namespaced {
}
