package io.kaso.operator.template;

import com.hubspot.jinjava.lib.fn.Functions;
import java.util.List;

/** The functions a template may call besides Jinjava's namespace(). Public and static: the engine calls them so. */
public final class SandboxFunctions {

  private SandboxFunctions() {}

  /** range() as in Jinja, refused (not cut short, as Jinjava would) past {@link JinjavaTemplateEngine#MAX_RANGE}. */
  public static List<Integer> range(Object arg1, Object... args) {
    List<Integer> numbers = Functions.range(arg1, args);
    if (numbers.size() > JinjavaTemplateEngine.MAX_RANGE) {
      throw new SandboxViolation("range() is limited to " + JinjavaTemplateEngine.MAX_RANGE + " numbers");
    }
    return numbers;
  }
}
