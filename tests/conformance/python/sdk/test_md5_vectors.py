"""The suite's own MD5 code against the test vectors in aws-wire.md §5 (no server needed)."""

import unittest

from support.md5 import md5_of_attributes, md5_of_body


class Md5VectorTests(unittest.TestCase):

    def test_body_md5_matches_reference_vector(self):
        """MD5 of the UTF-8 body: 'hello ünï & <x>' -> 85e5fa65..."""
        self.assertEqual(md5_of_body("hello ünï & <x>"), "85e5fa6543afffcd38478745239ac18f")

    def test_attribute_md5_single_string(self):
        """{k: String 'v'} -> 0a77b064... (the worked example)."""
        self.assertEqual(md5_of_attributes({"k": {"DataType": "String", "StringValue": "v"}}),
                         "0a77b0642718c3d9dd47090567d11e0d")

    def test_attribute_md5_mixed_types(self):
        """String, Number, Binary and String.custom attributes -> 55434170..."""
        attributes = {
            "attr1": {"DataType": "String", "StringValue": "v1 é"},
            "n": {"DataType": "Number", "StringValue": "7"},
            "b": {"DataType": "Binary", "BinaryValue": b"\x00\x01\xff"},
            "c": {"DataType": "String.custom", "StringValue": "x"},
        }
        self.assertEqual(md5_of_attributes(attributes), "55434170cdf786d6460f7e771039f2b0")

    def test_attribute_md5_sorts_names_by_bytes(self):
        """Nine names in mixed case and punctuation, sorted ordinally -> ce92c0b0..."""
        names = ["apple", "Banana", "_under", "ZED", "éclair", "a1", "A2", "b.c", "B-d"]
        attributes = {n: {"DataType": "String", "StringValue": "v-" + n} for n in names}
        self.assertEqual(md5_of_attributes(attributes), "ce92c0b02a4cff3097c6cd9102c92a26")

    def test_attribute_md5_absent_for_no_attributes(self):
        """No attributes -> no MD5OfMessageAttributes."""
        self.assertIsNone(md5_of_attributes({}))
