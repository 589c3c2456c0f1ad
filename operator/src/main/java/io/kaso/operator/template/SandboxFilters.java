package io.kaso.operator.template;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.AdvancedFilter;
import com.hubspot.jinjava.lib.filter.Filter;
import io.kaso.operator.core.SyncFailure;
import io.kaso.operator.core.TenantRegexp;
import java.util.Map;

/** The filters a template may use, each counting what it returns against the render's limits. */
final class SandboxFilters {

  private SandboxFilters() {}

  /** Fails the render once a filter's result grows past the output limit, before it grows any further. */
  private static void withinLimit(RenderLimits limits, StringBuilder out, long maxChars, String filter) {
    if (out.length() > maxChars) {
      limits.fail(filter + ": the result would pass the output limit of " + maxChars + " characters");
    }
  }

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

  /**
   * Jinja's regex_replace(regexp, replacement), compiled by {@link TenantRegexp} like every tenant regexp: RE2 matches
   * in linear time, and a pattern whose counted repetitions expand too far is refused before RE2J compiles it
   * (Jinjava's own filter compiles with RE2J directly, which can fill the heap). The message never quotes the
   * pattern: it may come from a fetched value.
   */
  public static final class RegexReplace implements AdvancedFilter {
    private final RenderLimits limits;
    private final long maxChars;

    RegexReplace(RenderLimits limits, long maxChars) {
      this.limits = limits;
      this.maxChars = maxChars;
    }

    @Override
    public String getName() {
      return "regex_replace";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
      if (args.length < 2 || args[0] == null || args[1] == null) {
        limits.fail("regex_replace needs a regular expression and a replacement");
        return null;
      }
      Pattern pattern;
      try {
        pattern = TenantRegexp.compile(args[0].toString(), "regex_replace");
      } catch (SyncFailure e) {
        limits.fail("regex_replace: the regular expression is empty, not RE2 syntax, or too large once its "
            + "repetitions are expanded (more than " + TenantRegexp.MAX_SIZE + " steps)");
        return null;
      }
      if (var == null) {
        return null;
      }
      Matcher m = pattern.matcher(var.toString());
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(out, args[1].toString());
        withinLimit(limits, out, maxChars, "regex_replace");
      }
      m.appendTail(out);
      withinLimit(limits, out, maxChars, "regex_replace");
      return out.toString();
    }
  }

  /**
   * Jinja's replace(old, new, count=-1), building its result within the output limit (Jinjava's own builds the whole
   * string first: a long value replaced into every character of another would fill the heap before any check).
   */
  public static final class Replace implements AdvancedFilter {
    private final RenderLimits limits;
    private final long maxChars;

    Replace(RenderLimits limits, long maxChars) {
      this.limits = limits;
      this.maxChars = maxChars;
    }

    @Override
    public String getName() {
      return "replace";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
      if (var == null) {
        return null;
      }
      if (args.length < 2 || args[0] == null || args[1] == null) {
        limits.fail("replace needs the text to replace and its replacement");
        return null;
      }
      String text = var.toString();
      String old = args[0].toString();
      String with = args[1].toString();
      long count;
      try {
        count = args.length > 2 && args[2] != null ? Long.parseLong(args[2].toString().trim()) : -1;
      } catch (NumberFormatException e) {
        limits.fail("replace: the count must be a whole number");
        return null;
      }
      StringBuilder out = new StringBuilder();
      int from = 0;
      long done = 0;
      while (count < 0 || done < count) {
        int at = old.isEmpty() ? (from <= text.length() ? from : -1) : text.indexOf(old, from);
        if (at < 0) {
          break;
        }
        out.append(text, from, at).append(with);
        done++;
        withinLimit(limits, out, maxChars, "replace");
        if (old.isEmpty()) {
          // As Python's str.replace: an empty old text is found before every character and at the end.
          if (at < text.length()) {
            out.append(text.charAt(at));
          }
          from = at + 1;
        } else {
          from = at + old.length();
        }
      }
      if (from < text.length()) {
        out.append(text, from, text.length());
      }
      withinLimit(limits, out, maxChars, "replace");
      return out.toString();
    }
  }
}
