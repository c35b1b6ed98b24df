#!/usr/bin/env python3
"""Loads a folder into a bucket of a local S3 peer (moto_server), keys relative to the folder.

Usage: s3_load.py <endpoint> <bucket> <folder> [<key-prefix>]
Only ever talks to the endpoint it is given (the test harness passes a 127.0.0.1 address).
"""
import os
import sys

import boto3

endpoint, bucket, folder = sys.argv[1], sys.argv[2], sys.argv[3]
prefix = sys.argv[4] if len(sys.argv) > 4 else ""
if not endpoint.startswith(("http://127.", "http://localhost", "http://[::1]")):
    sys.exit("refusing a non-loopback endpoint: " + endpoint)
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                  aws_access_key_id="AKIDMOTO", aws_secret_access_key="moto-secret")
existing = [b["Name"] for b in s3.list_buckets().get("Buckets", [])]
if bucket not in existing:
    s3.create_bucket(Bucket=bucket)
count = 0
for root, _, files in os.walk(folder):
    for name in sorted(files):
        path = os.path.join(root, name)
        key = prefix + os.path.relpath(path, folder).replace(os.sep, "/")
        s3.upload_file(path, bucket, key)
        count += 1
print("loaded %d object(s) into s3://%s/%s" % (count, bucket, prefix))
