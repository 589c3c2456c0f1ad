package io.kaso.operator.source;

/**
 * Calls per second allowed per (account, region, API family), kept below the AWS quotas.
 *
 * @param ssm GetParameter, GetParameters and GetParametersByPath together (AWS default quota 40 TPS)
 * @param secretsManager GetSecretValue (AWS: 10,000 TPS)
 * @param batchGetSecretValue BatchGetSecretValue (AWS: 100 TPS)
 * @param kms Decrypt (AWS: 5,500 TPS and more)
 * @param sts AssumeRole and AssumeRoleWithWebIdentity
 */
public record RateBudgets(double ssm, double secretsManager, double batchGetSecretValue, double kms, double sts) {
  public static final RateBudgets DEFAULTS = new RateBudgets(30, 1000, 50, 500, 5);
}
