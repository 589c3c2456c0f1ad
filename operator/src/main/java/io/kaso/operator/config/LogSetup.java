package io.kaso.operator.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Configures logging from the settings: one JSON object per line (default) or text, with the resource's namespace,
 * name and kind and the failure reason from the MDC.
 */
public final class LogSetup {

  private LogSetup() {}

  public static void configure(OperatorSettings.LogFormat format, String level) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName("console");
    appender.setEncoder(encoder(context, format));
    appender.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level, Level.INFO));
    root.addAppender(appender);
    // Libraries are chatty at INFO; their warnings still show.
    context.getLogger("io.javaoperatorsdk").setLevel(Level.toLevel(level).isGreaterOrEqual(Level.INFO)
        ? Level.WARN : Level.toLevel(level));
    context.getLogger("io.fabric8").setLevel(Level.WARN);
    // Fabric8 warns once per type, on every start, that the client uses "unstable version 'v1alpha1'": that is
    // Kaso's own API version, chosen on purpose, so the warning tells an operator's reader nothing.
    context.getLogger("io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils").setLevel(Level.ERROR);
    // JOSDK warns "Operator not started yet while accessing runtime info" when a probe asks for the informers' health
    // while the operator stops (the answer is "not ready" then, as it should be).
    context.getLogger("io.javaoperatorsdk.operator.RuntimeInfo").setLevel(Level.ERROR);
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, OperatorSettings.LogFormat format) {
    if (format == OperatorSettings.LogFormat.text) {
      PatternLayoutEncoder text = new PatternLayoutEncoder();
      text.setContext(context);
      text.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%thread] %logger{20} "
          + "%X{kind}%X{namespace:+ }%X{namespace}%X{name:+/}%X{name}%X{reason:+ reason=}%X{reason} - %msg%n");
      text.start();
      return text;
    }
    JsonEncoder json = new JsonEncoder();
    json.setContext(context);
    json.setWithSequenceNumber(false);
    json.setWithNanoseconds(false);
    json.setWithContext(false);
    json.setWithMessage(false);
    json.setWithArguments(false);
    json.setWithFormattedMessage(true);
    json.setWithMDC(true);
    json.start();
    return json;
  }
}
