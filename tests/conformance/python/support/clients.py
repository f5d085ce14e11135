"""boto3 clients for the endpoint under test."""

import boto3
from botocore.config import Config

from support.settings import ACCESS_KEY, ENDPOINT, REGION, SECRET_KEY


def sqs_client(validate_parameters=True):
    """A boto3 SQS client for the endpoint under test.

    Retries are off so that an error reaches the test at once (and a 5xx is
    not hidden by a successful retry). Client-side parameter validation can be
    switched off to send requests that only the server should reject.
    """
    return _client("sqs", validate_parameters)


def sns_client(validate_parameters=True):
    """A boto3 SNS client for the endpoint under test (AWS Query, Version 2010-03-31, in every
    botocore), with the same settings as `sqs_client`."""
    return _client("sns", validate_parameters)


def kinesis_client(validate_parameters=True, read_timeout=60):
    """A boto3 Kinesis client for the endpoint under test (JSON 1.1 over HTTP/1.1 in every
    botocore), with the same settings as `sqs_client`. Its calls are paced to stay within AWS's
    per-operation rate limits (support/pacing.py), which the server under test may enforce."""
    from support.pacing import pace_kinesis
    return pace_kinesis(_client("kinesis", validate_parameters, read_timeout))


def firehose_client(validate_parameters=True):
    """A boto3 Firehose client for the endpoint under test (JSON 1.1), settings as `sqs_client`,
    paced like `kinesis_client` (support/pacing.py)."""
    from support.pacing import pace_firehose
    return pace_firehose(_client("firehose", validate_parameters))


def _client(service, validate_parameters, read_timeout=60):
    config = Config(
        region_name=REGION,
        retries={"total_max_attempts": 1},
        connect_timeout=5,
        read_timeout=read_timeout,  # 60 s by default: above the 20 s maximum long poll
        parameter_validation=validate_parameters,
    )
    return boto3.client(
        service,
        endpoint_url=ENDPOINT,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=config,
    )

