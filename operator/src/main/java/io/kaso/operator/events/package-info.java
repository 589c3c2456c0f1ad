/**
 * Rotation events: the SQS poller, parsing of EventBridge events (direct or wrapped by SNS) from Secrets Manager and
 * Parameter Store, and the hand-off to the resyncs of the resources that read the changed source.
 */
package io.kaso.operator.events;
