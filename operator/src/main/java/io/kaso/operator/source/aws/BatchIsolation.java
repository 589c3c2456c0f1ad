package io.kaso.operator.source.aws;

import io.kaso.operator.source.SourceException;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * How a GetParameters or BatchGetSecretValue call that failed as a whole is shared out to the resources whose items
 * were in it (DESIGN 4a: one tenant's failure never fails another's read). Denied, not found, malformed and
 * undecryptable may come from one item, so the call is split until that item is alone; throttling and an unreachable
 * AWS come from no item, so every item fails with them at once (splitting would only multiply calls). Each item's
 * failure is described again for that item alone: the AWS answer of a call of many items may name any of them.
 */
final class BatchIsolation<I> implements Batcher.Isolation<I> {
  private final Function<I, String> what;

  /** @param what what reading one item is, for messages: "reading parameter /shop/db" */
  BatchIsolation(Function<I, String> what) {
    this.what = what;
  }

  @Override
  public boolean mayComeFromOneItem(RuntimeException failure) {
    return failure instanceof SourceException.AccessDenied || failure instanceof SourceException.NotFound
        || failure instanceof SourceException.InvalidRequest || failure instanceof SourceException.InvalidCiphertext;
  }

  @Override
  public RuntimeException forItem(I item, RuntimeException failure) {
    if (!(failure instanceof SourceException source)) {
      return failure;
    }
    String itemWhat = what.apply(item);
    if (source.getCause() instanceof SdkException sdk) {
      return AwsFailures.translate(sdk, itemWhat);
    }
    // Failures Kaso raised itself (a used-up rate budget, missing credentials) name no item.
    return source.withMessage(itemWhat + ": " + source.getMessage());
  }
}
