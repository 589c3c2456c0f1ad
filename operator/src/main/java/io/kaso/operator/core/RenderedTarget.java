package io.kaso.operator.core;

/** What the target's templates built: the Secret's data and its rendered labels and annotations. */
public record RenderedTarget(SecretData data, TargetMetadata metadata) {}
