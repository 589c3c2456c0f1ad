package io.kaso.operator.source;

import java.util.Map;

/**
 * A secret as ListSecrets shows it: no value.
 *
 * @param name the secret's name
 * @param arn the secret's full ARN
 * @param tags its tags
 */
public record SecretListing(String name, String arn, Map<String, String> tags) {
  public SecretListing {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }
}
