package io.kaso.operator.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.el.JinjavaProcessors;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.lib.tag.SetTag;
import com.hubspot.jinjava.lib.tag.Tag;
import com.hubspot.jinjava.random.RandomNumberGeneratorStrategy;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import io.kaso.operator.core.TemplateEngine;
import java.io.IOException;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Target templates in Jinja syntax, rendered by Jinjava in a sandbox fit for templates that tenants write:
 * <ul>
 *   <li>only allowlisted tags (if, for, set, raw, ...), filters and functions; no include, import, extends, macro,
 *       no file or network access (the resource locator refuses everything);</li>
 *   <li>no Java: expressions read map keys, list indexes and loop.* only, and call no method but filters
 *       ({@link SandboxResolver});</li>
 *   <li>fetched values are data, never template text (no nested interpretation, no render filter);</li>
 *   <li>bounded: output and every string built, range(), lists and maps built, characters filters produce, template
 *       nodes rendered and the time to render ({@link RenderLimits}, checked at every node: rendering runs on the
 *       caller's thread and stops at the next node once a limit is passed; the work between two nodes is bounded by
 *       the size limits).</li>
 * </ul>
 * Deterministic: no random, no current time, so a template renders the same data on every sync.
 */
public final class JinjavaTemplateEngine implements TemplateEngine {
  /** The most numbers range() gives. */
  static final int MAX_RANGE = 10_000;
  /** The most elements a list or map built by a template may have. */
  static final int MAX_ELEMENTS = 100_000;
  /** The most characters a value a template builds (set) may hold. */
  static final long MAX_BUILT_CHARS = 8L * 1024 * 1024;
  /** The most characters all filter calls of one render may return together. */
  static final long MAX_FILTER_CHARS = 32L * 1024 * 1024;
  /** The most template nodes one render may visit. */
  static final int MAX_NODES = 200_000;
  /** The longest one template may take to render (the caller may give it less). */
  static final long TIMEOUT_MILLIS = 5_000;

  static final Set<String> TAGS = Set.of("if", "elif", "else", "for", "set", "raw", "unless", "break", "continue",
      "endif", "endfor", "endset", "endraw", "endunless");
  static final Set<String> FILTERS = Set.of("abs", "b64decode", "b64encode", "bool", "capitalize", "count", "d",
      "default", "dictsort", "escapejson", "first", "float", "fromjson", "fromyaml", "indent", "int", "join", "last",
      "length", "list", "lower", "map", "md5", "regex_replace", "reject", "rejectattr", "replace", "reverse", "round",
      "safe", "select", "selectattr", "sort", "split", "string", "sum", "title", "tojson", "toyaml", "trim",
      "truncate", "unique", "upper", "urldecode", "urlencode", "wordcount");
  /** Function names as Jinjava spells them: namespace:name, the default namespace empty. */
  static final Set<String> FUNCTIONS = Set.of(":range", ":namespace");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern SET_TARGETS = Pattern.compile("^\\s*([^=]*?)\\s*=");

  private final LongSupplier nanoTime;
  private final long timeoutMillis;
  private final Map<Context.Library, Set<String>> disabled;

  /** An engine, warmed up: the first render loads the engine's classes, which must not count against a deadline. */
  public JinjavaTemplateEngine() {
    this(System::nanoTime, TIMEOUT_MILLIS);
    render("{{ (x | fromjson) | tojson | b64encode }}{{ x | toyaml }}", Map.of("x", "{}"), 1024,
        Duration.ofMinutes(1));
  }

  /** @param nanoTime the clock of the render deadline (tests pass one they move) */
  JinjavaTemplateEngine(LongSupplier nanoTime, long timeoutMillis) {
    this.nanoTime = nanoTime;
    this.timeoutMillis = timeoutMillis;
    this.disabled = disabled();
  }

  /** Everything of Jinjava's libraries that is not allowlisted. */
  private static Map<Context.Library, Set<String>> disabled() {
    Context all = new Jinjava().getGlobalContext();
    return Map.of(
        Context.Library.TAG, others(all.getAllTags().stream().map(Tag::getName).collect(Collectors.toSet()), TAGS),
        Context.Library.FILTER, others(all.getAllFilters().stream().map(Filter::getName).collect(Collectors.toSet()),
            FILTERS),
        Context.Library.FUNCTION, others(all.getAllFunctions().stream().map(ELFunctionDefinition::getName)
            .collect(Collectors.toSet()), FUNCTIONS));
  }

  @Override
  public String render(String text, Map<String, String> values, int maxChars, Duration timeLeft) {
    RenderLimits limits = new RenderLimits(nanoTime, MAX_NODES, MAX_FILTER_CHARS);
    Jinjava jinjava = jinjava(limits, maxChars);
    limits.start(Math.max(0, Math.min(timeoutMillis, timeLeft.toMillis())));
    RenderResult result;
    try {
      result = jinjava.renderForResult(text, variables(values));
    } catch (RuntimeException e) {
      // renderForResult turns failures into errors; anything that still escapes is reported without its message.
      throw new TemplateException(limits.violation() != null ? limits.violation().getMessage()
          : "the template engine failed (" + e.getClass().getSimpleName() + ")");
    }
    if (limits.violation() != null || !result.getErrors().isEmpty()) {
      throw new TemplateException(EngineErrors.message(result.getErrors(), limits.violation(), text,
          values.values()));
    }
    String out = result.getOutput();
    if (out.length() > maxChars) {
      throw new TemplateException("its output passes the limit of " + maxChars + " characters for this key");
    }
    return out;
  }

  /** Fetched keys that are identifiers as variables, and all of them as data["key"]. */
  private static Map<String, Object> variables(Map<String, String> values) {
    Map<String, Object> vars = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (IDENTIFIER.matcher(k).matches()) {
        vars.put(k, v);
      }
    });
    vars.put("data", Collections.unmodifiableMap(new LinkedHashMap<>(values)));
    return vars;
  }

  private Jinjava jinjava(RenderLimits limits, int maxChars) {
    JinjavaConfig config = JinjavaConfig.newBuilder()
        .withDisabled(disabled)
        .withElResolver(new SandboxResolver(limits))
        .withNestedInterpretationEnabled(false)
        .withFailOnUnknownTokens(true)
        .withEnableRecursiveMacroCalls(false)
        // 0 would mean no limit to Jinjava: an empty budget is a budget of one character, refused after rendering.
        .withMaxOutputSize(Math.max(maxChars, 1))
        .withMaxStringLength(Math.max(maxChars, 1))
        .withMaxListSize(MAX_ELEMENTS)
        .withMaxMapSize(MAX_ELEMENTS)
        .withRangeLimit(MAX_RANGE + 1)
        .withRandomNumberGeneratorStrategy(RandomNumberGeneratorStrategy.CONSTANT_ZERO)
        .withDateTimeProvider(() -> 0L)
        .withTimeZone(ZoneOffset.UTC)
        .withLocale(Locale.ROOT)
        .withProcessors(JinjavaProcessors.newBuilder()
            .withNodePreProcessor((node, interpreter) -> limits.node())
            .withNodePostProcessor((node, interpreter) -> checkSet(node, interpreter, limits))
            .build())
        .build();
    Jinjava jinjava = new Jinjava(config);
    jinjava.setResourceLocator((String name, Charset encoding, JinjavaInterpreter interpreter) -> {
      throw new IOException("templates cannot read files or URLs");
    });
    Context global = jinjava.getGlobalContext();
    for (Filter f : global.getAllFilters()) {
      if (FILTERS.contains(f.getName())) {
        global.registerFilter(new SandboxFilters.Counted(f, limits));
      }
    }
    global.registerFilter(new SandboxFilters.Counted(new SandboxFilters.Indent(limits, maxChars), limits));
    global.registerFilter(new SandboxFilters.Counted(new SandboxFilters.RegexReplace(limits, maxChars), limits));
    global.registerFilter(new SandboxFilters.Counted(new SandboxFilters.Replace(limits, maxChars), limits));
    global.registerFunction(new ELFunctionDefinition("", "range", SandboxFunctions.class, "range", Object.class,
        Object[].class));
    return jinjava;
  }

  /** After a set tag: the values it set must be within the size limits (no list doubling itself into the heap). */
  private static void checkSet(Node node, JinjavaInterpreter interpreter, RenderLimits limits) {
    if (!(node instanceof TagNode tag) || !(tag.getTag() instanceof SetTag)) {
      return;
    }
    var targets = SET_TARGETS.matcher(tag.getHelpers());
    String names = targets.find() ? targets.group(1) : tag.getHelpers().trim();
    for (String name : names.split(",")) {
      String variable = name.trim();
      int dot = variable.indexOf('.');
      Object value = interpreter.getContext().get(dot < 0 ? variable : variable.substring(0, dot));
      limits.built(value);
    }
  }

  private static Set<String> others(Set<String> all, Set<String> allowed) {
    Set<String> out = new HashSet<>(all);
    out.removeAll(allowed);
    return Set.copyOf(out);
  }
}
