"""Expected SQS checksums, computed independently of the server under test.

The attribute algorithm is the one in shared/reference/aws-wire.md §5 (the
one the .NET and Java SDKs verify): names sorted by their UTF-8 bytes, each
name, type and value length-prefixed with a 4-byte big-endian length, and a
transport byte 1 (string) or 2 (binary) before the value.
"""

import base64
import hashlib
import struct


def md5_of_body(body):
    """Lower-case hex MD5 of the UTF-8 body, as MD5OfMessageBody / MD5OfBody."""
    return hashlib.md5(body.encode("utf-8")).hexdigest()


def _length_prefixed(data):
    return struct.pack(">I", len(data)) + data


def _binary_value(value):
    # boto3 hands back bytes; a caller may also pass the base64 text seen on the wire.
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    return base64.b64decode(value)


def md5_of_attributes(attributes):
    """MD5OfMessageAttributes for a {name: {DataType, StringValue|BinaryValue}} map.

    Returns None for an empty map: SQS omits the field when no attributes are present.
    """
    if not attributes:
        return None
    digest = hashlib.md5()
    for name in sorted(attributes, key=lambda n: n.encode("utf-8")):
        attribute = attributes[name]
        digest.update(_length_prefixed(name.encode("utf-8")))
        digest.update(_length_prefixed(attribute["DataType"].encode("utf-8")))
        if "BinaryValue" in attribute:
            digest.update(b"\x02" + _length_prefixed(_binary_value(attribute["BinaryValue"])))
        else:
            digest.update(b"\x01" + _length_prefixed(attribute["StringValue"].encode("utf-8")))
    return digest.hexdigest()
