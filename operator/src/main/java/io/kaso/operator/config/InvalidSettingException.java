package io.kaso.operator.config;

/** A setting has a bad value; the message is the one line printed before the operator exits. */
public class InvalidSettingException extends RuntimeException {
  public InvalidSettingException(String message) {
    super(message);
  }
}
