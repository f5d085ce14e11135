"""A local HTTP endpoint for SNS http subscriptions: it records every request and answers 200.

It listens on $SHOAL_SUBSCRIBER_HOST (default 127.0.0.1), the address the server under test
must be able to reach, on a free port.
"""

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from support.settings import SUBSCRIBER_HOST


class Request:
    def __init__(self, method, path, headers, body):
        self.method = method
        self.path = path
        self.headers = {k.lower(): v for k, v in headers.items()}
        self.body = body

    @property
    def json(self):
        """The body parsed as JSON, or None when it is not JSON."""
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    @property
    def message_type(self):
        return self.headers.get("x-amz-sns-message-type")

    def __repr__(self):
        return "<{} {} {} {!r}>".format(self.method, self.path, self.message_type, self.body[:200])


class HttpSubscriber:
    """Start with `HttpSubscriber()`, give `url` to Subscribe, `close()` when done."""

    def __init__(self):
        self._requests = []
        self._changed = threading.Condition()
        subscriber = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _record(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8") if length else ""
                with subscriber._changed:
                    subscriber._requests.append(Request(self.command, self.path, dict(self.headers), body))
                    subscriber._changed.notify_all()
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_POST = _record
            do_GET = _record
            do_PUT = _record

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer((SUBSCRIBER_HOST, 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self.url = "http://{}:{}/conf-sns-{}".format(SUBSCRIBER_HOST, self._server.server_address[1],
                                                    uuid.uuid4().hex[:8])

    @property
    def requests(self):
        with self._changed:
            return list(self._requests)

    def wait_for(self, predicate, timeout):
        """The first recorded request for which predicate(request) holds, waiting up to `timeout`
        seconds for it; None if none came."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for request in self._requests:
                    if predicate(request):
                        return request
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._changed.wait(remaining)

    def wait_for_type(self, message_type, timeout, **fields):
        """The first POST whose x-amz-sns-message-type header is `message_type` and whose JSON
        body has the given field values."""
        def matches(request):
            body = request.json or {}
            return (request.method == "POST" and request.message_type == message_type
                    and all(body.get(k) == v for k, v in fields.items()))
        return self.wait_for(matches, timeout)

    def close(self):
        self._server.shutdown()
        self._server.server_close()
