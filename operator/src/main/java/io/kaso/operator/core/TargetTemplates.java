package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.KasoLabels;
import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.api.v1alpha1.Target;
import io.kaso.operator.api.v1alpha1.TemplateMergePolicy;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds the target from its templates (DESIGN 2.4): the keys of target.template beside the fetched keys (Merge) or
 * instead of them (Replace), and the labels and annotations of target.templateLabels and target.templateAnnotations.
 * A template with Jinja syntax is rendered by the {@link TemplateEngine}; one without is expanded byte for byte
 * ({@code ${KEY}}), as before there was an engine. Every failure is InvalidSpec (KeyCollision for a template key that
 * is also fetched) with a message that names the template and never a value.
 */
public final class TargetTemplates {
  /** Kubernetes' limit for a label value. */
  static final int MAX_LABEL_VALUE = 63;
  /** What a label template may render before it is refused: enough to say the value is too long, no more. */
  private static final int LABEL_RENDER_ROOM = 4096;
  /** Kubernetes' limit for all annotations of an object together (keys and values). */
  static final int MAX_ANNOTATIONS_BYTES = 256 * 1024;
  private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*"
      + "[a-z0-9])?)*");
  private static final String KASO_PREFIX = "kaso.io/";
  /** The time all templates of one target may take to render together. */
  public static final Duration RENDER_TIME = Duration.ofSeconds(5);

  private final TemplateEngine engine;
  private final Clock clock;

  public TargetTemplates(TemplateEngine engine, Clock clock) {
    this.engine = engine;
    this.clock = clock;
  }

  /**
   * Checks what needs no fetched value: template keys, label and annotation keys, and the merge policy.
   *
   * @throws SyncFailure InvalidSpec naming the field
   */
  public static void check(Target target) {
    Map<String, String> template = target.templateOrEmpty();
    if (target.templateMergePolicyOrDefault() == TemplateMergePolicy.Replace && template.isEmpty()) {
      throw SyncFailure.invalidSpec("target.templateMergePolicy Replace writes only the keys of target.template, "
          + "and it has none: add template keys or use Merge");
    }
    template.keySet().forEach(key -> {
      if (!KeyDeriver.isValidKey(key)) {
        throw SyncFailure.invalidSpec("template key '" + key + "' is not a valid Secret key");
      }
    });
    checkKeys("target.templateLabels", target.templateLabelsOrEmpty().keySet(), target.getLabels(),
        "target.labels", Set.of(KasoLabels.MANAGED_BY, KasoLabels.OWNER_KIND));
    checkKeys("target.templateAnnotations", target.templateAnnotationsOrEmpty().keySet(), target.getAnnotations(),
        "target.annotations", Set.of());
  }

  /**
   * The target's data, labels and annotations.
   *
   * @throws SyncFailure InvalidSpec for an invalid template, key, label value, or data over 1 MiB; KeyCollision when
   *     (Merge) a template key is also a fetched key
   */
  public RenderedTarget render(Target target, SecretData fetched) {
    check(target);
    Map<String, String> template = target.templateOrEmpty();
    Map<String, String> labels = target.templateLabelsOrEmpty();
    Map<String, String> annotations = target.templateAnnotationsOrEmpty();
    if (template.isEmpty() && labels.isEmpty() && annotations.isEmpty()) {
      return new RenderedTarget(fetched, TargetMetadata.NONE);
    }
    Inputs in = new Inputs(fetched, text(fetched), clock.instant().plus(RENDER_TIME));
    boolean replace = target.templateMergePolicyOrDefault() == TemplateMergePolicy.Replace;
    Map<String, byte[]> out = new LinkedHashMap<>(replace ? Map.of() : fetched.entries());
    TemplateRenderer.Budget budget = new TemplateRenderer.Budget(
        SecretData.MAX_BYTES - (replace ? 0 : fetched.byteSize()));
    template.forEach((key, text) -> {
      if (!replace && fetched.containsKey(key)) {
        throw new SyncFailure(Reason.KeyCollision, "key " + key + " comes from both target.template and a fetched "
            + "source (rename the template key, or use target.templateMergePolicy: Replace)");
      }
      String where = "target.template key " + key;
      out.put(key, DollarReferences.isJinja(orEmpty(text))
          ? utf8(render(where, orEmpty(text), in, (int) Math.min(budget.left(), SecretData.MAX_BYTES)), where, budget)
          : TemplateRenderer.expand(where, orEmpty(text), fetched, budget));
    });
    return new RenderedTarget(SecretData.of(out), new TargetMetadata(labels(labels, in), annotations(annotations, in)));
  }

  private Map<String, String> labels(Map<String, String> templates, Inputs in) {
    Map<String, String> out = new LinkedHashMap<>();
    templates.forEach((key, text) -> {
      String where = "target.templateLabels key " + key;
      // Rendered with some room (not the Secret's 1 MiB), so a label that comes out too long is reported as such.
      String value = renderText(where, orEmpty(text), in, LABEL_RENDER_ROOM);
      if (value.length() > MAX_LABEL_VALUE || !LABEL_VALUE.matcher(value).matches()) {
        throw SyncFailure.invalidSpec(where + " does not render a valid label value (at most " + MAX_LABEL_VALUE
            + " characters: letters, digits, '-', '_' and '.', beginning and ending with a letter or digit)");
      }
      out.put(key, value);
    });
    return out;
  }

  private Map<String, String> annotations(Map<String, String> templates, Inputs in) {
    Map<String, String> out = new LinkedHashMap<>();
    long[] left = {MAX_ANNOTATIONS_BYTES};
    templates.forEach((key, text) -> {
      String where = "target.templateAnnotations key " + key;
      String value = renderText(where, orEmpty(text), in, (int) Math.max(0, left[0]));
      left[0] -= key.length() + value.getBytes(StandardCharsets.UTF_8).length;
      if (left[0] < 0) {
        throw SyncFailure.invalidSpec(where + ": the rendered annotations pass Kubernetes' limit of "
            + MAX_ANNOTATIONS_BYTES + " bytes for all annotations together");
      }
      out.put(key, value);
    });
    return out;
  }

  /** A label's or annotation's value: Jinja when it has Jinja syntax, else {@code ${KEY}} expansion. */
  private String renderText(String where, String text, Inputs in, int maxChars) {
    if (DollarReferences.isJinja(text)) {
      return render(where, text, in, maxChars);
    }
    byte[] expanded = TemplateRenderer.expand(where, text, in.fetched(), new TemplateRenderer.Budget(maxChars));
    return decode(expanded).orElseThrow(() -> SyncFailure.invalidSpec(where + " refers to a value that is not "
        + "UTF-8 text"));
  }

  private String render(String where, String text, Inputs in, int maxChars) {
    String jinja = DollarReferences.toJinja(where, text, in.fetched().entries().keySet(), in.text().keySet());
    try {
      return engine.render(jinja, in.text(), maxChars, Duration.between(clock.instant(), in.deadline()));
    } catch (TemplateEngine.TemplateException e) {
      throw SyncFailure.invalidSpec(where + ": " + e.getMessage());
    }
  }

  private static byte[] utf8(String rendered, String where, TemplateRenderer.Budget budget) {
    byte[] bytes = rendered.getBytes(StandardCharsets.UTF_8);
    budget.take(bytes.length, where);
    return bytes;
  }

  /** The fetched values that are UTF-8 text, as text: what a Jinja template can use. */
  private static Map<String, String> text(SecretData fetched) {
    Map<String, String> out = new LinkedHashMap<>();
    fetched.entries().forEach((k, v) -> decode(v).ifPresent(s -> out.put(k, s)));
    return out;
  }

  private static Optional<String> decode(byte[] bytes) {
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static void checkKeys(String field, Set<String> keys, Map<String, String> plain, String plainField,
      Set<String> reserved) {
    for (String key : keys) {
      if (!isQualifiedName(key)) {
        throw SyncFailure.invalidSpec(field + " key '" + key + "' is not a valid key (an optional DNS-subdomain "
            + "prefix and '/', then at most 63 characters: letters, digits, '-', '_' and '.')");
      }
      if (plain != null && plain.containsKey(key)) {
        throw SyncFailure.invalidSpec(key + " is in both " + plainField + " and " + field + ": keep one");
      }
      if (reserved.contains(key) || key.startsWith(KASO_PREFIX)) {
        throw SyncFailure.invalidSpec(field + " key " + key + " is Kaso's own: choose another key");
      }
    }
  }

  private static boolean isQualifiedName(String key) {
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
        return false;
      }
    }
    return !name.isEmpty() && name.length() <= 63 && NAME.matcher(name).matches();
  }

  private static String orEmpty(String text) {
    return text == null ? "" : text;
  }

  /** The fetched data, the part of it that is text, and when rendering must be done. */
  private record Inputs(SecretData fetched, Map<String, String> text, Instant deadline) {}
}
