package io.kaso.operator.core;

import java.time.Duration;
import java.util.Map;

/**
 * Renders the text of a template that a tenant wrote, in a sandbox: no access to classes, files or the network, and
 * bounded output, work and time. The engine itself lives outside core (it is a library); core decides what is
 * rendered with which values and what becomes of the output.
 */
public interface TemplateEngine {

  /**
   * Renders one template.
   *
   * @param text the template (Jinja syntax)
   * @param values the fetched keys with their values as text; each is a variable when its key is an identifier, and
   *     every one is {@code data["key"]}. Values are data: never read as template text.
   * @param maxChars the most characters the output may have
   * @param timeLeft how long rendering may take (what is left of the time for all templates of a target)
   * @return the output
   * @throws TemplateException when the template cannot be rendered, with a message that never holds a value
   */
  String render(String text, Map<String, String> values, int maxChars, Duration timeLeft);

  /** A template that cannot be rendered. Its message names the problem and never holds a fetched value. */
  final class TemplateException extends RuntimeException {
    public TemplateException(String message) {
      super(message, null, false, false);
    }
  }
}
