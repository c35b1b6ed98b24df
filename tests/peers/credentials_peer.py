#!/usr/bin/env python3
"""The credential endpoints moto does not have, on 127.0.0.1, for the tests: a container credentials endpoint (as ECS
and EKS Pod Identity serve it), the IAM Identity Center portal's GetRoleCredentials (what the SDK's SSO client calls
with the token 'aws sso login' cached), and the instance metadata service (IMDSv2: a PUT for a session token first).
Each hands out its own access key ID, so a test can tell which source signed a request; each checks what a real one
checks (the container's Authorization token, the SSO bearer token, the IMDSv2 session token) and refuses anything else.

Usage: credentials_peer.py --state STATE.json   prints 'LISTENING <port>'
STATE: {"container": {"token": "...", "accessKey": "..."}, "sso": {"token": "...", "accountId": "...", "roleName": "...",
        "accessKey": "..."}, "imds": {"role": "...", "accessKey": "..."}}
Control: GET /__peer/requests (the method, path and which endpoint each request reached).
"""
import json
import sys
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

state = json.load(open(sys.argv[sys.argv.index("--state") + 1]))
lock = threading.Lock()
log = []
IMDS_TOKEN = "imds-session-token-0123456789"


def expiry(hours=1):
    return datetime.now(timezone.utc) + timedelta(hours=hours)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body, content_type="application/json"):
        data = (json.dumps(body) if not isinstance(body, (bytes, str)) else body)
        data = data.encode() if isinstance(data, str) else data
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def record(self, endpoint):
        with lock:
            log.append({"method": self.command, "path": self.path, "endpoint": endpoint})

    def do_PUT(self):
        if self.path == "/latest/api/token" and "imds" in state:
            self.record("imds-token")
            return self.reply(200, IMDS_TOKEN, "text/plain")
        return self.reply(404, {"message": "not found"})

    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/__peer/requests":
            with lock:
                return self.reply(200, {"requests": log})
        if url.path == "/container/credentials" and "container" in state:
            self.record("container")
            c = state["container"]
            if self.headers.get("Authorization") != c["token"]:
                return self.reply(401, {"code": "AccessDenied", "message": "The Authorization header is not this task's token."})
            return self.reply(200, {"AccessKeyId": c["accessKey"], "SecretAccessKey": "container/secret", "Token": "container-session-token",
                                    "Expiration": expiry().strftime("%Y-%m-%dT%H:%M:%SZ"), "RoleArn": "arn:aws:iam::123456789012:role/task"})
        if url.path == "/federation/credentials" and "sso" in state:
            self.record("sso")
            s = state["sso"]
            q = parse_qs(url.query)
            if self.headers.get("x-amz-sso_bearer_token") != s["token"]:
                return self.reply(401, {"message": "Session token not found or invalid"}, "application/json")
            if q.get("account_id") != [s["accountId"]] or q.get("role_name") != [s["roleName"]]:
                return self.reply(403, {"message": "No access"})
            return self.reply(200, {"roleCredentials": {"accessKeyId": s["accessKey"], "secretAccessKey": "sso/secret", "sessionToken": "sso-session-token",
                                                        "expiration": int(expiry().timestamp() * 1000)}})
        if url.path.startswith("/latest/meta-data/iam/security-credentials") and "imds" in state:
            self.record("imds")
            if self.headers.get("x-aws-ec2-metadata-token") != IMDS_TOKEN:
                return self.reply(401, "", "text/plain")
            role = state["imds"]["role"]
            rest = url.path[len("/latest/meta-data/iam/security-credentials"):].strip("/")
            if rest == "":
                return self.reply(200, role, "text/plain")
            if rest == role:
                return self.reply(200, {"Code": "Success", "Type": "AWS-HMAC", "AccessKeyId": state["imds"]["accessKey"], "SecretAccessKey": "imds/secret",
                                        "Token": "imds-session-token", "Expiration": expiry().strftime("%Y-%m-%dT%H:%M:%SZ"),
                                        "LastUpdated": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")})
        if url.path.startswith("/latest/meta-data/") and "imds" in state:
            self.record("imds-other")
            return self.reply(404, "", "text/plain")
        return self.reply(404, {"message": "not found: " + url.path})


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print("LISTENING %d" % server.server_address[1], flush=True)
server.serve_forever()
