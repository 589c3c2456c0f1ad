package io.kaso.operator.template;

/**
 * A template that stepped outside the sandbox or past a limit. Its message is written by Kaso, names the limit and
 * never holds a value, so it is passed on as it is. No stack trace: a violation can be raised once per loop turn.
 */
final class SandboxViolation extends RuntimeException {
  SandboxViolation(String message) {
    super(message, null, false, false);
  }
}
