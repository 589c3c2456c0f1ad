package io.kaso.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Secrets Manager secrets and KMS ciphertexts to write into one Secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExternalSecretSpec extends SyncSpec {

  @JsonPropertyDescription("One Secret key per entry, from a secret or one property of it.")
  private List<SecretRef> data;

  @JsonPropertyDescription("Many Secret keys per entry: the fields of a JSON secret, or every secret a find matches.")
  private List<SecretDataFrom> dataFrom;

  @JsonPropertyDescription("Client-side encrypted values decrypted with KMS, one key each.")
  private List<KmsValue> kms;

  public List<SecretRef> getData() { return data; }
  public void setData(List<SecretRef> data) { this.data = data; }
  public List<SecretDataFrom> getDataFrom() { return dataFrom; }
  public void setDataFrom(List<SecretDataFrom> dataFrom) { this.dataFrom = dataFrom; }
  public List<KmsValue> getKms() { return kms; }
  public void setKms(List<KmsValue> kms) { this.kms = kms; }

  public List<SecretRef> dataOrEmpty() { return data == null ? List.of() : data; }
  public List<SecretDataFrom> dataFromOrEmpty() { return dataFrom == null ? List.of() : dataFrom; }
  public List<KmsValue> kmsOrEmpty() { return kms == null ? List.of() : kms; }
}
