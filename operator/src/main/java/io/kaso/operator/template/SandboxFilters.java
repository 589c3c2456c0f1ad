package io.kaso.operator.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.AdvancedFilter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.Map;

/** The filters a template may use, each counting what it returns against the render's limits. */
final class SandboxFilters {

  private SandboxFilters() {}

  /** A filter whose output counts against the limits. */
  public static final class Counted implements AdvancedFilter {
    private final Filter filter;
    private final RenderLimits limits;

    Counted(Filter filter, RenderLimits limits) {
      this.filter = filter;
      this.limits = limits;
    }

    @Override
    public String getName() {
      return filter.getName();
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
      Object out = filter.filter(var, interpreter, args, kwargs);
      limits.produced(out);
      return out;
    }
  }

  /**
   * Jinja's indent(width=4, first=false): indents every line but the first (all with first=true). Unlike Jinjava's
   * own, it refuses a width that would build more than the output limit before it builds anything.
   */
  public static final class Indent implements AdvancedFilter {
    private final RenderLimits limits;
    private final long maxChars;

    Indent(RenderLimits limits, long maxChars) {
      this.limits = limits;
      this.maxChars = maxChars;
    }

    @Override
    public String getName() {
      return "indent";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
      String text = var == null ? "" : var.toString();
      Object widthArg = args.length > 0 ? args[0] : kwargs.getOrDefault("width", 4);
      Object firstArg = args.length > 1 ? args[1] : kwargs.getOrDefault("first", kwargs.getOrDefault("indentfirst",
          false));
      long width;
      try {
        width = Long.parseLong(String.valueOf(widthArg).trim());
      } catch (NumberFormatException e) {
        limits.fail("indent: the width must be a whole number");
        return null;
      }
      boolean first = Boolean.parseBoolean(String.valueOf(firstArg));
      String[] lines = text.split("\n", -1);
      long size = text.length() + Math.max(0, width) * (lines.length - (first ? 0 : 1));
      if (width < 0 || size > maxChars) {
        limits.fail("indent: indenting by " + width + " would pass the output limit of " + maxChars + " characters");
      }
      String pad = " ".repeat((int) width);
      StringBuilder out = new StringBuilder((int) size);
      for (int i = 0; i < lines.length; i++) {
        if (i > 0) {
          out.append('\n');
        }
        if (i > 0 || first) {
          out.append(pad);
        }
        out.append(lines[i]);
      }
      return out.toString();
    }
  }
}
