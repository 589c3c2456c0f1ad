package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.Limits;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The regions a spec may name: a region's syntax, and membership in the list of regions that exist (the AWS SDK's
 * list, handed in by the composition root, plus the operator's own region). A typo such as eu-west-9 would otherwise
 * be read as an endpoint that does not resolve, and retried forever as AwsUnavailable.
 */
public final class AwsRegions {
  /** What every AWS region looks like: eu-west-2, us-gov-west-1, cn-north-1, ap-southeast-5. */
  public static final Pattern SYNTAX = Pattern.compile("^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$");
  private final Set<String> known;

  /** @param known the regions that exist; names that do not look like a region (aws-global) are ignored */
  public AwsRegions(Collection<String> known) {
    TreeSet<String> regions = new TreeSet<>();
    known.stream().filter(r -> r != null && SYNTAX.matcher(r).matches()).forEach(regions::add);
    this.known = Set.copyOf(regions);
  }

  /**
   * Checks the region of a spec.
   *
   * @throws SyncFailure InvalidSpec when it is not a region, or not one that exists
   */
  public void check(String region) {
    if (region.length() > Limits.REGION || !SYNTAX.matcher(region).matches()) {
      throw SyncFailure.invalidSpec("spec.aws.region '" + abbreviate(region) + "' is not an AWS region "
          + "(written like eu-west-2)");
    }
    if (!known.contains(region)) {
      throw SyncFailure.invalidSpec("spec.aws.region " + region + " is not an AWS region this operator knows: check "
          + "the spelling (a region launched after this Kaso's AWS SDK needs a newer Kaso)");
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
