package io.kaso.operator.source.aws;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DescribeParametersRequest;
import software.amazon.awssdk.services.ssm.model.DescribeParametersResponse;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathRequest;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathResponse;
import software.amazon.awssdk.services.ssm.model.GetParametersRequest;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.ssm.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.Tag;

/**
 * Parameter Store in memory: versions and labels per parameter, GetParameters with {@code name:version} and
 * {@code name:label} selectors, GetParametersByPath in pages of MaxResults. SecureStrings read without decryption
 * come back as an opaque blob, as in AWS. As in AWS, one malformed name (characters Parameter Store does not allow,
 * or longer than 2048) or one name the caller may not read fails the whole GetParameters call, with an answer that
 * names every name of the call (ValidationException) or the denied one (AccessDeniedException). Records every request.
 */
final class FakeSsmClient implements SsmClient {
  private record Stored(String type, List<String> versions, Map<String, Long> labels) {}

  final List<GetParametersRequest> getParametersCalls = new CopyOnWriteArrayList<>();
  final List<GetParametersByPathRequest> byPathCalls = new CopyOnWriteArrayList<>();
  final List<DescribeParametersRequest> describeCalls = new CopyOnWriteArrayList<>();
  final List<ListTagsForResourceRequest> tagCalls = new CopyOnWriteArrayList<>();
  private final Map<String, Map<String, String>> tags = new HashMap<>();
  private final Map<String, Stored> parameters = new TreeMap<>();
  private final Set<String> denied = new HashSet<>();
  /** Parameter name characters, plus those of secret names after /aws/reference/secretsmanager/. */
  private static final Pattern WIRE_NAME = Pattern.compile("[A-Za-z0-9_.\\-/+=@]{1,2048}(:[A-Za-z0-9_.\\-]+)?");

  private volatile RuntimeException nextFailure;

  /** The next call (of any kind) fails with this. */
  void failNextWith(RuntimeException failure) {
    nextFailure = failure;
  }

  private void failIfAsked() {
    RuntimeException failure = nextFailure;
    if (failure != null) {
      nextFailure = null;
      throw failure;
    }
  }

  /** GetParameters calls that include this name fail as a whole with AccessDeniedException. */
  synchronized void deny(String name) {
    denied.add(name);
  }

  /** Adds a new version of a String parameter. */
  synchronized void put(String name, String value) {
    put(name, "String", value);
  }

  /** Adds a new version of a SecureString parameter. */
  synchronized void putSecure(String name, String value) {
    put(name, "SecureString", value);
  }

  private void put(String name, String type, String value) {
    parameters.computeIfAbsent(name, n -> new Stored(type, new ArrayList<>(), new HashMap<>())).versions().add(value);
  }

  /** Tags a parameter (AddTagsToResource). */
  synchronized void tag(String name, String key, String value) {
    tags.computeIfAbsent(name, n -> new TreeMap<>()).put(key, value);
  }

  synchronized void label(String name, long version, String label) {
    parameters.get(name).labels().put(label, version);
  }

  /** The names sent in each GetParameters call, in call order. */
  List<List<String>> namesPerCall() {
    return getParametersCalls.stream().map(GetParametersRequest::names).toList();
  }

  @Override
  public synchronized GetParametersResponse getParameters(GetParametersRequest request) {
    getParametersCalls.add(request);
    failIfAsked();
    for (String wire : request.names()) {
      if (wire.length() > 2048 || !WIRE_NAME.matcher(wire).matches()) {
        throw failure("ValidationException", "1 validation error detected: Value '" + request.names()
            + "' at 'names' failed to satisfy constraint: Member must satisfy regular expression pattern");
      }
      String name = wire.contains(":") ? wire.substring(0, wire.indexOf(':')) : wire;
      if (denied.contains(name)) {
        throw failure("AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/kaso/kaso is not "
            + "authorized to perform: ssm:GetParameters on resource: arn:aws:ssm:us-east-1:123456789012:parameter"
            + name + " because no identity-based policy allows the ssm:GetParameters action");
      }
    }
    List<Parameter> found = new ArrayList<>();
    List<String> invalid = new ArrayList<>();
    for (String wire : request.names()) {
      int colon = wire.indexOf(':');
      String name = colon < 0 ? wire : wire.substring(0, colon);
      String selector = colon < 0 ? null : wire.substring(colon);
      Stored stored = parameters.get(name);
      Long version = stored == null ? null : versionOf(stored, selector);
      if (version == null) {
        invalid.add(wire);
      } else {
        found.add(parameter(name, stored, version, Boolean.TRUE.equals(request.withDecryption())).toBuilder()
            .selector(selector).build());
      }
    }
    return GetParametersResponse.builder().parameters(found).invalidParameters(invalid).build();
  }

  @Override
  public synchronized GetParametersByPathResponse getParametersByPath(GetParametersByPathRequest request) {
    byPathCalls.add(request);
    failIfAsked();
    String base = request.path().endsWith("/") ? request.path() : request.path() + "/";
    List<Parameter> all = new ArrayList<>();
    parameters.forEach((name, stored) -> {
      boolean under = name.startsWith(base)
          && (Boolean.TRUE.equals(request.recursive()) || name.indexOf('/', base.length()) < 0);
      if (under) {
        all.add(parameter(name, stored, stored.versions().size(), Boolean.TRUE.equals(request.withDecryption())));
      }
    });
    int pageSize = request.maxResults() == null ? 10 : request.maxResults();
    int from = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
    int to = Math.min(all.size(), from + pageSize);
    return GetParametersByPathResponse.builder().parameters(all.subList(from, to))
        .nextToken(to < all.size() ? String.valueOf(to) : null).build();
  }

  /** DescribeParameters with ParameterFilters Path (Recursive or OneLevel) and tag:KEY (Equals), MaxResults pages. */
  @Override
  public synchronized DescribeParametersResponse describeParameters(DescribeParametersRequest request) {
    describeCalls.add(request);
    failIfAsked();
    List<ParameterMetadata> all = new ArrayList<>();
    parameters.forEach((name, stored) -> {
      Map<String, String> carried = tags.getOrDefault(name, Map.of());
      boolean matches = request.parameterFilters().stream().allMatch(f -> {
        if (f.key().equals("Path")) {
          String base = f.values().get(0).endsWith("/") ? f.values().get(0) : f.values().get(0) + "/";
          return name.startsWith(base) && ("Recursive".equals(f.option()) || name.indexOf('/', base.length()) < 0);
        }
        if (f.key().startsWith("tag:") && "Equals".equals(f.option())) {
          return f.values().contains(carried.get(f.key().substring(4)));
        }
        throw new UnsupportedOperationException("filter " + f.key() + " " + f.option());
      });
      if (matches) {
        all.add(ParameterMetadata.builder().name(name).type(stored.type()).version((long) stored.versions().size())
            .build());
      }
    });
    int pageSize = request.maxResults() == null ? 10 : request.maxResults();
    if (pageSize > 50) {
      throw failure("ValidationException", "MaxResults must be at most 50");
    }
    int from = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
    int to = Math.min(all.size(), from + pageSize);
    return DescribeParametersResponse.builder().parameters(all.subList(from, to))
        .nextToken(to < all.size() ? String.valueOf(to) : null).build();
  }

  /** ListTagsForResource of a parameter; InvalidResourceId when it does not exist, as in AWS. */
  @Override
  public synchronized ListTagsForResourceResponse listTagsForResource(ListTagsForResourceRequest request) {
    tagCalls.add(request);
    failIfAsked();
    if (!parameters.containsKey(request.resourceId())) {
      throw failure("InvalidResourceId", "The resource ID is not valid. Verify that you entered the correct ID.");
    }
    return ListTagsForResourceResponse.builder().tagList(tags.getOrDefault(request.resourceId(), Map.of()).entrySet()
        .stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList()).build();
  }

  static SsmException failure(String code, String message) {
    return (SsmException) SsmException.builder().statusCode(400)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
  }

  private static Long versionOf(Stored stored, String selector) {
    if (selector == null) {
      return (long) stored.versions().size();
    }
    String s = selector.substring(1);
    if (s.chars().allMatch(Character::isDigit)) {
      long v = Long.parseLong(s);
      return v >= 1 && v <= stored.versions().size() ? v : null;
    }
    return stored.labels().get(s);
  }

  private static Parameter parameter(String name, Stored stored, long version, boolean decrypt) {
    String value = stored.versions().get((int) version - 1);
    if ("SecureString".equals(stored.type()) && !decrypt) {
      value = "AQICAHencrypted" + Integer.toHexString(value.hashCode());
    }
    return Parameter.builder().name(name).type(stored.type()).value(value).version(version).build();
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {}
}
