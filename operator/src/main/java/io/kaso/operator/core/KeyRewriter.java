package io.kaso.operator.core;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.kaso.operator.api.v1alpha1.KeyRewrite;
import io.kaso.operator.api.v1alpha1.Limits;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code rewrite} rules of an entry, compiled once: each replaces every match of its regular expression in a key,
 * in order, with Go's template syntax as ESO has it ($1, ${1}, $name, ${name}, $$). Keys go keyStyle -> rewrite ->
 * keyPrefix: rewrites see the key derived from the name (or the JSON field), the prefix is added last.
 */
public final class KeyRewriter {

  /** No rewrite. */
  public static final KeyRewriter NONE = new KeyRewriter(List.of(), "");

  /** A piece of a target: literal text, or a group by number or name. */
  private record Part(String literal, int group, String name) {
    String expand(Matcher m) {
      if (literal != null) {
        return literal;
      }
      String value = name != null ? m.group(name) : m.group(group);
      return value == null ? "" : value;
    }
  }

  private record Rule(Pattern source, List<Part> target) {
    String apply(String key) {
      Matcher m = source.matcher(key);
      StringBuilder out = new StringBuilder();
      int last = 0;
      int previousEnd = -1;
      while (m.find()) {
        if (m.start() == m.end() && m.start() == previousEnd) {
          continue; // as Go: an empty match right after a match is not one ("(.*)" matches "key" once, not twice)
        }
        previousEnd = m.end();
        out.append(key, last, m.start());
        target.forEach(part -> out.append(part.expand(m)));
        last = m.end();
      }
      return out.append(key, last, key.length()).toString();
    }
  }

  private final List<Rule> rules;
  private final String field;

  private KeyRewriter(List<Rule> rules, String field) {
    this.rules = rules;
    this.field = field;
  }

  /**
   * @param field names the entry's rewrite in messages, e.g. "dataFrom[0].rewrite"
   * @throws SyncFailure InvalidSpec for a missing or invalid regular expression, or a target naming a group the
   *     expression does not have
   */
  public static KeyRewriter of(List<KeyRewrite> rewrites, String field) {
    if (rewrites == null || rewrites.isEmpty()) {
      return NONE;
    }
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < rewrites.size(); i++) {
      String at = field + "[" + i + "].regexp";
      KeyRewrite r = rewrites.get(i);
      if (r == null || r.getRegexp() == null || r.getRegexp().getSource() == null
          || r.getRegexp().getTarget() == null) {
        throw SyncFailure.invalidSpec(at + " needs source and target");
      }
      FieldLengths.check(r.getRegexp().getTarget(), Limits.KUBERNETES_NAME, at + ".target");
      Pattern source = TenantRegexp.compile(r.getRegexp().getSource(), at + ".source");
      rules.add(new Rule(source, target(r.getRegexp().getTarget(), source, at + ".target")));
    }
    return new KeyRewriter(List.copyOf(rules), field);
  }

  /** The key after every rule, in order. */
  public String rewrite(String key) {
    String result = key;
    for (Rule rule : rules) {
      result = rule.apply(result);
    }
    return result;
  }

  /**
   * The key an entry writes: {@code prefix + rewrite(derived)}.
   *
   * @param origin names the source for messages
   * @throws SyncFailure InvalidSpec when the rewrite turned a key into an empty or invalid Secret key
   */
  public String key(String derived, String prefix, String origin) {
    String rewritten = rewrite(derived);
    String key = prefix + rewritten;
    if (!rewritten.equals(derived) && (rewritten.isEmpty() || !KeyDeriver.isValidKey(key))) {
      throw SyncFailure.invalidSpec(field + " turns key '" + derived + "' from " + origin + " into '" + key
          + "', which is not a valid Secret key (letters, digits, '-', '_', '.'; 1 to 253 characters)");
    }
    return key;
  }

  private static List<Part> target(String template, Pattern source, String field) {
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '$' || i + 1 >= template.length()) {
        literal.append(c);
        i++;
        continue;
      }
      if (template.charAt(i + 1) == '$') {
        literal.append('$');
        i += 2;
        continue;
      }
      int start;
      int end;
      int next;
      if (template.charAt(i + 1) == '{') {
        start = i + 2;
        end = template.indexOf('}', start);
        next = end + 1;
      } else {
        start = i + 1;
        end = start;
        while (end < template.length() && isNameChar(template.charAt(end))) {
          end++;
        }
        next = end;
      }
      if (end < 0 || end == start || !template.substring(start, end).chars().allMatch(ch -> isNameChar((char) ch))) {
        literal.append(c); // as Go does: a '$' that starts no reference is text
        i++;
        continue;
      }
      if (!literal.isEmpty()) {
        parts.add(new Part(literal.toString(), 0, null));
        literal.setLength(0);
      }
      parts.add(reference(template.substring(start, end), source, field));
      i = next;
    }
    if (!literal.isEmpty()) {
      parts.add(new Part(literal.toString(), 0, null));
    }
    return List.copyOf(parts);
  }

  private static Part reference(String name, Pattern source, String field) {
    if (name.chars().allMatch(Character::isDigit)) {
      int group = name.length() > 4 ? Integer.MAX_VALUE : Integer.parseInt(name);
      if (group > source.groupCount()) {
        throw SyncFailure.invalidSpec(field + " refers to group $" + name + " but the source has "
            + source.groupCount() + " group(s)" + (name.length() > 1 ? " (write ${1}x for group 1 then x)" : ""));
      }
      return new Part(null, group, null);
    }
    if (!source.namedGroups().containsKey(name)) {
      throw SyncFailure.invalidSpec(field + " refers to group '" + name + "', which the source does not name "
          + "(write ${1}" + name.replaceFirst("^\\d+", "") + " for a numbered group followed by text)");
    }
    return new Part(null, 0, name);
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
}
