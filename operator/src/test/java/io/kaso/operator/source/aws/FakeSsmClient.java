package io.kaso.operator.source.aws;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathRequest;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathResponse;
import software.amazon.awssdk.services.ssm.model.GetParametersRequest;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;

/**
 * Parameter Store in memory: versions and labels per parameter, GetParameters with {@code name:version} and
 * {@code name:label} selectors, GetParametersByPath in pages of MaxResults. SecureStrings read without decryption
 * come back as an opaque blob, as in AWS. Records every request.
 */
final class FakeSsmClient implements SsmClient {
  private record Stored(String type, List<String> versions, Map<String, Long> labels) {}

  final List<GetParametersRequest> getParametersCalls = new CopyOnWriteArrayList<>();
  final List<GetParametersByPathRequest> byPathCalls = new CopyOnWriteArrayList<>();
  private final Map<String, Stored> parameters = new TreeMap<>();

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
