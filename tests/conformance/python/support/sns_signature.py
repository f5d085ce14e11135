"""Checking the Signature of an SNS message (an SQS envelope or an HTTP POST body), the way the
AWS guide "Verifying the signatures of Amazon SNS messages" describes it, independently of the
server under test.

The string to sign is "<name>\\n<value>\\n" for each of these names, in this (byte) order:
- Notification: Message, MessageId, Subject (only when present), Timestamp, TopicArn, Type;
- SubscriptionConfirmation and UnsubscribeConfirmation: Message, MessageId, SubscribeURL,
  Timestamp, Token, TopicArn, Type.
SignatureVersion 1 is a base64 SHA1withRSA signature of it, SignatureVersion 2 SHA256withRSA,
made with the key of the X.509 certificate at SigningCertURL.
"""

import base64
import urllib.request

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

NOTIFICATION_KEYS = ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
CONFIRMATION_KEYS = ("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type")
HASHES = {"1": hashes.SHA1, "2": hashes.SHA256}


def string_to_sign(message):
    """The canonical string of a parsed SNS message; a KeyError names a missing required field."""
    keys = NOTIFICATION_KEYS if message["Type"] == "Notification" else CONFIRMATION_KEYS
    return "".join("{}\n{}\n".format(key, message[key])
                   for key in keys if key != "Subject" or key in message)


def fetch_certificate(url):
    """The X.509 certificate (PEM) served at SigningCertURL."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return x509.load_pem_x509_certificate(response.read())


def verify_signature(message, certificate=None):
    """Raises cryptography.exceptions.InvalidSignature (or KeyError / ValueError for a malformed
    message) unless `message` carries a valid Signature for its SignatureVersion."""
    algorithm = HASHES[message["SignatureVersion"]]
    certificate = certificate or fetch_certificate(message["SigningCertURL"])
    certificate.public_key().verify(base64.b64decode(message["Signature"]),
                                    string_to_sign(message).encode("utf-8"),
                                    padding.PKCS1v15(), algorithm())
