/**
 * The pure heart of Kaso: from fetched values to Secret data (keys, collisions, JSON properties, templates,
 * data hash), and the decisions around a sync (refresh and backoff, status, namespace policy). Only java.*,
 * the API's value types and the source port's value types, and three computation libraries without I/O: Jackson
 * (JSON values), JMESPath (property expressions) and RE2J (tenants' regular expressions); time comes from a
 * {@link java.time.Clock} passed in.
 */
package io.kaso.operator.core;
