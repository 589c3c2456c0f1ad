package io.kaso.operator.source.aws;

import io.kaso.operator.source.Scope;
import io.kaso.operator.source.SecretFilter;
import io.kaso.operator.source.SecretSelector;
import io.kaso.operator.source.SecretStore;
import io.kaso.operator.source.SecretValue;
import io.kaso.operator.source.SourceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.APIErrorType;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;

/**
 * Secrets Manager behind the port: current versions by id through BatchGetSecretValue (ids from all resources
 * batched by 20), other versions and stages through GetSecretValue, finds through BatchGetSecretValue with Filters
 * (or ListSecrets first when tags are involved, see {@link #find}). Coalesced and cached for the TTL.
 */
public final class SecretsManagerStore implements SecretStore {
  /** BatchGetSecretValue takes at most 20 ids, and returns at most 20 secrets per page with filters. */
  static final int IDS_PER_CALL = 20;
  /** BatchGetSecretValue rejects the whole call when one id is longer. */
  static final int MAX_ID_LENGTH = 2048;

  record IdKey(Scope scope, SecretSelector selector) {}

  record FindKey(Scope scope, SecretFilter filter) {}

  record TagsKey(Scope scope, String secretId) {}

  private final Function<Scope, SecretsManagerClient> clients;
  private final AwsCalls calls;
  private final SourceCache cache;
  private final Batcher<Scope, String, SecretValue> batcher;
  private final SecretsListing listing;

  public SecretsManagerStore(Function<Scope, SecretsManagerClient> clients, AwsCalls calls, SourceCache cache,
      Duration batchWindow, ScheduledExecutorService scheduler, Executor batchCalls) {
    this.clients = clients;
    this.calls = calls;
    this.cache = cache;
    this.listing = new SecretsListing(clients, calls);
    this.batcher = new Batcher<>(batchWindow, IDS_PER_CALL, scheduler, batchCalls, this::batchGetShared,
        new BatchIsolation<>(id -> "reading secret " + id));
  }

  @Override
  public Map<SecretSelector, SecretValue> byId(Scope scope, Collection<SecretSelector> selectors) {
    Map<SecretSelector, CompletableFuture<SecretValue>> pending = new LinkedHashMap<>();
    for (SecretSelector s : selectors) {
      if (s.isCurrent()) {
        SourceException malformed = malformed(s.secretId());
        // An id AWS rejects would fail the whole shared call: it never joins a batch.
        pending.put(s, malformed != null ? CompletableFuture.failedFuture(malformed)
            : cache.getAsync(new IdKey(scope, s), () -> batcher.submit(scope, s.secretId())));
      }
    }
    Map<SecretSelector, SecretValue> found = new LinkedHashMap<>();
    SecretReadFailures failures = new SecretReadFailures();
    for (SecretSelector s : selectors) {
      if (!s.isCurrent()) {
        try {
          found.put(s, cache.get(new IdKey(scope, s), () -> getVersion(scope, s)));
        } catch (SourceException e) {
          failures.add(s, e);
        }
      }
    }
    pending.forEach((s, f) -> {
      try {
        found.put(s, Futures.await(f, "reading secret " + s));
      } catch (SourceException e) {
        failures.add(s, e);
      }
    });
    failures.throwIfAny();
    return found;
  }

  @Override
  public void prefetch(Scope scope, Collection<SecretSelector> selectors, Duration keep) {
    for (SecretSelector s : selectors) {
      if (s.isCurrent() && malformed(s.secretId()) == null) {
        cache.getAsync(new IdKey(scope, s), () -> batcher.submit(scope, s.secretId()), keep);
      }
    }
  }

  @Override
  public CompletableFuture<?> inFlight(Scope scope, Collection<SecretSelector> selectors) {
    List<CompletableFuture<?>> pending = new ArrayList<>();
    for (SecretSelector s : selectors) {
      Optional.ofNullable(cache.inFlight(new IdKey(scope, s))).ifPresent(pending::add);
    }
    return pending.isEmpty() ? null : CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
  }

  private static SourceException malformed(String id) {
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      return new SourceException.InvalidRequest("secret id " + (id.length() > 80 ? id.substring(0, 80) + "..." : id)
          + " is " + (id.isEmpty() ? "empty" : id.length() + " characters long; AWS allows at most " + MAX_ID_LENGTH),
          null);
    }
    return null;
  }

  /**
   * Every secret matching the filter, current versions. With a name prefix only, one BatchGetSecretValue with
   * Filters per page of 20. With tags, ListSecrets first: BatchGetSecretValue's tag-key and tag-value filters match
   * keys and values independently, so a secret tagged {team: billing, owner: shop} would match team=shop; ListSecrets
   * returns the tags, so pairs are checked exactly before the values are read in batches of 20.
   */
  @Override
  public List<SecretValue> find(Scope scope, SecretFilter filter) {
    if (filter.nameRegexp() != null) {
      throw new IllegalArgumentException("a find with a nameRegexp is read with list() and byId()");
    }
    return cache.get(new FindKey(scope, filter), () -> filter.tags().isEmpty()
        ? findByPrefix(scope, filter.namePrefix()) : findListed(scope, filter, name -> true));
  }

  /** A find with a nameRegexp: listed by prefix and tags as a tag find is, then only matching names are read. */
  @Override
  public List<SecretValue> find(Scope scope, SecretFilter filter, Predicate<String> names) {
    if (filter.nameRegexp() == null) {
      return find(scope, filter);
    }
    return cache.get(new FindKey(scope, filter), () -> findListed(scope, filter, names));
  }

  @Override
  public Map<String, String> tags(Scope scope, String secretId) {
    SourceException malformed = malformed(secretId);
    if (malformed != null) {
      throw malformed;
    }
    return cache.get(new TagsKey(scope, secretId), () -> {
      DescribeSecretResponse r = calls.call(scope, RateBudget.Family.SECRETS_MANAGER, "reading the tags of secret "
          + secretId, () -> clients.apply(scope).describeSecret(b -> b.secretId(secretId)));
      return SecretsListing.tagMap(r.tags());
    });
  }

  @Override
  public void forget(String secretNameOrArn) {
    cache.invalidate(k -> (k instanceof IdKey id && refersTo(id.selector().secretId(), secretNameOrArn))
        || (k instanceof TagsKey t && refersTo(t.secretId(), secretNameOrArn))
        || k instanceof FindKey);
  }

  private static boolean refersTo(String requested, String changed) {
    return !Collections.disjoint(names(requested), names(changed));
  }

  /** The names an id may stand for: a name itself; for an ARN, its tail with and without the random suffix. */
  static Set<String> names(String id) {
    int at = id.indexOf(":secret:");
    if (!id.startsWith("arn:") || at < 0) {
      return Set.of(id);
    }
    String tail = id.substring(at + ":secret:".length());
    return Set.of(tail, tail.replaceFirst("-[A-Za-z0-9]{6}$", ""));
  }

  private List<SecretValue> findByPrefix(Scope scope, String prefix) {
    List<SecretValue> out = new ArrayList<>();
    String next = null;
    do {
      BatchGetSecretValueRequest request = BatchGetSecretValueRequest.builder()
          .filters(Filter.builder().key(FilterNameStringType.NAME).values(prefix).build())
          .maxResults(IDS_PER_CALL).nextToken(next).build();
      BatchGetSecretValueResponse page = calls.call(scope, RateBudget.Family.BATCH_GET_SECRET_VALUE,
          "finding secrets named " + prefix + "*", () -> clients.apply(scope).batchGetSecretValue(request));
      if (!page.errors().isEmpty()) {
        throw SecretReadFailures.of(page.errors().get(0).errorCode(), page.errors().get(0).secretId(),
            page.errors().get(0).message());
      }
      // The name filter is a case-insensitive prefix match; Kaso's is exact.
      page.secretValues().stream().filter(v -> v.name().startsWith(prefix)).map(SecretsManagerStore::value)
          .forEach(out::add);
      next = page.nextToken();
    } while (next != null && !next.isEmpty());
    return List.copyOf(out);
  }

  private List<SecretValue> findListed(Scope scope, SecretFilter filter, Predicate<String> names) {
    String prefix = filter.namePrefix() == null || filter.namePrefix().isEmpty() ? null : filter.namePrefix();
    List<String> arns = listing.list(scope, prefix, filter.tags()).stream().filter(l -> names.test(l.name()))
        .map(SecretsListing.Listed::arn).toList();
    List<SecretValue> out = new ArrayList<>();
    for (int from = 0; from < arns.size(); from += IDS_PER_CALL) {
      List<String> chunk = arns.subList(from, Math.min(arns.size(), from + IDS_PER_CALL));
      batchGet(scope, chunk, "reading the secrets of find " + describe(filter)).forEach((id, outcome) -> {
        if (outcome.failure() != null) {
          throw outcome.failure();
        }
        out.add(outcome.value());
      });
    }
    return List.copyOf(out);
  }

  private static String describe(SecretFilter filter) {
    List<String> parts = new ArrayList<>();
    if (filter.namePrefix() != null) {
      parts.add(filter.namePrefix() + "*");
    }
    if (!filter.tags().isEmpty()) {
      parts.add("tagged " + new TreeMap<>(filter.tags()));
    }
    if (filter.nameRegexp() != null) {
      parts.add("matching /" + filter.nameRegexp() + "/");
    }
    return String.join(" ", parts);
  }

  /** A batch of ids from many resources: a failure of the whole call is described per id by the batcher. */
  private Map<String, Batcher.Outcome<SecretValue>> batchGetShared(Scope scope, List<String> ids) {
    SourceException noCredentials = calls.credentialsFailure(scope);
    if (noCredentials != null) {
      Map<String, Batcher.Outcome<SecretValue>> out = new HashMap<>();
      ids.forEach(id -> out.put(id, Batcher.Outcome.failed(noCredentials)));
      return out;
    }
    return batchGet(scope, ids, "reading " + ids.size() + " secrets in one BatchGetSecretValue call");
  }

  private Map<String, Batcher.Outcome<SecretValue>> batchGet(Scope scope, List<String> ids, String what) {
    BatchGetSecretValueResponse response = calls.call(scope, RateBudget.Family.BATCH_GET_SECRET_VALUE, what,
        () -> clients.apply(scope).batchGetSecretValue(r -> r.secretIdList(ids)));
    Map<String, Batcher.Outcome<SecretValue>> out = new HashMap<>();
    for (SecretValueEntry v : response.secretValues()) {
      for (String id : ids) {
        if (!out.containsKey(id) && isSecret(id, v.name(), v.arn())) {
          out.put(id, Batcher.Outcome.of(value(v)));
        }
      }
    }
    for (APIErrorType e : response.errors()) {
      if (ids.contains(e.secretId())) {
        out.put(e.secretId(), Batcher.Outcome.failed(SecretReadFailures.of(e.errorCode(), e.secretId(), e.message())));
      }
    }
    for (String id : ids) {
      out.putIfAbsent(id, Batcher.Outcome.failed(new SourceException.NotFound("secret " + id + " does not exist in "
          + scope.region() + " (read as " + scope.identity().describe() + ")")));
    }
    return out;
  }

  /** Whether a requested id (name, full ARN or partial ARN) is this secret. */
  static boolean isSecret(String id, String name, String arn) {
    return id.equals(name) || id.equals(arn) || (arn != null && arn.startsWith(id + "-")
        && arn.length() == id.length() + 7);
  }

  private SecretValue getVersion(Scope scope, SecretSelector s) {
    GetSecretValueResponse r = calls.call(scope, RateBudget.Family.SECRETS_MANAGER, "reading secret " + s,
        () -> clients.apply(scope).getSecretValue(b -> b.secretId(s.secretId()).versionId(s.versionId())
            .versionStage(s.versionStage())));
    return new SecretValue(r.name(), r.arn(), r.versionId(), r.versionStages(), r.secretString(),
        bytes(r.secretBinary()));
  }

  private static SecretValue value(SecretValueEntry v) {
    return new SecretValue(v.name(), v.arn(), v.versionId(), v.versionStages(), v.secretString(),
        bytes(v.secretBinary()));
  }

  private static byte[] bytes(SdkBytes b) {
    return b == null ? null : b.asByteArray();
  }
}
