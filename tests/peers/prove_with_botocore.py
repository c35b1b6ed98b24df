#!/usr/bin/env python3
"""Proves that lfv_peer.py speaks the real Lookout for Vision protocol, with the genuine 'lookoutvision' client of
the botocore that the Google Cloud CLI bundles (AWS dropped the service from current botocore releases).

Usage: prove_with_botocore.py <endpoint> <botocore-parent-dir>
Each check prints 'ok <name>' or 'FAIL <name>: <why>'; the exit code is the number of failures.
"""
import json
import sys
import urllib.request

endpoint, third_party = sys.argv[1], sys.argv[2]
sys.path.insert(0, third_party)  # before site-packages: the bundled botocore, which still has the lookoutvision model

import botocore  # noqa: E402
import botocore.session  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

failures = 0


def check(name, fn):
    global failures
    try:
        fn()
        print("ok", name)
    except Exception as e:  # a failed assertion or an unexpected error alike
        failures += 1
        print("FAIL %s: %s: %s" % (name, type(e).__name__, e))


def control(path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(endpoint + path, data=data, method="POST" if data is not None else "GET",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


session = botocore.session.get_session()
assert "lookoutvision" in session.get_available_services(), "this botocore has no lookoutvision model"


def client(key="AKIDLOOKOUTPEER", secret="peer/secret+key/For+Tests0123456789abcd", token=None, retries=None):
    cfg = Config(retries=retries or {"total_max_attempts": 1, "mode": "standard"})
    return session.create_client("lookoutvision", region_name="us-east-1", endpoint_url=endpoint,
                                 aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token=token, config=cfg)


lfv = client()
print("botocore", botocore.__version__, "from", botocore.__file__)


def paginate_projects():
    control("/__peer/reset", {})
    pages = list(lfv.get_paginator("list_projects").paginate(PaginationConfig={"PageSize": 5}))
    names = [p["ProjectName"] for page in pages for p in page["Projects"]]
    assert len(pages) == 5, "expected 5 pages of at most 2 (9 projects), got %d" % len(pages)
    assert all(len(page["Projects"]) <= 2 for page in pages), "a page held more than the peer's page size"
    assert names[:2] == ["circuitboard", "cookies"] and len(names) == 9, names
    asked = [r["query"].get("maxResults") for r in control("/__peer/requests")["requests"]]
    assert asked == ["5"] * 5, asked


def describe_project():
    d = lfv.describe_project(ProjectName="cookies")["ProjectDescription"]
    assert d["ProjectName"] == "cookies" and [x["DatasetType"] for x in d["Datasets"]] == ["train", "test"], d
    assert d["CreationTimestamp"].year == 2021, d["CreationTimestamp"]


def list_models():
    models = [m for page in lfv.get_paginator("list_models").paginate(ProjectName="circuitboard") for m in page["Models"]]
    assert [m["ModelVersion"] for m in models] == ["1", "2"], models
    assert abs(models[0]["Performance"]["Recall"] - 0.777778) < 1e-9, models[0]


def describe_model_latest():
    m = lfv.describe_model(ProjectName="circuitboard", ModelVersion="latest")["ModelDescription"]
    assert m["ModelVersion"] == "2" and m["Status"] == "HOSTED", m
    assert m["EvaluationManifest"] == {"Bucket": "lookoutmetrics-samples", "Key": "circuitboard/EvaluationManifest-circuitboard-2.json"}
    assert m["EvaluationEndTimestamp"].year == 2021


def expect_error(call, code, status, **fields):
    try:
        call()
    except ClientError as e:
        err = e.response["Error"]
        assert err["Code"] == code, "code %s, not %s" % (err["Code"], code)
        assert e.response["ResponseMetadata"]["HTTPStatusCode"] == status, e.response["ResponseMetadata"]["HTTPStatusCode"]
        for k, v in fields.items():
            assert e.response.get(k) == v, "%s = %r" % (k, e.response.get(k))
        return
    raise AssertionError("no error")


check("ListProjects pages with NextToken, fewer than asked", paginate_projects)
check("DescribeProject", describe_project)
check("ListModels with Performance", list_models)
check("DescribeModel latest", describe_model_latest)
check("ResourceNotFoundException (model)", lambda: expect_error(
    lambda: lfv.describe_model(ProjectName="circuitboard", ModelVersion="9"), "ResourceNotFoundException", 404,
    ResourceId="circuitboard/9", ResourceType="MODEL"))
check("ResourceNotFoundException (project)", lambda: expect_error(
    lambda: lfv.list_models(ProjectName="nope"), "ResourceNotFoundException", 404, ResourceType="PROJECT"))
check("AccessDeniedException", lambda: expect_error(lambda: lfv.describe_project(ProjectName="restricted"), "AccessDeniedException", 403))
check("ValidationException (maxResults over 100, sent raw)", lambda: expect_error(
    lambda: client().list_projects(NextToken="!!not-a-token!!"), "ValidationException", 400))


def injected(code, status):
    control("/__peer/faults", {"faults": [{"status": status, "code": code, "count": 1}]})
    expect_error(lambda: lfv.list_projects(), code, status)


check("ConflictException injected", lambda: injected("ConflictException", 409))
check("ServiceQuotaExceededException injected", lambda: injected("ServiceQuotaExceededException", 402))
check("InternalServerException injected", lambda: injected("InternalServerException", 500))


def throttling_retried():
    control("/__peer/reset", {})
    control("/__peer/faults", {"faults": [{"status": 429, "code": "ThrottlingException", "count": 2, "retryAfter": 0}]})
    patient = client(retries={"total_max_attempts": 4, "mode": "standard"})
    assert len(patient.list_projects()["Projects"]) == 2
    statuses = [r["status"] for r in control("/__peer/requests")["requests"]]
    assert statuses == [429, 429, 200], statuses


check("ThrottlingException is retried by botocore's standard mode", throttling_retried)
check("wrong secret: InvalidSignatureException", lambda: expect_error(
    lambda: client(secret="not-the-secret").list_projects(), "InvalidSignatureException", 403))
check("unknown key: UnrecognizedClientException", lambda: expect_error(
    lambda: client(key="AKIDUNKNOWN").list_projects(), "UnrecognizedClientException", 403))
check("session credentials with their token", lambda: client(
    "ASIALOOKOUTSESSION", "session/secret+key/For+Tests0123456789ab", "SessionTokenForTheLookoutPeer==").list_projects())
check("session credentials without the token are refused", lambda: expect_error(
    lambda: client("ASIALOOKOUTSESSION", "session/secret+key/For+Tests0123456789ab").list_projects(), "UnrecognizedClientException", 403))

print("%d check(s) failed" % failures if failures else "all checks passed")
sys.exit(failures)
