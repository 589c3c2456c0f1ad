package io.kaso.operator.config;

import io.kaso.operator.core.Durations;
import io.kaso.operator.core.NamespacePolicy;
import io.kaso.operator.source.RateBudgets;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The operator's settings (DESIGN 5), read once at start-up from environment variables, each overridable by a flag
 * of the same meaning: {@code KASO_CACHE_TTL} is {@code --cache-ttl}, {@code AWS_REGION} is {@code --aws-region}.
 * A bad value stops start-up with one line naming the setting.
 */
public record OperatorSettings(
    List<String> watchNamespaces,
    String resourceLabelSelector,
    String operatorNamespace,
    String region,
    URI endpointUrl,
    URI eventsQueueUrl,
    Duration defaultRefreshInterval,
    Duration minRefreshInterval,
    Duration cacheTtl,
    Duration batchWindow,
    Duration statusHeartbeat,
    int reconcileThreads,
    RateBudgets rates,
    NamespacePolicy.Mode namespacePolicy,
    boolean allowCredentialsSecrets,
    boolean sessionTags,
    double rolloutRate,
    boolean leaderElection,
    int metricsPort,
    int healthPort,
    LogFormat logFormat,
    String logLevel) {

  /** Log output formats. */
  public enum LogFormat { json, text }

  private static final String SA_NAMESPACE_FILE = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";
  private static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

  /** Every setting the operator reads, so unknown flags can be refused. */
  public static final List<String> NAMES = List.of(
      "KASO_WATCH_NAMESPACES", "KASO_LABEL_SELECTOR", "KASO_NAMESPACE", "AWS_REGION", "AWS_ENDPOINT_URL",
      "KASO_EVENTS_QUEUE_URL", "KASO_DEFAULT_REFRESH_INTERVAL", "KASO_MIN_REFRESH_INTERVAL", "KASO_CACHE_TTL", "KASO_BATCH_WINDOW",
      "KASO_STATUS_HEARTBEAT",
      "KASO_RECONCILE_THREADS", "KASO_RATE_SSM", "KASO_RATE_SECRETS_MANAGER", "KASO_RATE_BATCH_GET_SECRET_VALUE",
      "KASO_RATE_KMS", "KASO_RATE_STS", "KASO_NAMESPACE_POLICY", "KASO_ALLOW_CREDENTIALS_SECRETS",
      "KASO_SESSION_TAGS", "KASO_ROLLOUT_RATE",
      "KASO_LEADER_ELECTION", "KASO_METRICS_PORT", "KASO_HEALTH_PORT", "KASO_LOG_FORMAT", "KASO_LOG_LEVEL");

  /** Reads the settings from the process environment and command-line flags. */
  public static OperatorSettings load(String[] args) {
    return parse(System.getenv(), args);
  }

  /**
   * Reads the settings.
   *
   * @throws InvalidSettingException naming the setting, its value and what is expected
   */
  public static OperatorSettings parse(Map<String, String> env, String[] args) {
    Map<String, String> v = new HashMap<>();
    for (String name : NAMES) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        v.put(name, value.trim());
      }
    }
    if (!v.containsKey("AWS_REGION") && env.get("AWS_DEFAULT_REGION") != null) {
      v.put("AWS_REGION", env.get("AWS_DEFAULT_REGION").trim());
    }
    applyFlags(v, args);
    Reader r = new Reader(v);
    Duration minRefresh = r.duration("KASO_MIN_REFRESH_INTERVAL", "10s", true);
    return new OperatorSettings(
        r.list("KASO_WATCH_NAMESPACES"),
        r.string("KASO_LABEL_SELECTOR", null),
        r.string("KASO_NAMESPACE", defaultOperatorNamespace(env)),
        r.region(),
        r.uri("AWS_ENDPOINT_URL"),
        r.uri("KASO_EVENTS_QUEUE_URL"),
        r.defaultRefreshInterval(minRefresh),
        minRefresh,
        r.duration("KASO_CACHE_TTL", "10s", true),
        r.duration("KASO_BATCH_WINDOW", "20ms", true),
        r.duration("KASO_STATUS_HEARTBEAT", "6h", true),
        r.integer("KASO_RECONCILE_THREADS", 16, 1, 1024),
        new RateBudgets(
            r.positive("KASO_RATE_SSM", RateBudgets.DEFAULTS.ssm()),
            r.positive("KASO_RATE_SECRETS_MANAGER", RateBudgets.DEFAULTS.secretsManager()),
            r.positive("KASO_RATE_BATCH_GET_SECRET_VALUE", RateBudgets.DEFAULTS.batchGetSecretValue()),
            r.positive("KASO_RATE_KMS", RateBudgets.DEFAULTS.kms()),
            r.positive("KASO_RATE_STS", RateBudgets.DEFAULTS.sts())),
        r.enumeration("KASO_NAMESPACE_POLICY", NamespacePolicy.Mode.class, NamespacePolicy.Mode.Annotated),
        r.bool("KASO_ALLOW_CREDENTIALS_SECRETS", true),
        r.bool("KASO_SESSION_TAGS", false),
        r.positive("KASO_ROLLOUT_RATE", 2),
        r.bool("KASO_LEADER_ELECTION", false),
        r.integer("KASO_METRICS_PORT", 8080, 0, 65535),
        r.integer("KASO_HEALTH_PORT", 8081, 0, 65535),
        r.enumeration("KASO_LOG_FORMAT", LogFormat.class, LogFormat.json),
        r.logLevel());
  }

  /** The flag of a setting: KASO_CACHE_TTL is --cache-ttl, AWS_REGION is --aws-region. */
  public static String flagOf(String name) {
    String base = name.startsWith("KASO_") ? name.substring(5) : name;
    return "--" + base.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static void applyFlags(Map<String, String> v, String[] args) {
    Map<String, String> byFlag = new HashMap<>();
    NAMES.forEach(n -> byFlag.put(flagOf(n), n));
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String flag = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        flag = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      String name = byFlag.get(flag);
      if (name == null) {
        throw new InvalidSettingException("unknown flag " + flag + " (known: "
            + String.join(" ", NAMES.stream().map(OperatorSettings::flagOf).toList()) + ")");
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new InvalidSettingException("flag " + flag + " needs a value");
        }
        value = args[++i];
      }
      v.put(name, value.trim());
    }
  }

  private static String defaultOperatorNamespace(Map<String, String> env) {
    String pod = env.get("POD_NAMESPACE");
    if (pod != null && !pod.isBlank()) {
      return pod.trim();
    }
    try {
      Path file = Path.of(SA_NAMESPACE_FILE);
      if (Files.isReadable(file)) {
        return Files.readString(file).trim();
      }
    } catch (IOException | SecurityException e) {
      // fall through to the default
    }
    return "kaso-system";
  }

  /** Reads typed values, naming the setting in every error. */
  private record Reader(Map<String, String> v) {

    String string(String name, String dflt) {
      return v.getOrDefault(name, dflt);
    }

    List<String> list(String name) {
      String s = v.get(name);
      return s == null ? List.of()
          : Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).distinct().toList();
    }

    String region() {
      String s = v.get("AWS_REGION");
      if (s == null) {
        throw new InvalidSettingException(
            "AWS_REGION is not set: set it (or --aws-region) to the region the operator reads by default, e.g. eu-west-2");
      }
      if (!s.matches("[a-z]{2}(-[a-z]+)+-[0-9]+")) {
        throw bad("AWS_REGION", s, "an AWS region such as eu-west-2");
      }
      return s;
    }

    URI uri(String name) {
      String s = v.get(name);
      if (s == null) {
        return null;
      }
      try {
        URI uri = new URI(s);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
          throw bad(name, s, "an http(s) URL");
        }
        return uri;
      } catch (URISyntaxException e) {
        throw bad(name, s, "an http(s) URL");
      }
    }

    Duration duration(String name, String dflt, boolean zeroAllowed) {
      String s = v.getOrDefault(name, dflt);
      return parse(name, s, x -> {
        Duration d = Durations.parse(x);
        if (!zeroAllowed && d.isZero()) {
          throw new IllegalArgumentException("must not be 0");
        }
        return d;
      }, "a duration such as 1h, 10s or 500ms");
    }

    /** The default refresh interval: 0 (never poll) or at least the floor tenants are held to. */
    Duration defaultRefreshInterval(Duration floor) {
      Duration d = duration("KASO_DEFAULT_REFRESH_INTERVAL", "1h", true);
      if (!d.isZero() && d.compareTo(floor) < 0) {
        throw bad("KASO_DEFAULT_REFRESH_INTERVAL", v.getOrDefault("KASO_DEFAULT_REFRESH_INTERVAL", "1h"),
            "0 or at least KASO_MIN_REFRESH_INTERVAL (" + Durations.format(floor) + ")");
      }
      return d;
    }

    int integer(String name, int dflt, int min, int max) {
      String s = v.get(name);
      if (s == null) {
        return dflt;
      }
      int n = parse(name, s, Integer::parseInt, "a whole number");
      if (n < min || n > max) {
        throw bad(name, s, "a whole number from " + min + " to " + max);
      }
      return n;
    }

    double positive(String name, double dflt) {
      String s = v.get(name);
      if (s == null) {
        return dflt;
      }
      double d = parse(name, s, Double::parseDouble, "a positive number");
      if (!(d > 0) || Double.isInfinite(d)) {
        throw bad(name, s, "a positive number");
      }
      return d;
    }

    boolean bool(String name, boolean dflt) {
      String s = v.get(name);
      if (s == null) {
        return dflt;
      }
      return switch (s.toLowerCase(Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default -> throw bad(name, s, "true or false");
      };
    }

    <E extends Enum<E>> E enumeration(String name, Class<E> type, E dflt) {
      String s = v.get(name);
      if (s == null) {
        return dflt;
      }
      for (E e : type.getEnumConstants()) {
        if (e.name().equalsIgnoreCase(s)) {
          return e;
        }
      }
      throw bad(name, s, "one of " + Arrays.toString(type.getEnumConstants()));
    }

    String logLevel() {
      String s = v.getOrDefault("KASO_LOG_LEVEL", "INFO").toUpperCase(Locale.ROOT);
      if (!LOG_LEVELS.contains(s)) {
        throw bad("KASO_LOG_LEVEL", v.get("KASO_LOG_LEVEL"), "one of TRACE, DEBUG, INFO, WARN, ERROR");
      }
      return s;
    }

    private static <T> T parse(String name, String s, Function<String, T> parser, String expected) {
      try {
        return parser.apply(s);
      } catch (RuntimeException e) {
        throw bad(name, s, expected);
      }
    }

    private static InvalidSettingException bad(String name, String value, String expected) {
      return new InvalidSettingException(
          name + " (" + flagOf(name) + ") is '" + value + "', expected " + expected);
    }
  }
}
