package io.kaso.operator.source;

/**
 * A failure to read from AWS, translated at the border into what a reconciler can act on. The message is AWS's own
 * (without credentials) or says what was not found, and never contains a secret value.
 */
public abstract sealed class SourceException extends RuntimeException {

  protected SourceException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The same kind of failure told another way (a shared call's failure told to each of its items with only its own
   * name), with this one as its cause: a retried failure stays retried, a spec error stays a spec error.
   */
  public SourceException withMessage(String message) {
    if (this instanceof NotFound) {
      return new NotFound(message);
    }
    if (this instanceof AccessDenied) {
      return new AccessDenied(message, this);
    }
    if (this instanceof Throttled) {
      return new Throttled(message, this);
    }
    if (this instanceof Unavailable) {
      return new Unavailable(message, this);
    }
    if (this instanceof InvalidCiphertext) {
      return new InvalidCiphertext(message, this);
    }
    if (this instanceof KubernetesApi) {
      return new KubernetesApi(message, this);
    }
    if (this instanceof InvalidRequest) {
      return new InvalidRequest(message, this);
    }
    return new Unexpected(message, this);
  }

  /** A parameter, secret, version or key does not exist. */
  public static final class NotFound extends SourceException {
    public NotFound(String message) {
      super(message, null);
    }
  }

  /** AWS denied the call (IAM, key policy, resource policy, SCP). */
  public static final class AccessDenied extends SourceException {
    public AccessDenied(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** AWS kept throttling after retries. */
  public static final class Throttled extends SourceException {
    public Throttled(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** AWS could not be reached, or answered with a server error. */
  public static final class Unavailable extends SourceException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** KMS refused to decrypt: wrong key, wrong encryption context, corrupt or foreign ciphertext. */
  public static final class InvalidCiphertext extends SourceException {
    public InvalidCiphertext(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The Kubernetes API failed a call made on the way to AWS (a ServiceAccount token request): retried, since the
   * API server being down or slow is not the spec's fault.
   */
  public static final class KubernetesApi extends SourceException {
    public KubernetesApi(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** AWS answered with an error Kaso does not know: not proof that the spec is wrong, so retried with backoff. */
  public static final class Unexpected extends SourceException {
    public Unexpected(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * AWS rejected the request as malformed (bad name, bad filter, bad version): only a spec edit helps. Used only for
   * error codes known to mean that; an unknown error is {@link Unexpected} and retried.
   */
  public static final class InvalidRequest extends SourceException {
    public InvalidRequest(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
