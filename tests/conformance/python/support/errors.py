"""Matching SQS errors the same way under both wire protocols.

Query clients (botocore 1.29) see the legacy code in Error.Code. JSON clients
(botocore 1.43) see the legacy code in Error.Code when the server sends
`x-amzn-query-error`, and the shape name in Error.QueryErrorCode. A test names
the shape; any of these spellings is accepted.
"""

import contextlib

from botocore.exceptions import BotoCoreError, ClientError
from botocore.parsers import ResponseParserError

# Shape name -> legacy Query code, from aws-wire.md §4 (botocore 1.29's Query model).
LEGACY_CODES = {
    "QueueDoesNotExist": "AWS.SimpleQueueService.NonExistentQueue",
    "QueueNameExists": "QueueAlreadyExists",
    "QueueDeletedRecently": "AWS.SimpleQueueService.QueueDeletedRecently",
    "PurgeQueueInProgress": "AWS.SimpleQueueService.PurgeQueueInProgress",
    "MessageNotInflight": "AWS.SimpleQueueService.MessageNotInflight",
    "UnsupportedOperation": "AWS.SimpleQueueService.UnsupportedOperation",
    "BatchEntryIdsNotDistinct": "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
    "BatchRequestTooLong": "AWS.SimpleQueueService.BatchRequestTooLong",
    "EmptyBatchRequest": "AWS.SimpleQueueService.EmptyBatchRequest",
    "InvalidBatchEntryId": "AWS.SimpleQueueService.InvalidBatchEntryId",
    "TooManyEntriesInBatchRequest": "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
}


def accepted_codes(*shapes):
    """Every code spelling that stands for one of the given error shapes."""
    codes = set()
    for shape in shapes:
        codes.add(shape)
        codes.add(LEGACY_CODES.get(shape, shape))
        # SQS's JSON model names some shapes with an "Exception" suffix
        # (e.g. InvalidParameterValueException) while the Query code has none.
        codes.add(shape + "Exception")
    return codes


def codes_of(client_error):
    """The codes a botocore ClientError carries (Code and, for JSON, QueryErrorCode)."""
    error = client_error.response.get("Error", {})
    return {code for code in (error.get("Code"), error.get("QueryErrorCode")) if code}


def status_of(client_error):
    return client_error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")


@contextlib.contextmanager
def caught_client_error(test, codes):
    """The part every service's assert...Error shares: the block must fail with a ClientError the client
    could parse, whose Error.Code is one of `codes`. Yields a holder whose `.error` and `.code` are set after."""
    holder = type("Caught", (), {"error": None, "code": None})()
    try:
        yield holder
    except ClientError as error:
        holder.error = error
    except (BotoCoreError, ResponseParserError) as error:
        test.fail("expected {} but the client could not parse the reply: {}".format(codes, error))
    else:
        test.fail("expected {} but the request succeeded".format(codes))
    holder.code = holder.error.response.get("Error", {}).get("Code")
    test.assertIn(holder.code, codes, "error code ({})".format(holder.error))
