package io.kaso.operator.template;

import com.hubspot.jinjava.el.TypeConvertingMapELResolver;
import com.hubspot.jinjava.el.ext.JinjavaBeanELResolver;
import com.hubspot.jinjava.el.ext.JinjavaListELResolver;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.util.ForLoop;
import java.util.Map;
import java.util.Set;
import jinjava.javax.el.ArrayELResolver;
import jinjava.javax.el.CompositeELResolver;
import jinjava.javax.el.ELContext;

/**
 * How template expressions reach into objects: map keys, list and array indexes, and the loop variable, read-only.
 * Nothing else: no property of a Java object (no getters, no getClass()), and no method but the few the engine itself
 * needs to call filters and tests and that Jinja offers on dicts and loops (items, keys, values, cycle). Jinjava's own
 * resolver would call any public method; this is the allowlist instead.
 */
final class SandboxResolver extends CompositeELResolver {
  private static final Set<String> MAP_METHODS = Set.of("items", "keys", "values");

  SandboxResolver(RenderLimits limits) {
    add(new ArrayELResolver(true));
    add(new JinjavaListELResolver(true));
    add(new TypeConvertingMapELResolver(true));
    add(new Allowlist(limits));
  }

  /** The last resolver: whatever maps, lists and arrays did not resolve. */
  private static final class Allowlist extends JinjavaBeanELResolver {
    private final RenderLimits limits;

    Allowlist(RenderLimits limits) {
      super(true);
      this.limits = limits;
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
      if (base == null) {
        return null;
      }
      // Jinjava reads a method's name as a property before it calls it: filters and tests are called so.
      if (base instanceof ForLoop || base instanceof Filter || base instanceof ExpTest) {
        return super.getValue(context, base, property);
      }
      limits.fail("'." + property + "' reads a property or calls a method of a " + kind(base) + "; templates "
          + "read only keys of maps (x.key, x[\"key\"]), indexes of lists (x[0]) and loop.*, and call no methods: "
          + "use filters (value | upper)");
      return null;
    }

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
      String name = String.valueOf(method);
      boolean allowed = (base instanceof Filter && name.equals("filter"))
          || (base instanceof ExpTest && (name.equals("evaluate") || name.equals("evaluateNegated")))
          || (base instanceof Map<?, ?> && MAP_METHODS.contains(name))
          || (base instanceof ForLoop && name.equals("cycle"));
      if (!allowed) {
        limits.fail("'" + name + "()' calls a method of a " + kind(base) + "; templates call no methods: use "
            + "filters (value | upper)");
      }
      return super.invoke(context, base, method, paramTypes, params);
    }

    /** What the object is, in template words (never its value). */
    private static String kind(Object base) {
      if (base instanceof CharSequence) {
        return "string";
      }
      if (base instanceof Number || base instanceof Boolean) {
        return "number or boolean";
      }
      return "value that is not a map or list";
    }
  }
}
