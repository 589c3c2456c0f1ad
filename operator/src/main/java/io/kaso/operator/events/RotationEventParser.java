package io.kaso.operator.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaso.operator.core.SourceChange;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the EventBridge events Kaso acts on, delivered to SQS directly or wrapped in an SNS notification:
 * Secrets Manager API calls and rotation service events (via CloudTrail) and Parameter Store changes and policy
 * actions. Everything else is {@link RotationEvent.Ignored} or {@link RotationEvent.Malformed}, never an exception.
 */
public final class RotationEventParser {
  /** TagResource and UntagResource change what readers of tags (metadataPolicy: Fetch) and tag finds see. */
  static final Set<String> SECRET_CALLS = Set.of("PutSecretValue", "UpdateSecret", "UpdateSecretVersionStage",
      "RotateSecret", "RestoreSecret", "DeleteSecret", "TagResource", "UntagResource");
  static final Set<String> PARAMETER_OPERATIONS = Set.of("Create", "Update", "Delete", "LabelParameterVersion");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Clock clock;

  public RotationEventParser(Clock clock) {
    this.clock = clock;
  }

  public RotationEvent parse(String body) {
    JsonNode event;
    try {
      event = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return new RotationEvent.Malformed("not JSON");
    }
    if (event == null || !event.isObject()) {
      return new RotationEvent.Malformed("not a JSON object");
    }
    if ("Notification".equals(text(event, "Type")) && event.hasNonNull("Message")) {
      try {
        event = JSON.readTree(event.get("Message").asText());
      } catch (JsonProcessingException e) {
        return new RotationEvent.Malformed("SNS message is not JSON");
      }
      if (event == null || !event.isObject()) {
        return new RotationEvent.Malformed("SNS message is not a JSON object");
      }
    }
    String source = text(event, "source");
    String detailType = text(event, "detail-type");
    JsonNode detail = event.get("detail");
    if (source == null || detailType == null || detail == null || !detail.isObject()) {
      return new RotationEvent.Malformed("not an EventBridge event (source, detail-type and detail are required)");
    }
    Instant time = time(text(event, "time"));
    return switch (source) {
      case "aws.secretsmanager" -> secretsManager(detailType, detail, time);
      case "aws.ssm" -> parameterStore(detailType, detail, event, time);
      default -> new RotationEvent.Ignored("unknown", "source " + source);
    };
  }

  private RotationEvent secretsManager(String detailType, JsonNode detail, Instant time) {
    String eventName = text(detail, "eventName");
    if ("AWS API Call via CloudTrail".equals(detailType)) {
      if (eventName == null || !SECRET_CALLS.contains(eventName)) {
        return new RotationEvent.Ignored("secretsmanager", "API call " + eventName);
      }
      String id = text(detail.path("requestParameters"), "secretId");
      if (id == null) {
        return new RotationEvent.Malformed(eventName + " without requestParameters.secretId");
      }
      return new RotationEvent.Change("secretsmanager", SourceChange.secret(id), time, eventName);
    }
    if ("AWS Service Event via CloudTrail".equals(detailType)) {
      if (eventName == null || !eventName.contains("Rotation")) {
        return new RotationEvent.Ignored("secretsmanager", "service event " + eventName);
      }
      String id = text(detail.path("additionalEventData"), "SecretId");
      if (id == null) {
        return new RotationEvent.Malformed(eventName + " without additionalEventData.SecretId");
      }
      return new RotationEvent.Change("secretsmanager", SourceChange.secret(id), time, eventName);
    }
    return new RotationEvent.Ignored("secretsmanager", "detail-type " + detailType);
  }

  private RotationEvent parameterStore(String detailType, JsonNode detail, JsonNode event, Instant time) {
    if ("Parameter Store Change".equals(detailType)) {
      String name = text(detail, "name");
      String operation = text(detail, "operation");
      if (name == null || operation == null) {
        return new RotationEvent.Malformed("Parameter Store Change without name or operation");
      }
      if (!PARAMETER_OPERATIONS.contains(operation)) {
        return new RotationEvent.Ignored("ssm", "operation " + operation);
      }
      return new RotationEvent.Change("ssm", SourceChange.parameter(name), time, operation);
    }
    if ("Parameter Store Policy Action".equals(detailType)) {
      String name = text(detail, "parameter-name");
      if (name == null) {
        name = text(detail, "name");
      }
      if (name == null) {
        name = parameterFromArn(event.path("resources").path(0).asText(null));
      }
      if (name == null) {
        return new RotationEvent.Malformed("Parameter Store Policy Action without a parameter name");
      }
      String policyType = text(detail, "policy-type");
      return new RotationEvent.PolicyAction("ssm", SourceChange.parameter(name), time,
          policyType == null ? "Policy" : policyType, policyMessage(name, policyType, detail));
    }
    return new RotationEvent.Ignored("ssm", "detail-type " + detailType);
  }

  private static String policyMessage(String name, String policyType, JsonNode detail) {
    List<String> parts = new ArrayList<>();
    parts.add("parameter " + name + ": " + (policyType == null ? "a parameter policy" : policyType + " policy"));
    String status = text(detail, "action-status");
    if (status != null) {
      parts.add("status " + status);
    }
    String reason = text(detail, "action-reason");
    if (reason != null) {
      parts.add(reason);
    }
    String content = text(detail, "policy-content");
    if (content != null) {
      try {
        JsonNode policy = JSON.readTree(content);
        String at = text(policy.path("Attributes"), "Timestamp");
        if (at != null) {
          parts.add(("Expiration".equals(policyType) ? "expired at " : "expires at ") + at);
        }
        String after = text(policy.path("Attributes"), "After");
        if (after != null) {
          parts.add("after " + after + " " + policy.path("Attributes").path("Unit").asText("").toLowerCase());
        }
      } catch (JsonProcessingException e) {
        // The message stands without the policy's details.
      }
    }
    return String.join("; ", parts);
  }

  private static String parameterFromArn(String arn) {
    if (arn == null) {
      return null;
    }
    int at = arn.indexOf(":parameter/");
    if (at < 0) {
      return null;
    }
    String tail = arn.substring(at + ":parameter".length());
    return tail.startsWith("//") ? tail.substring(1) : tail;
  }

  private Instant time(String text) {
    if (text != null) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        // fall back to now
      }
    }
    return clock.instant();
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
  }
}
