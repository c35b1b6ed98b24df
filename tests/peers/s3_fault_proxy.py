#!/usr/bin/env python3
"""A fault-injecting proxy in front of a local S3 peer (moto_server), for the tests: it forwards every request to the
upstream and, when told, answers with throttling, server errors, connection resets, bodies cut short of their
Content-Length, or delays. It logs every request's method, path, Range header, the access key ID that signed it and whether it carried a session token, and refuses anything but GET and HEAD
(the module only ever reads).

Usage: s3_fault_proxy.py <upstream http://127.0.0.1:port> [--allow-writes]    prints 'LISTENING <port>' on 127.0.0.1
(--allow-writes forwards POST too: in front of moto's STS, whose calls are POSTs, to count them and refuse them.)
A fault may give "code" (the error code), "body" (the whole error body, sent as it is), "region" (for "redirect": a 301
PermanentRedirect with x-amz-bucket-region, as a bucket of another region answers).
Control (unsigned): POST /__proxy/faults {"faults":[{"kind":"throttle-every-other"|"error"|"reset"|"cut"|"stall"|"slow"|"corrupt"|"etag",
  "count":n, "status":500, "seconds":s, "path":"substring"}]}; POST /__proxy/reset; GET /__proxy/requests.
"""
import http.client
import json
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

upstream = urllib.parse.urlparse(sys.argv[1])
allow_writes = "--allow-writes" in sys.argv[2:]
if upstream.hostname not in ("127.0.0.1", "localhost", "::1"):
    sys.exit("refusing a non-loopback upstream: " + sys.argv[1])
lock = threading.Lock()
state = {"faults": [], "log": [], "calls": 0}


def take_fault(method, path):
    with lock:
        state["calls"] += 1
        for f in state["faults"]:
            if f.get("path") and f["path"] not in path:
                continue
            if f["kind"] == "throttle-every-other":
                f["seen"] = f.get("seen", 0) + 1
                if f["seen"] % 2 == 1:
                    return f
                continue
            if f.get("count", 1) > 0:
                f["count"] = f.get("count", 1) - 1
                return f
    return None


def scope(headers):
    """The credential scope of a SigV4 Authorization header (Credential=AKID/date/region/service/aws4_request): the
    access key ID and the region it was signed for, never the secret."""
    auth = headers.get("Authorization") or ""
    marker = "Credential="
    if marker not in auth:
        return [None, None, None, None]
    return (auth.split(marker, 1)[1].split(",", 1)[0].split("/") + [None] * 4)[:4]


def form_of(method, body):
    """The parameters of a form-encoded POST (STS's Query protocol: Action, RoleArn, ExternalId, DurationSeconds, ...);
    an MFA TokenCode is logged as present, never as its value."""
    if method != "POST" or not body:
        return None
    try:
        form = {k: v[0] for k, v in urllib.parse.parse_qs(body.decode("utf-8")).items()}
    except (UnicodeDecodeError, ValueError):
        return None
    if "TokenCode" in form:
        form["TokenCode"] = "(given)"
    return form


def access_key(headers):
    return scope(headers)[0]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_plain(self, status, body, content_type="application/json", headers=None):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def control(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}") if length else {}
        if self.path == "/__proxy/faults":
            with lock:
                state["faults"].extend(body.get("faults", []))
            return self.send_plain(200, "{}")
        if self.path == "/__proxy/reset":
            with lock:
                state["faults"].clear()
                state["log"].clear()
            return self.send_plain(200, "{}")
        if self.path == "/__proxy/requests":
            with lock:
                return self.send_plain(200, json.dumps({"requests": state["log"]}))
        return self.send_plain(404, "{}")

    def handle_any(self):
        # Asked as an HTTP proxy (HTTP_PROXY), the request line holds the whole URL: logged so (viaProxy), forwarded by its path.
        if self.path.startswith("/__proxy/"):
            return self.control()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        fault = take_fault(self.command, self.path)
        with lock:
            state["log"].append({"method": self.command, "path": self.path, "range": self.headers.get("Range"),
                                 "fault": fault["kind"] if fault else None, "accessKey": access_key(self.headers),
                                 "sessionToken": bool(self.headers.get("X-Amz-Security-Token")),
                                 "region": scope(self.headers)[2], "requestPayer": self.headers.get("x-amz-request-payer"),
                                 "viaProxy": self.path.startswith("http://"), "form": form_of(self.command, body)})
        if self.command not in ("GET", "HEAD") and not (allow_writes and self.command == "POST"):
            return self.send_plain(405, "<Error><Code>MethodNotAllowed</Code><Message>The module only reads.</Message></Error>", "application/xml")
        if fault and fault["kind"] in ("throttle-every-other",):
            return self.send_plain(503, "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>", "application/xml")
        if fault and fault["kind"] == "error":
            status = fault.get("status", 500)
            code = fault.get("code") or ("ServiceUnavailable" if status == 503 else "InternalError")
            body = fault.get("body") or f"<Error><Code>{code}</Code><Message>Injected.</Message></Error>"
            return self.send_plain(status, body, "text/xml")
        if fault and fault["kind"] == "redirect":
            region = fault.get("region", "eu-west-1")
            bucket = self.path.lstrip("/").split("/", 1)[0].split("?", 1)[0]
            body = (f"<Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint.</Message>"
                    f"<Endpoint>{bucket}.s3.{region}.amazonaws.com</Endpoint><Bucket>{bucket}</Bucket></Error>")
            return self.send_plain(301, body if self.command != "HEAD" else b"", "application/xml", {"x-amz-bucket-region": region})
        if fault and fault["kind"] == "reset":
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if fault and fault["kind"] == "slow":
            time.sleep(fault.get("seconds", 2))
        conn = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=60)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        headers["Host"] = f"{upstream.hostname}:{upstream.port}"
        path = self.path
        if path.startswith("http://"):
            parsed = urllib.parse.urlparse(path)
            path = parsed.path + ("?" + parsed.query if parsed.query else "")
        conn.request(self.command, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        if fault and fault["kind"] == "corrupt" and self.command == "GET" and len(data) > 1:
            # One byte of the body changed on the way, its length and headers (its ETag, the MD5 of what was stored) as they were.
            middle = len(data) // 2
            data = data[:middle] + bytes([data[middle] ^ 0x20]) + data[middle + 1:]
        self.send_response(response.status)
        for k, v in response.getheaders():
            if k.lower() == "etag" and fault and fault["kind"] == "etag":
                v = '"abc"'  # an ETag of odd length: no MD5 at all
            if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if fault and fault["kind"] == "cut" and self.command == "GET" and len(data) > 1:
            # Half the body, then the connection goes: the client sees a body cut short of its Content-Length.
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if fault and fault["kind"] == "stall" and self.command == "GET" and len(data) > 1:
            # Half the body, then nothing for a while on an open connection: a body that stalls after its headers.
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            time.sleep(fault.get("seconds", 30))
            self.close_connection = True
            return
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_HEAD = do_PUT = do_POST = do_DELETE = handle_any


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print("LISTENING %d" % server.server_address[1], flush=True)
server.serve_forever()
