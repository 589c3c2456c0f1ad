package io.kaso.operator.source.aws;

import io.kaso.operator.source.Parameter;
import io.kaso.operator.source.ParameterSelector;
import io.kaso.operator.source.ParameterStore;
import io.kaso.operator.source.Scope;
import io.kaso.operator.source.SourceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DescribeParametersRequest;
import software.amazon.awssdk.services.ssm.model.DescribeParametersResponse;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathRequest;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathResponse;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;

/**
 * Parameter Store behind the port: GetParametersByPath (all pages, decrypted) and GetParameters (names from all
 * resources batched by 10, decrypted), both coalesced and cached for the TTL.
 */
public final class SsmParameterStore implements ParameterStore {
  /** GetParameters takes at most 10 names. */
  static final int NAMES_PER_CALL = 10;
  /** GetParametersByPath returns at most 10 parameters per page. */
  static final int PAGE_SIZE = 10;
  /** Parameter names that read a Secrets Manager secret through Parameter Store start with this. */
  static final String SECRETS_MANAGER_REFERENCE = "/aws/reference/secretsmanager/";
  /** GetParameters rejects the whole call when one name is longer (with its :version or :label). */
  static final int MAX_NAME_LENGTH = 2048;

  record PathKey(Scope scope, String path, boolean recursive) {}

  record NameKey(Scope scope, ParameterSelector selector) {}

  record TaggedPathKey(Scope scope, String path, boolean recursive, Map<String, String> tags) {}

  record TagsKey(Scope scope, String name) {}

  /** DescribeParameters returns at most 50 parameters per page. */
  static final int DESCRIBE_PAGE = 50;

  private final Function<Scope, SsmClient> clients;
  private final AwsCalls calls;
  private final SourceCache cache;
  private final Batcher<Scope, ParameterSelector, Optional<Parameter>> batcher;
  private final Executor batchCalls;

  public SsmParameterStore(Function<Scope, SsmClient> clients, AwsCalls calls, SourceCache cache,
      Duration batchWindow, ScheduledExecutorService scheduler, Executor batchCalls) {
    this.clients = clients;
    this.calls = calls;
    this.cache = cache;
    this.batchCalls = batchCalls;
    this.batcher = new Batcher<>(batchWindow, NAMES_PER_CALL, scheduler, batchCalls, this::getParameters,
        new BatchIsolation<>(s -> "reading parameter " + s.wireName()));
  }

  @Override
  public List<Parameter> byPath(Scope scope, String path, boolean recursive) {
    String normalized = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return cache.get(new PathKey(scope, normalized, recursive), () -> readPath(scope, normalized, recursive));
  }

  @Override
  public List<Parameter> byTags(Scope scope, String path, boolean recursive, Map<String, String> tags) {
    String normalized = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    Map<String, String> wanted = Map.copyOf(tags);
    return cache.get(new TaggedPathKey(scope, normalized, recursive, wanted),
        () -> readTagged(scope, normalized, recursive, wanted));
  }

  @Override
  public Map<String, String> tags(Scope scope, String name) {
    SourceException malformed = malformed(new ParameterSelector(name, null, null));
    if (malformed != null) {
      throw malformed;
    }
    return cache.get(new TagsKey(scope, name), () -> {
      ListTagsForResourceResponse r = calls.call(scope, RateBudget.Family.SSM, "reading the tags of parameter " + name,
          () -> clients.apply(scope).listTagsForResource(b -> b.resourceType(ResourceTypeForTagging.PARAMETER)
              .resourceId(name)));
      Map<String, String> out = new HashMap<>();
      r.tagList().forEach(t -> out.put(t.key(), t.value() == null ? "" : t.value()));
      return Map.copyOf(out);
    });
  }

  @Override
  public Map<ParameterSelector, Parameter> byName(Scope scope, Collection<ParameterSelector> selectors) {
    Map<ParameterSelector, CompletableFuture<Optional<Parameter>>> pending = new LinkedHashMap<>();
    for (ParameterSelector s : selectors) {
      SourceException malformed = malformed(s);
      // A name AWS rejects would fail the whole shared call: it never joins a batch.
      pending.put(s, malformed != null ? CompletableFuture.failedFuture(malformed)
          : cache.getAsync(new NameKey(scope, s), () -> batcher.submit(scope, s)));
    }
    Map<ParameterSelector, Parameter> found = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (Map.Entry<ParameterSelector, CompletableFuture<Optional<Parameter>>> e : pending.entrySet()) {
      Optional<Parameter> p = Futures.await(e.getValue(), "reading parameter " + e.getKey());
      if (p.isPresent()) {
        found.put(e.getKey(), p.get());
      } else {
        missing.add(e.getKey().wireName());
      }
    }
    if (!missing.isEmpty()) {
      throw new SourceException.NotFound((missing.size() == 1 ? "parameter " : "parameters ")
          + String.join(", ", missing) + (missing.size() == 1 ? " does" : " do") + " not exist in "
          + scope.region() + " (read as " + scope.identity().describe() + ")");
    }
    return found;
  }

  @Override
  public void prefetchNames(Scope scope, Collection<ParameterSelector> selectors, Duration keep) {
    for (ParameterSelector s : selectors) {
      if (malformed(s) == null) {
        cache.getAsync(new NameKey(scope, s), () -> batcher.submit(scope, s), keep);
      }
    }
  }

  @Override
  public CompletableFuture<?> inFlight(Scope scope, Collection<ParameterSelector> selectors,
      Collection<Map.Entry<String, Boolean>> paths) {
    List<CompletableFuture<?>> pending = new ArrayList<>();
    for (ParameterSelector s : selectors) {
      Optional.ofNullable(cache.inFlight(new NameKey(scope, s))).ifPresent(pending::add);
    }
    for (Map.Entry<String, Boolean> p : paths) {
      String path = p.getKey();
      String normalized = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
      Optional.ofNullable(cache.inFlight(new PathKey(scope, normalized, p.getValue()))).ifPresent(pending::add);
    }
    return pending.isEmpty() ? null : CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
  }

  @Override
  public void prefetchPath(Scope scope, String path, boolean recursive, Duration keep) {
    String normalized = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    cache.getAsync(new PathKey(scope, normalized, recursive),
        () -> CompletableFuture.supplyAsync(() -> readPath(scope, normalized, recursive), batchCalls),
        keep);
  }

  private static SourceException malformed(ParameterSelector s) {
    String wire = s.wireName();
    if (s.name().isEmpty() || wire.length() > MAX_NAME_LENGTH) {
      return new SourceException.InvalidRequest("parameter name " + abbreviate(wire) + " is "
          + (s.name().isEmpty() ? "empty" : wire.length() + " characters long; AWS allows at most " + MAX_NAME_LENGTH),
          null);
    }
    return null;
  }

  private static String abbreviate(String name) {
    return name.length() <= 80 ? name : name.substring(0, 80) + "...";
  }

  @Override
  public void forget(String nameOrPath) {
    String folder = nameOrPath.endsWith("/") ? nameOrPath : nameOrPath + "/";
    String path = nameOrPath.length() > 1 && nameOrPath.endsWith("/")
        ? nameOrPath.substring(0, nameOrPath.length() - 1) : nameOrPath;
    cache.invalidate(k -> (k instanceof NameKey n
            && (n.selector().name().equals(nameOrPath) || n.selector().name().startsWith(folder)))
        || (k instanceof TagsKey t && (t.name().equals(nameOrPath) || t.name().startsWith(folder)))
        || (k instanceof PathKey p && (p.path().equals(path) || covers(p, nameOrPath)
            || p.path().startsWith(folder)))
        || (k instanceof TaggedPathKey tp && (tp.path().equals(path) || tp.path().startsWith(folder)
            || covers(new PathKey(tp.scope(), tp.path(), tp.recursive()), nameOrPath))));
  }

  static boolean covers(PathKey key, String name) {
    String base = key.path().endsWith("/") ? key.path() : key.path() + "/";
    if (!name.startsWith(base)) {
      return false;
    }
    return key.recursive() || name.indexOf('/', base.length()) < 0;
  }

  private List<Parameter> readPath(Scope scope, String path, boolean recursive) {
    List<Parameter> out = new ArrayList<>();
    String next = null;
    do {
      GetParametersByPathRequest request = GetParametersByPathRequest.builder().path(path).recursive(recursive)
          .withDecryption(true).maxResults(PAGE_SIZE).nextToken(next).build();
      GetParametersByPathResponse page = calls.call(scope, RateBudget.Family.SSM, "reading path " + path,
          () -> clients.apply(scope).getParametersByPath(request));
      page.parameters().forEach(p -> out.add(new Parameter(p.name(), p.typeAsString(), p.value(), p.version())));
      next = page.nextToken();
    } while (next != null && !next.isEmpty());
    return List.copyOf(out);
  }

  /**
   * The parameters under a path carrying the tags: their names from DescribeParameters (filtered by path and tags on
   * the AWS side), their values from GetParameters, 10 names per call (as many calls as a path read of them takes). A
   * parameter deleted between the two calls is left out, as the path read would leave it out.
   */
  private List<Parameter> readTagged(Scope scope, String path, boolean recursive, Map<String, String> tags) {
    List<ParameterStringFilter> filters = new ArrayList<>();
    filters.add(ParameterStringFilter.builder().key("Path").option(recursive ? "Recursive" : "OneLevel")
        .values(path).build());
    new TreeMap<>(tags).forEach((k, v) -> filters.add(ParameterStringFilter.builder().key("tag:" + k).option("Equals")
        .values(v).build()));
    String what = "listing the parameters under " + path + " tagged " + new TreeMap<>(tags);
    List<String> names = new ArrayList<>();
    String next = null;
    do {
      DescribeParametersRequest request = DescribeParametersRequest.builder().parameterFilters(filters)
          .maxResults(DESCRIBE_PAGE).nextToken(next).build();
      DescribeParametersResponse page = calls.call(scope, RateBudget.Family.SSM, what,
          () -> clients.apply(scope).describeParameters(request));
      page.parameters().forEach(p -> names.add(p.name()));
      next = page.nextToken();
    } while (next != null && !next.isEmpty());
    List<Parameter> out = new ArrayList<>();
    for (int from = 0; from < names.size(); from += NAMES_PER_CALL) {
      Map<String, ParameterSelector> chunk = new LinkedHashMap<>();
      names.subList(from, Math.min(names.size(), from + NAMES_PER_CALL))
          .forEach(n -> chunk.put(n, new ParameterSelector(n, null, null)));
      Map<ParameterSelector, Batcher.Outcome<Optional<Parameter>>> read = getParametersOnce(scope, chunk);
      chunk.values().forEach(s -> {
        Batcher.Outcome<Optional<Parameter>> o = read.get(s);
        if (o.failure() != null) {
          throw o.failure();
        }
        o.value().ifPresent(out::add);
      });
    }
    return List.copyOf(out);
  }

  /**
   * One GetParameters call per round of distinct names: a response names each parameter but only AWS (not every
   * emulator) says which selector it answers, so two selectors of one name never share a call.
   */
  private Map<ParameterSelector, Batcher.Outcome<Optional<Parameter>>> getParameters(Scope scope,
      List<ParameterSelector> batch) {
    Map<ParameterSelector, Batcher.Outcome<Optional<Parameter>>> out = new HashMap<>();
    SourceException noCredentials = calls.credentialsFailure(scope);
    if (noCredentials != null) {
      batch.forEach(s -> out.put(s, Batcher.Outcome.failed(noCredentials)));
      return out;
    }
    List<ParameterSelector> rest = new ArrayList<>(batch);
    while (!rest.isEmpty()) {
      Map<String, ParameterSelector> round = new LinkedHashMap<>();
      rest.removeIf(sel -> round.putIfAbsent(sel.name(), sel) == null);
      out.putAll(getParametersOnce(scope, round));
    }
    return out;
  }

  private Map<ParameterSelector, Batcher.Outcome<Optional<Parameter>>> getParametersOnce(Scope scope,
      Map<String, ParameterSelector> byName) {
    List<String> wireNames = byName.values().stream().map(ParameterSelector::wireName).toList();
    // Names no selector: the names come from many resources, and the batcher describes a failure per item.
    GetParametersResponse response = calls.call(scope, RateBudget.Family.SSM,
        "reading " + wireNames.size() + " parameters in one GetParameters call",
        () -> clients.apply(scope).getParameters(r -> r.names(wireNames).withDecryption(true)));
    Map<ParameterSelector, Batcher.Outcome<Optional<Parameter>>> out = new HashMap<>();
    response.parameters().forEach(p -> {
      ParameterSelector s = byName.get(p.name());
      if (s == null) {
        // A Secrets Manager reference may come back under the secret's own name.
        s = byName.get(SECRETS_MANAGER_REFERENCE + p.name());
      }
      if (s != null) {
        out.put(s, Batcher.Outcome.of(Optional.of(new Parameter(s.name(), p.typeAsString(), p.value(),
            p.version()))));
      }
    });
    byName.values().forEach(s -> out.putIfAbsent(s, Batcher.Outcome.of(Optional.empty())));
    return out;
  }
}
