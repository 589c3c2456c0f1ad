package io.kaso.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Status of ExternalParameter and ExternalSecret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SyncStatus {
  @JsonPropertyDescription("The generation of the spec the status describes.")
  private Long observedGeneration;
  @JsonPropertyDescription("Ready: True when the Secret holds the data of the last successful sync of this "
      + "generation.")
  private List<Condition> conditions = new ArrayList<>();
  @JsonPropertyDescription("Last time AWS was read successfully (RFC 3339).")
  private String lastSyncTime;
  @JsonPropertyDescription("Last time the Secret's data changed (RFC 3339).")
  private String lastChangeTime;
  @JsonPropertyDescription("When the sources are read again at the latest (RFC 3339).")
  private String nextRefreshTime;
  @JsonPropertyDescription("Number of keys in the Secret written by the last successful sync.")
  private Integer syncedKeys;
  @JsonPropertyDescription("What the last successful sync read, with versions; never values.")
  private List<SourceVersion> sources = new ArrayList<>();

  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public List<Condition> getConditions() { return conditions; }
  public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
  public String getLastSyncTime() { return lastSyncTime; }
  public void setLastSyncTime(String lastSyncTime) { this.lastSyncTime = lastSyncTime; }
  public String getLastChangeTime() { return lastChangeTime; }
  public void setLastChangeTime(String lastChangeTime) { this.lastChangeTime = lastChangeTime; }
  public String getNextRefreshTime() { return nextRefreshTime; }
  public void setNextRefreshTime(String nextRefreshTime) { this.nextRefreshTime = nextRefreshTime; }
  public Integer getSyncedKeys() { return syncedKeys; }
  public void setSyncedKeys(Integer syncedKeys) { this.syncedKeys = syncedKeys; }
  public List<SourceVersion> getSources() { return sources; }
  public void setSources(List<SourceVersion> sources) { this.sources = sources; }

  /** The Ready condition, if set. */
  public Optional<Condition> ready() {
    return conditions == null ? Optional.empty()
        : conditions.stream().filter(c -> Condition.READY.equals(c.getType())).findFirst();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SyncStatus s && Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(conditions, s.conditions) && Objects.equals(lastSyncTime, s.lastSyncTime)
        && Objects.equals(lastChangeTime, s.lastChangeTime) && Objects.equals(nextRefreshTime, s.nextRefreshTime)
        && Objects.equals(syncedKeys, s.syncedKeys) && Objects.equals(sources, s.sources);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, conditions, lastSyncTime, lastChangeTime, nextRefreshTime, syncedKeys,
        sources);
  }
}
