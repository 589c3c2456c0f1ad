package io.kaso.operator.events;

import io.kaso.operator.core.SourceChange;
import java.time.Instant;

/** A change AWS reported, with the time it reported it. */
public record TimedChange(SourceChange change, Instant time) {}
