/**
 * The engine of target templates: Jinjava behind the core's {@link io.kaso.operator.core.TemplateEngine} port,
 * sandboxed for templates that tenants write. Only the composition root knows it.
 */
package io.kaso.operator.template;
