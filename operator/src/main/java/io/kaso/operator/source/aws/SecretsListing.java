package io.kaso.operator.source.aws;

import io.kaso.operator.source.Scope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsRequest;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/** ListSecrets for finds that need it (tags, a nameRegexp): names and ARNs, no values, all pages, paced and counted. */
final class SecretsListing {
  /** ListSecrets returns at most 100 secrets per page. */
  static final int LIST_PAGE = 100;

  /** A secret as ListSecrets shows it: no value. */
  record Listed(String name, String arn) {}

  private final Function<Scope, SecretsManagerClient> clients;
  private final AwsCalls calls;

  SecretsListing(Function<Scope, SecretsManagerClient> clients, AwsCalls calls) {
    this.clients = clients;
    this.calls = calls;
  }

  /**
   * The secrets named with the prefix and carrying the tags, checked exactly here: AWS's name filter is a
   * case-insensitive prefix match, and its tag-key and tag-value filters match keys and values independently.
   */
  List<Listed> list(Scope scope, String prefix, Map<String, String> tags) {
    List<Filter> filters = new ArrayList<>();
    if (prefix != null) {
      filters.add(Filter.builder().key(FilterNameStringType.NAME).values(prefix).build());
    }
    tags.forEach((k, v) -> {
      filters.add(Filter.builder().key(FilterNameStringType.TAG_KEY).values(k).build());
      filters.add(Filter.builder().key(FilterNameStringType.TAG_VALUE).values(v).build());
    });
    String what = "listing secrets" + (prefix == null ? "" : " named " + prefix + "*")
        + (tags.isEmpty() ? "" : " tagged " + new TreeMap<>(tags));
    List<Listed> out = new ArrayList<>();
    String next = null;
    do {
      ListSecretsRequest request = ListSecretsRequest.builder().filters(filters).maxResults(LIST_PAGE)
          .nextToken(next).build();
      ListSecretsResponse page = calls.call(scope, RateBudget.Family.SECRETS_MANAGER, what,
          () -> clients.apply(scope).listSecrets(request));
      for (SecretListEntry e : page.secretList()) {
        Map<String, String> carried = tagMap(e.tags());
        if ((prefix == null || e.name().startsWith(prefix))
            && tags.entrySet().stream().allMatch(t -> t.getValue().equals(carried.get(t.getKey())))) {
          out.add(new Listed(e.name(), e.arn()));
        }
      }
      next = page.nextToken();
    } while (next != null && !next.isEmpty());
    return List.copyOf(out);
  }

  /** Tags as a map; a tag without a value maps to "". */
  static Map<String, String> tagMap(List<Tag> tags) {
    Map<String, String> out = new HashMap<>();
    if (tags != null) {
      tags.forEach(t -> out.put(t.key(), t.value() == null ? "" : t.value()));
    }
    return Map.copyOf(out);
  }
}
