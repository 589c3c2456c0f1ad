package io.kaso.operator.source.aws;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.APIErrorType;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsRequest;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * Secrets Manager in memory: secrets with ARNs (name plus a six-character suffix), versions and stages, and tags.
 * BatchGetSecretValue by ids (at most 20, per-id Errors) or by filters (pages of MaxResults), GetSecretValue by
 * version or stage, ListSecrets with AWS's filter semantics: the name filter is a case-insensitive prefix, and
 * tag-key and tag-value filters match keys and values independently. Records every request; denies chosen secrets.
 * As in AWS, a missing or denied id is an entry of the answer's Errors, but one malformed id (characters a secret id
 * cannot have, or longer than 2048) fails the whole BatchGetSecretValue call with a ValidationException that names
 * every id of the call.
 */
final class FakeSecretsManagerClient implements SecretsManagerClient {
  static final String ARN_PREFIX = "arn:aws:secretsmanager:us-east-1:123456789012:secret:";

  private static final class Secret {
    final String name;
    final String arn;
    final Map<String, String> tags;
    final Map<String, String> values = new LinkedHashMap<>();
    final Map<String, Set<String>> stages = new LinkedHashMap<>();

    Secret(String name, String arn, Map<String, String> tags) {
      this.name = name;
      this.arn = arn;
      this.tags = tags;
    }

    String versionAt(String stage) {
      return stages.entrySet().stream().filter(e -> e.getValue().contains(stage)).map(Map.Entry::getKey).findFirst()
          .orElse(null);
    }
  }

  final List<BatchGetSecretValueRequest> batchGets = new CopyOnWriteArrayList<>();
  final List<GetSecretValueRequest> gets = new CopyOnWriteArrayList<>();
  final List<ListSecretsRequest> lists = new CopyOnWriteArrayList<>();
  final List<DescribeSecretRequest> describes = new CopyOnWriteArrayList<>();
  private final Map<String, Secret> secrets = new TreeMap<>();
  private final Set<String> denied = new HashSet<>();
  private int versions;

  /** Creates a secret with one version, AWSCURRENT; returns its ARN. */
  synchronized String create(String name, String value, Map<String, String> tags) {
    String arn = ARN_PREFIX + name + "-" + String.format("Rnd%03d", secrets.size());
    secrets.put(name, new Secret(name, arn, Map.copyOf(tags)));
    putValue(name, value);
    return arn;
  }

  synchronized String create(String name, String value) {
    return create(name, value, Map.of());
  }

  /** Adds a version that becomes AWSCURRENT (the previous current becomes AWSPREVIOUS); returns its version id. */
  synchronized String putValue(String name, String value) {
    Secret s = secrets.get(name);
    String versionId = "version-" + (++versions);
    String previous = s.versionAt("AWSCURRENT");
    s.stages.values().forEach(st -> st.remove("AWSPREVIOUS"));
    if (previous != null) {
      s.stages.get(previous).remove("AWSCURRENT");
      s.stages.get(previous).add("AWSPREVIOUS");
    }
    s.values.put(versionId, value);
    s.stages.put(versionId, new HashSet<>(Set.of("AWSCURRENT")));
    return versionId;
  }

  /** Reads of this secret are denied from now on. */
  synchronized void deny(String name) {
    denied.add(name);
  }

  /** The ids sent in each BatchGetSecretValue call by id, in call order. */
  List<List<String>> idsPerBatchGet() {
    return batchGets.stream().filter(BatchGetSecretValueRequest::hasSecretIdList)
        .map(BatchGetSecretValueRequest::secretIdList).toList();
  }

  @Override
  public synchronized BatchGetSecretValueResponse batchGetSecretValue(BatchGetSecretValueRequest request) {
    batchGets.add(request);
    if (request.hasSecretIdList() && !request.secretIdList().isEmpty()) {
      if (request.secretIdList().size() > 20) {
        throw InvalidParameterException.builder().message("at most 20 secret ids").statusCode(400).build();
      }
      for (String id : request.secretIdList()) {
        if (id.length() > 2048 || !id.matches("[A-Za-z0-9/_+=.@:-]+")) {
          throw (SecretsManagerException) SecretsManagerException.builder().statusCode(400).awsErrorDetails(
              AwsErrorDetails.builder().errorCode("ValidationException").errorMessage("1 validation error detected: "
                  + "Value '" + request.secretIdList() + "' at 'secretIdList' failed to satisfy constraint").build())
              .build();
        }
      }
      List<SecretValueEntry> values = new ArrayList<>();
      List<APIErrorType> errors = new ArrayList<>();
      for (String id : request.secretIdList()) {
        Secret s = resolve(id);
        if (s == null) {
          errors.add(error(id, "ResourceNotFoundException", "Secrets Manager can't find the specified secret."));
        } else if (denied.contains(s.name)) {
          errors.add(error(id, "AccessDeniedException", "not authorized to perform: secretsmanager:GetSecretValue"));
        } else {
          values.add(entry(s, s.versionAt("AWSCURRENT")));
        }
      }
      return BatchGetSecretValueResponse.builder().secretValues(values).errors(errors).build();
    }
    List<Secret> matching = secrets.values().stream().filter(s -> matches(s, request.filters())).toList();
    int pageSize = request.maxResults() == null ? 20 : request.maxResults();
    int from = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
    int to = Math.min(matching.size(), from + pageSize);
    return BatchGetSecretValueResponse.builder()
        .secretValues(matching.subList(from, to).stream().map(s -> entry(s, s.versionAt("AWSCURRENT"))).toList())
        .nextToken(to < matching.size() ? String.valueOf(to) : null).build();
  }

  @Override
  public synchronized GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
    gets.add(request);
    Secret s = resolve(request.secretId());
    if (s == null) {
      throw notFound();
    }
    if (denied.contains(s.name)) {
      throw (SecretsManagerException) SecretsManagerException.builder().statusCode(400).awsErrorDetails(
          AwsErrorDetails.builder().errorCode("AccessDeniedException").errorMessage("not authorized").build()).build();
    }
    String versionId = request.versionId() != null ? request.versionId()
        : s.versionAt(request.versionStage() != null ? request.versionStage() : "AWSCURRENT");
    if (versionId == null || !s.values.containsKey(versionId)) {
      throw notFound();
    }
    return GetSecretValueResponse.builder().name(s.name).arn(s.arn).versionId(versionId)
        .versionStages(s.stages.get(versionId)).secretString(s.values.get(versionId)).build();
  }

  @Override
  public synchronized DescribeSecretResponse describeSecret(DescribeSecretRequest request) {
    describes.add(request);
    Secret s = resolve(request.secretId());
    if (s == null) {
      throw notFound();
    }
    return DescribeSecretResponse.builder().name(s.name).arn(s.arn).tags(s.tags.entrySet().stream()
        .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList()).build();
  }

  @Override
  public synchronized ListSecretsResponse listSecrets(ListSecretsRequest request) {
    lists.add(request);
    List<Secret> matching = secrets.values().stream().filter(s -> matches(s, request.filters())).toList();
    int pageSize = request.maxResults() == null ? 100 : request.maxResults();
    int from = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
    int to = Math.min(matching.size(), from + pageSize);
    return ListSecretsResponse.builder().secretList(matching.subList(from, to).stream()
            .map(s -> SecretListEntry.builder().name(s.name).arn(s.arn)
                .tags(s.tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
                    .toList())
                .build())
            .toList())
        .nextToken(to < matching.size() ? String.valueOf(to) : null).build();
  }

  private Secret resolve(String id) {
    for (Secret s : secrets.values()) {
      String partialArn = s.arn.substring(0, s.arn.length() - "-Rnd000".length());
      if (id.equals(s.name) || id.equals(s.arn) || id.equals(partialArn)) {
        return s;
      }
    }
    return null;
  }

  private static boolean matches(Secret s, List<Filter> filters) {
    for (Filter f : filters) {
      boolean any = f.values().stream().anyMatch(v -> {
        if (f.key() == FilterNameStringType.NAME) {
          return s.name.toLowerCase(Locale.ROOT).startsWith(v.toLowerCase(Locale.ROOT));
        }
        if (f.key() == FilterNameStringType.TAG_KEY) {
          return s.tags.keySet().stream().anyMatch(k -> k.startsWith(v));
        }
        if (f.key() == FilterNameStringType.TAG_VALUE) {
          return s.tags.values().stream().anyMatch(tv -> tv.startsWith(v));
        }
        throw new UnsupportedOperationException("filter " + f.keyAsString());
      });
      if (!any) {
        return false;
      }
    }
    return true;
  }

  private static SecretValueEntry entry(Secret s, String versionId) {
    return SecretValueEntry.builder().name(s.name).arn(s.arn).versionId(versionId)
        .versionStages(s.stages.get(versionId)).secretString(s.values.get(versionId)).build();
  }

  private static APIErrorType error(String id, String code, String message) {
    return APIErrorType.builder().secretId(id).errorCode(code).message(message).build();
  }

  private static ResourceNotFoundException notFound() {
    return (ResourceNotFoundException) ResourceNotFoundException.builder().statusCode(400).awsErrorDetails(
        AwsErrorDetails.builder().errorCode("ResourceNotFoundException")
            .errorMessage("Secrets Manager can't find the specified secret.").build()).build();
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {}
}
