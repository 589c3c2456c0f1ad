"""The AWS side of the cluster tier, against moto (the project's local AWS emulator).

Usage (with the moto venv's python, which has boto3):
  aws.py seed          parameters and a secret the examples read, the events queue and EventBridge rule;
                       prints the queue URL
  aws.py rotate-secret     a new password for prod/shop/db, then its PutSecretValue event through EventBridge
  aws.py rotate-parameter  a new /shop/prod/db/password, then its Parameter Store Change event through EventBridge
  aws.py digest NAME   sha256 (first 12 hex digits) of a value this script wrote, to compare with what a pod sees

AWS_ENDPOINT_URL must name the emulator. Values are test values; they are never printed, only their digests.
"""
import hashlib
import json
import os
import sys

import boto3

REGION = "us-east-1"
VALUES = {
    "DB_USER": "shop",
    "DB_PASSWORD": "parameter-pw-1",
    "DB_PASSWORD_2": "parameter-pw-2-rotated",
    "CHECKOUT_ENABLED": "true",
    "SM_PASSWORD_0": "secret-pw-0",
    "SM_PASSWORD_1": "secret-pw-1",
    "SM_PASSWORD_2": "secret-pw-2-rotated",
}


def client(service):
    return boto3.client(service, region_name=REGION, endpoint_url=os.environ["AWS_ENDPOINT_URL"],
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def db_secret(password):
    return json.dumps({"username": VALUES["DB_USER"], "password": password, "host": "db.shop"})


def seed():
    ssm = client("ssm")
    ssm.put_parameter(Name="/shop/prod/db/user", Value=VALUES["DB_USER"], Type="String", Overwrite=True)
    ssm.put_parameter(Name="/shop/prod/db/password", Value=VALUES["DB_PASSWORD"], Type="SecureString",
                      Overwrite=True)
    ssm.put_parameter(Name="/shop/flags", Value=json.dumps({"checkout": {"enabled": True}}), Type="String",
                      Overwrite=True)
    sm = client("secretsmanager")
    # Two versions, so examples/external-secret-db.yaml finds AWSPREVIOUS too.
    sm.create_secret(Name="prod/shop/db", SecretString=db_secret(VALUES["SM_PASSWORD_0"]))
    sm.put_secret_value(SecretId="prod/shop/db", SecretString=db_secret(VALUES["SM_PASSWORD_1"]))

    sqs = client("sqs")
    queue_url = sqs.create_queue(QueueName="kaso-events")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events = client("events")
    # The rules README tells users to create, with the patterns from examples/events/.
    here = os.path.dirname(os.path.abspath(__file__))
    for rule in ("secretsmanager", "ssm"):
        with open(os.path.join(here, "../../examples/events/eventbridge-rule-%s.json" % rule)) as f:
            pattern = json.dumps(json.load(f))
        events.put_rule(Name="kaso-" + rule, EventPattern=pattern)
        events.put_targets(Rule="kaso-" + rule, Targets=[{"Id": "kaso", "Arn": queue_arn}])
    print(queue_url)


def put_event(source, detail_type, detail):
    result = client("events").put_events(Entries=[{
        "Source": source, "DetailType": detail_type, "Detail": json.dumps(detail)}])
    if result.get("FailedEntryCount"):
        sys.exit("put_events failed: %s" % result)


def rotate_secret():
    client("secretsmanager").put_secret_value(SecretId="prod/shop/db", SecretString=db_secret(VALUES["SM_PASSWORD_2"]))
    # moto emits no CloudTrail events itself: send the one AWS would, through EventBridge to the rule's queue.
    put_event("aws.secretsmanager", "AWS API Call via CloudTrail", {
        "eventSource": "secretsmanager.amazonaws.com", "eventName": "PutSecretValue",
        "requestParameters": {"secretId": "prod/shop/db"}})


def rotate_parameter():
    client("ssm").put_parameter(Name="/shop/prod/db/password", Value=VALUES["DB_PASSWORD_2"], Type="SecureString",
                                Overwrite=True)
    put_event("aws.ssm", "Parameter Store Change", {
        "name": "/shop/prod/db/password", "type": "SecureString", "operation": "Update"})


def digest(name):
    print(hashlib.sha256(VALUES[name].encode()).hexdigest()[:12])


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "seed":
        seed()
    elif command == "rotate-secret":
        rotate_secret()
    elif command == "rotate-parameter":
        rotate_parameter()
    elif command == "digest" and len(sys.argv) == 3:
        digest(sys.argv[2])
    else:
        sys.exit(__doc__)
