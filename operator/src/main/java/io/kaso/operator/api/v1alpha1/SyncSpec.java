package io.kaso.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** What ExternalParameter and ExternalSecret have in common: identity, refresh, target and rollouts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class SyncSpec {

  /** Go-style durations: "0", or one or more number+unit pairs such as 1h, 90s, 1h30m, 500ms. */
  public static final String DURATION_PATTERN = "^(0|([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+)$";

  @JsonPropertyDescription("AWS identity and region to read with. Default: the operator's own identity and region.")
  private AwsAccess aws;

  @JsonPropertyDescription("How often the sources are re-read as a safety net (Go-style duration such as 1h or "
      + "15m, with +/-10% jitter). \"0\" never polls: only spec changes, kaso.io/force-sync and AWS events sync. "
      + "Default: the operator setting KASO_DEFAULT_REFRESH_INTERVAL (1h).")
  @Pattern(DURATION_PATTERN)
  @Size(max = Limits.DURATION)
  private String refreshInterval;

  @JsonPropertyDescription("When AWS is read again after a successful sync. Periodic (default): every "
      + "refreshInterval, and on spec changes, kaso.io/force-sync and AWS events. CreatedOnce: once per spec "
      + "generation; then only a spec change or a new kaso.io/force-sync value reads AWS again (AWS events and the "
      + "interval are ignored; an edited or deleted Secret is still restored from the last sync). OnChange: on spec "
      + "changes, kaso.io/force-sync and AWS events only, never on a timer.")
  @Default("Periodic")
  private RefreshPolicy refreshPolicy;

  @JsonPropertyDescription("The Secret to write. Default: a Secret named like the resource, owned by it.")
  private Target target;

  @JsonPropertyDescription("Workloads in the same namespace to restart (kaso.io/restartedAt on the pod template) "
      + "when the Secret's data changes.")
  private List<RolloutTarget> rolloutRestart;

  public AwsAccess getAws() { return aws; }
  public void setAws(AwsAccess aws) { this.aws = aws; }
  public String getRefreshInterval() { return refreshInterval; }
  public void setRefreshInterval(String refreshInterval) { this.refreshInterval = refreshInterval; }
  public RefreshPolicy getRefreshPolicy() { return refreshPolicy; }
  public void setRefreshPolicy(RefreshPolicy refreshPolicy) { this.refreshPolicy = refreshPolicy; }
  public Target getTarget() { return target; }
  public void setTarget(Target target) { this.target = target; }
  public List<RolloutTarget> getRolloutRestart() { return rolloutRestart; }
  public void setRolloutRestart(List<RolloutTarget> rolloutRestart) { this.rolloutRestart = rolloutRestart; }

  /** The AWS block, empty when none is set. */
  public AwsAccess awsOrEmpty() {
    return aws == null ? new AwsAccess() : aws;
  }

  /** The refresh policy with its default applied. */
  public RefreshPolicy refreshPolicyOrDefault() {
    return refreshPolicy == null ? RefreshPolicy.Periodic : refreshPolicy;
  }

  /** The target block, with defaults when none is set. */
  public Target targetOrDefault() {
    return target == null ? new Target() : target;
  }

  /** The rollout targets, empty when none are set. */
  public List<RolloutTarget> rolloutRestartOrEmpty() {
    return rolloutRestart == null ? List.of() : rolloutRestart;
  }
}
