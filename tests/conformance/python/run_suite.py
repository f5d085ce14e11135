"""Run one folder of unittest conformance tests and print a one-line tally.

Usage: python run_suite.py <folder> [label] [-k substring]

unittest counts each failing subTest separately; this runner counts tests, so
a test with three failing subtests is one failure. The last line is
`<label>: N passed, N failed, N skipped`, which run.sh sums over suites.
"""

import argparse
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


class TallyResult(unittest.TextTestResult):
    """Remembers which tests failed, whether in the test body or in a subTest."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.failed_ids = set()

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.failed_ids.add(test.id())

    def addError(self, test, err):
        super().addError(test, err)
        self.failed_ids.add(getattr(test, "id", lambda: str(test))())

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self.failed_ids.add(test.id())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("label", nargs="?", default="python")
    parser.add_argument("-k", dest="pattern", help="only tests whose id contains this")
    args = parser.parse_args()

    sys.path.insert(0, HERE)
    suite = unittest.defaultTestLoader.discover(os.path.join(HERE, args.folder), top_level_dir=HERE)
    if args.pattern:
        suite = unittest.TestSuite(t for t in _flatten(suite) if args.pattern in t.id())
    suite = unittest.TestSuite(_skip_pending(t) for t in _flatten(suite))

    runner = unittest.TextTestRunner(verbosity=2, resultclass=TallyResult, stream=sys.stdout)
    result = runner.run(suite)
    failed = len(result.failed_ids)
    skipped = len(result.skipped)
    passed = result.testsRun - failed - skipped
    print("{}: {} passed, {} failed, {} skipped".format(args.label, passed, failed, skipped))
    return 1 if failed else 0


PENDING_FILE = os.path.join(os.path.dirname(HERE), "pending.txt")


def _pending():
    """The entries of pending.txt: tests of features the server does not serve yet."""
    if not os.path.exists(PENDING_FILE):
        return []
    with open(PENDING_FILE, encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")]


def _skip_pending(test):
    """A test named in pending.txt is skipped with that reason, so it shows as skipped, never as passed."""
    if any(entry in test.id() for entry in _pending_entries):
        method = getattr(test, test._testMethodName)
        def skipped(*_args, **_kwargs):
            raise unittest.SkipTest("pending (tests/conformance/pending.txt): not served by Shoal yet")
        skipped.__name__ = method.__name__
        setattr(test, test._testMethodName, skipped)
    return test


_pending_entries = _pending()


def _flatten(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from _flatten(item)
        else:
            yield item


if __name__ == "__main__":
    sys.exit(main())
