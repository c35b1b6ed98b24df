#!/usr/bin/env python3
"""A local Amazon Lookout for Vision peer for the tests: the four read calls of the REST-JSON API 2020-11-20.

It listens on 127.0.0.1 only, serves the projects and models of a state file, and behaves as the API model says:
- ListProjects / ListModels page with NextToken, and pages hold fewer items than asked (the state's pageSize caps them);
- DescribeProject / DescribeModel ('latest' accepted) return 404 ResourceNotFoundException with ResourceId/ResourceType;
- bad names, versions, maxResults or tokens are 400 ValidationException; a project marked "denied" is 403
  AccessDeniedException;
- every request's SigV4 signature is verified with botocore's own signer (a second implementation, not the
  client's): unknown keys, a wrong scope or a signature mismatch are refused as AWS refuses them.

Faults are injected through an unsigned control API (never part of the service):
  POST /__peer/faults   {"faults": [{"status": 429, "code": "ThrottlingException", "count": 2, "retryAfter": 1,
                                     "latencyMs": 0, "path": "regex", "every": 2}]}   appended, each used `count`
                        times (with "every": n, on every n-th matching request only)
  POST /__peer/reset    clears faults and the request log
  GET  /__peer/requests the request log: method, path, query, status, signature verdict, time

Run: python3 lfv_peer.py --state state.json [--port 0]. It prints 'LISTENING <port>' once ready.
"""
import argparse
import base64
import datetime
import hashlib
import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

API = "/2020-11-20"
PROJECT_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_\-]{0,254}$")
MODEL_VERSION = re.compile(r"^([1-9][0-9]{0,9}|latest)$")
TOKEN = re.compile(r"^[a-zA-Z0-9/+=]{0,2048}$")
AUTH = re.compile(r"^AWS4-HMAC-SHA256 Credential=(?P<ak>[^/]+)/(?P<date>\d{8})/(?P<region>[^/]+)/(?P<service>[^/]+)/aws4_request, "
                  r"SignedHeaders=(?P<signed>[^,]+), Signature=(?P<sig>[0-9a-f]{64})$")
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


class Peer:
    def __init__(self, state):
        self.state = state
        self.region = state.get("region", "us-east-1")
        self.page_size = int(state.get("pageSize", 2))
        self.keys = {c["accessKeyId"]: c for c in state.get("credentials", [])}
        self.lock = threading.Lock()
        self.faults = []
        self.log = []
        self.inflight = 0

    # ------------------------------------------------------------------ faults and log
    def take_fault(self, path):
        with self.lock:
            for fault in self.faults:
                if fault.get("count", 1) <= 0:
                    continue
                if fault.get("path") and not re.search(fault["path"], path):
                    continue
                if fault.get("every"):
                    # Every n-th matching request (the first, then n later, ...), as long as the count lasts.
                    fault["seen"] = fault.get("seen", 0) + 1
                    if (fault["seen"] - 1) % fault["every"] != 0:
                        continue
                fault["count"] = fault.get("count", 1) - 1
                return dict(fault)
        return None

    def record(self, entry):
        with self.lock:
            self.log.append(entry)

    # ------------------------------------------------------------------ signature
    def verify(self, handler):
        auth = handler.headers.get("Authorization")
        if not auth:
            return 403, "MissingAuthenticationTokenException", "Missing Authentication Token"
        m = AUTH.match(auth)
        if not m:
            return 403, "IncompleteSignatureException", "Authorization header is not a SigV4 header: " + auth.split(" ")[0]
        key = self.keys.get(m["ak"])
        if key is None:
            return 403, "UnrecognizedClientException", "The security token included in the request is invalid."
        if m["service"] != "lookoutvision":
            return 403, "InvalidSignatureException", "Credential should be scoped to correct service: 'lookoutvision'."
        if m["region"] != self.region:
            return 403, "InvalidSignatureException", "Credential should be scoped to a valid region, not '%s'." % m["region"]
        amz_date = handler.headers.get("X-Amz-Date", "")
        try:
            signed_at = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
        except ValueError:
            return 403, "IncompleteSignatureException", "X-Amz-Date is missing or malformed."
        if abs((datetime.datetime.now(datetime.timezone.utc) - signed_at).total_seconds()) > 900:
            return 403, "InvalidSignatureException", "Signature expired: %s is more than 15 minutes from now." % amz_date
        if not amz_date.startswith(m["date"]):
            return 403, "InvalidSignatureException", "The credential date does not match X-Amz-Date."
        signed = m["signed"].split(";")
        if "host" not in signed:
            return 403, "InvalidSignatureException", "The host header must be signed."
        token = key.get("sessionToken")
        sent_token = handler.headers.get("X-Amz-Security-Token")
        if token and sent_token != token:
            return 403, "UnrecognizedClientException", "The security token included in the request is invalid."
        if sent_token and "x-amz-security-token" not in signed:
            return 403, "InvalidSignatureException", "X-Amz-Security-Token must be signed."
        content_sha = handler.headers.get("X-Amz-Content-SHA256")
        if content_sha is not None and content_sha != EMPTY_SHA256:
            return 403, "InvalidSignatureException", "X-Amz-Content-SHA256 does not match the (empty) body."

        headers = {}
        for name in signed:
            value = handler.headers.get(name)
            if value is None:
                return 403, "InvalidSignatureException", "Signed header '%s' is missing." % name
            headers[name] = value
        request = AWSRequest(method=handler.command, url="http://" + handler.headers["Host"] + handler.path, headers=headers, data=b"")
        request.context["timestamp"] = amz_date
        signer = SigV4Auth(Credentials(m["ak"], key["secretAccessKey"], token), "lookoutvision", self.region)
        canonical = signer.canonical_request(request)
        expected = signer.signature(signer.string_to_sign(request, canonical), request)
        if expected != m["sig"]:
            return 403, "InvalidSignatureException", (
                "The request signature we calculated does not match the signature you provided. "
                "Check your AWS Secret Access Key and signing method.")
        return None

    # ------------------------------------------------------------------ the API
    def project(self, name):
        for p in self.state["projects"]:
            if p["ProjectName"] == name:
                return p
        return None

    def route(self, method, path, query):
        if method != "GET":
            return 405, {"message": "Only the read calls are served."}, "ValidationException"
        parts = [unquote(p) for p in path.split("/") if p]
        if len(parts) < 2 or "/" + parts[0] != API or parts[1] != "projects":
            return 404, {"message": "No such operation: %s %s" % (method, path)}, "UnknownOperationException"
        if len(parts) == 2:
            return self.list_projects(query)
        name = parts[2]
        if not PROJECT_NAME.match(name):
            return 400, {"Message": "1 validation error detected: Value '%s' at 'projectName' failed to satisfy constraint: "
                                    "Member must satisfy regular expression pattern: [a-zA-Z0-9][a-zA-Z0-9_\\-]*" % name}, "ValidationException"
        project = self.project(name)
        if project is None:
            return 404, {"Message": "The project %s does not exist." % name, "ResourceId": name, "ResourceType": "PROJECT"}, "ResourceNotFoundException"
        if project.get("denied"):
            return 403, {"Message": "User is not authorized to access project %s." % name}, "AccessDeniedException"
        if len(parts) == 3:
            return 200, {"ProjectDescription": {k: project[k] for k in ("ProjectArn", "ProjectName", "CreationTimestamp", "Datasets") if k in project}}, None
        if parts[3] != "models":
            return 404, {"message": "No such operation."}, "UnknownOperationException"
        if len(parts) == 4:
            return self.list_models(project, query)
        version = parts[4]
        if not MODEL_VERSION.match(version):
            return 400, {"Message": "1 validation error detected: Value '%s' at 'modelVersion' failed to satisfy constraint: "
                                    "Member must satisfy regular expression pattern: ([1-9][0-9]*|latest)" % version}, "ValidationException"
        models = project.get("models", [])
        if version == "latest":
            model = max(models, key=lambda m: int(m["ModelVersion"]), default=None)
        else:
            model = next((m for m in models if m["ModelVersion"] == version), None)
        if model is None:
            return 404, {"Message": "The model %s of project %s does not exist." % (version, name),
                         "ResourceId": "%s/%s" % (name, version), "ResourceType": "MODEL"}, "ResourceNotFoundException"
        return 200, {"ModelDescription": model}, None

    def page(self, items, query, key):
        max_results = query.get("maxResults", ["100"])[0]
        if not re.match(r"^\d+$", max_results) or not 1 <= int(max_results) <= 100:
            return 400, {"Message": "1 validation error detected: Value '%s' at 'maxResults' failed to satisfy constraint: "
                                    "Member must have value between 1 and 100" % max_results}, "ValidationException"
        token = query.get("nextToken", [""])[0]
        start = 0
        if token:
            try:
                if not TOKEN.match(token):
                    raise ValueError()
                start = int(base64.b64decode(token).decode("ascii").split(":")[1])
            except Exception:
                return 400, {"Message": "Invalid pagination token."}, "ValidationException"
        size = min(int(max_results), self.page_size)
        chunk = items[start:start + size]
        body = {key: chunk}
        if start + size < len(items):
            body["NextToken"] = base64.b64encode(("offset:%d" % (start + size)).encode("ascii")).decode("ascii")
        return 200, body, None

    def list_projects(self, query):
        items = [{k: p[k] for k in ("ProjectArn", "ProjectName", "CreationTimestamp") if k in p} for p in self.state["projects"]]
        return self.page(items, query, "Projects")

    def list_models(self, project, query):
        fields = ("CreationTimestamp", "ModelVersion", "ModelArn", "Description", "Status", "StatusMessage", "Performance")
        items = [{k: m[k] for k in fields if k in m} for m in project.get("models", [])]
        return self.page(items, query, "Models")


def make_handler(peer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):
            pass

        def send_json(self, status, body, error_code=None, extra_headers=None):
            data = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("x-amzn-RequestId", hashlib.md5(str(time.time()).encode()).hexdigest())
            if error_code:
                self.send_header("x-amzn-ErrorType", error_code + ":http://internal.amazon.com/coral/com.amazonaws.lookoutvision/")
            for k, v in (extra_headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            try:
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def control(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}") if length else {}
            if self.path == "/__peer/faults" and self.command == "POST":
                with peer.lock:
                    peer.faults.extend(body.get("faults", []))
                return self.send_json(200, {"ok": True})
            if self.path == "/__peer/reset" and self.command == "POST":
                with peer.lock:
                    peer.faults.clear()
                    peer.log.clear()
                return self.send_json(200, {"ok": True})
            if self.path == "/__peer/requests":
                with peer.lock:
                    return self.send_json(200, {"requests": list(peer.log)})
            return self.send_json(404, {"message": "unknown control call"})

        def handle_api(self):
            url = urlsplit(self.path)
            query = parse_qs(url.query, keep_blank_values=True)
            entry = {"method": self.command, "path": url.path, "query": {k: v[0] for k, v in query.items()},
                     "time": time.time(), "userAgent": self.headers.get("User-Agent", "")}
            # Logged on arrival (the status is filled in later), so a slow request never lands in a later test's log.
            # 'inflight' counts the API requests being served at that moment, this one included.
            with peer.lock:
                peer.inflight += 1
                entry["inflight"] = peer.inflight
            peer.record(entry)
            try:
                return self.serve_api(url, query, entry)
            finally:
                with peer.lock:
                    peer.inflight -= 1

        def serve_api(self, url, query, entry):
            refused = peer.verify(self)
            if refused:
                status, code, message = refused
                entry.update(status=status, signature=code)
                return self.send_json(status, {"message": message}, code)
            entry["signature"] = "valid"
            fault = peer.take_fault(url.path)
            if fault and fault.get("latencyMs"):
                entry["latencyMs"] = fault["latencyMs"]
                time.sleep(fault["latencyMs"] / 1000.0)
            if fault and fault.get("status"):
                entry.update(status=fault["status"], fault=fault.get("code"))
                headers = {"Retry-After": str(fault["retryAfter"])} if "retryAfter" in fault else {}
                return self.send_json(fault["status"], {"Message": fault.get("message", "Injected %s." % fault.get("code"))},
                                      fault.get("code"), headers)
            status, body, code = peer.route(self.command, url.path, query)
            entry["status"] = status
            return self.send_json(status, body, code)

        def do_GET(self):
            return self.control() if self.path.startswith("/__peer/") else self.handle_api()

        def do_POST(self):
            return self.control() if self.path.startswith("/__peer/") else self.handle_api()

        def do_PUT(self):
            return self.handle_api()

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--state", required=True, help="JSON file of projects, models and accepted credentials")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args()
    with open(args.state, encoding="utf-8") as f:
        peer = Peer(json.load(f))
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(peer))
    server.daemon_threads = True
    print("LISTENING %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
