#!/usr/bin/env python3
"""Show the auditor's findings as a security team sees them, read back from Security Hub.

Reads findings with GetFindings (paginated) in each region, keeps our own
findings (ProductArn ending in product/<account>/default) that are ACTIVE
(unless --all), and prints them grouped by severity, then one count line per
compliance status.

The same filters are sent to Security Hub and applied again here: moto ignores
GetFindings filters.

    scripts/show_findings.py --endpoint http://127.0.0.1:5000 --regions us-east-1,eu-west-1
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from collections import Counter
from typing import Any

import boto3
import botocore.exceptions

SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL"]
STATUSES = ["FAILED", "WARNING", "NOT_AVAILABLE", "PASSED"]
COLORS = {"CRITICAL": "\033[1;31m", "HIGH": "\033[31m", "MEDIUM": "\033[33m", "LOW": "\033[36m",
          "INFORMATIONAL": "\033[2m", "FAILED": "\033[31m", "PASSED": "\033[32m", "WARNING": "\033[33m",
          "NOT_AVAILABLE": "\033[35m"}
RESET = "\033[0m"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--endpoint", default=os.environ.get("AWS_ENDPOINT_URL_SECURITYHUB") or os.environ.get("AWS_ENDPOINT_URL"),
                   help="Security Hub endpoint URL (default: $AWS_ENDPOINT_URL_SECURITYHUB, $AWS_ENDPOINT_URL, or AWS)")
    p.add_argument("--regions", default=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1",
                   help="comma-separated regions to read (default: $AWS_REGION)")
    p.add_argument("--account", help="account whose own findings to show (default: the caller's, from STS)")
    p.add_argument("--moto-account", help="on moto: read as this account (x-moto-account-id), e.g. a member account "
                                          "of an organization; implies --account")
    p.add_argument("--all", action="store_true", help="every finding: ARCHIVED ones and other products' too")
    p.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    return p.parse_args(argv)


def session(endpoint: str | None) -> boto3.session.Session:
    s = boto3.session.Session()
    if endpoint and s.get_credentials() is None:
        # a local emulator (moto) accepts any credentials
        s = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing")
    return s


def caller_account(s: boto3.session.Session, endpoint: str | None, region: str) -> str | None:
    try:
        sts_endpoint = os.environ.get("AWS_ENDPOINT_URL_STS") or endpoint
        return s.client("sts", region_name=region, endpoint_url=sts_endpoint).get_caller_identity()["Account"]
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError):
        return None


def read_region(s: boto3.session.Session, endpoint: str | None, region: str, account: str | None,
                everything: bool, moto_account: str | None = None) -> list[dict[str, Any]]:
    client = s.client("securityhub", region_name=region, endpoint_url=endpoint)
    if moto_account:
        def as_account(request: Any, **_kwargs: Any) -> None:
            request.headers["x-moto-account-id"] = moto_account

        client.meta.events.register("before-sign.*.*", as_account)
    filters: dict[str, Any] = {}
    if not everything:
        filters["RecordState"] = [{"Value": "ACTIVE", "Comparison": "EQUALS"}]
        if account:
            filters["ProductArn"] = [{"Value": f"arn:{partition(region)}:securityhub:{region}:{account}:product/{account}/default",
                                      "Comparison": "EQUALS"}]
    out: list[dict[str, Any]] = []
    for page in client.get_paginator("get_findings").paginate(Filters=filters, PaginationConfig={"PageSize": 100}):
        out.extend(page.get("Findings", []))
    if everything:
        return out
    return [f for f in out if is_ours(f, account) and f.get("RecordState", "ACTIVE") == "ACTIVE"]


def partition(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def is_ours(f: dict[str, Any], account: str | None) -> bool:
    acct = account or f.get("AwsAccountId", "")
    return str(f.get("ProductArn", "")).endswith(f"product/{acct}/default")


def short_resource(rid: str) -> str:
    """arn:aws:iam::123456789012:user/alice -> iam user/alice; AWS::IAM::AccessKey:AKIA… -> AccessKey:AKIA…"""
    m = re.match(r"^arn:[^:]+:([^:]*):([^:]*):(\d{12})?:(.*)$", rid)
    if m:
        service, _region, _acct, rest = m.groups()
        return f"{service} {rest}" if rest else rid
    m = re.match(r"^AWS::([^:]*)::(\w+):(.*)$", rid)
    if m:
        return f"{m.group(2)}:{m.group(3)}"
    return rid


def ellipsize(text: str, width: int) -> str:
    if width <= 1 or len(text) <= width:
        return text
    return text[: width - 1] + "…"


def row_of(f: dict[str, Any], queried_region: str) -> dict[str, str]:
    resources = f.get("Resources") or [{}]
    fields = f.get("ProductFields") or {}
    return {
        "severity": ((f.get("Severity") or {}).get("Label") or "INFORMATIONAL").upper(),
        "status": (f.get("Compliance") or {}).get("Status") or "-",
        "check": f.get("GeneratorId") or "-",
        "resource": short_resource(str(resources[0].get("Id", "-"))),
        "region": fields.get("auditor/Region") or resources[0].get("Region") or f.get("Region") or queried_region,
        "title": f.get("Title") or "",
        "record": f.get("RecordState") or "ACTIVE",
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    regions = [r.strip() for r in args.regions.split(",") if r.strip()]
    if not regions:
        print("show_findings: --regions is empty", file=sys.stderr)
        return 2
    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ)

    def paint(key: str, text: str) -> str:
        return f"{COLORS.get(key, '')}{text}{RESET}" if color and key in COLORS else text

    s = session(args.endpoint)
    account = args.account or args.moto_account or caller_account(s, args.endpoint, regions[0])
    rows: list[dict[str, str]] = []
    failed_regions = []
    for region in regions:
        try:
            rows.extend(row_of(f, region) for f in read_region(s, args.endpoint, region, account, args.all, args.moto_account))
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            print(f"show_findings: {region}: {e}", file=sys.stderr)
            failed_regions.append(region)

    scope = "all findings" if args.all else f"active findings of account {account or '?'}"
    print(f"Security Hub: {len(rows)} {scope} in {', '.join(regions)}"
          + (f" ({args.endpoint})" if args.endpoint else ""))
    if not rows:
        print("(none)")
    cols = ["status", "check", "resource", "region"] + (["record"] if args.all else [])
    widths = {c: max([len(c)] + [len(r[c]) for r in rows]) for c in cols}
    widths["resource"] = min(widths["resource"], 56)
    if sys.stdout.isatty():  # fit the terminal; a pipe or a log gets whole titles
        total = shutil.get_terminal_size((140, 24)).columns
        title_width = max(24, total - sum(widths.values()) - 2 * len(cols) - 9)
    else:
        title_width = 0

    status_rank = {st: i for i, st in enumerate(STATUSES)}
    by_severity: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_severity.setdefault(r["severity"], []).append(r)
    for sev in SEVERITIES + sorted(set(by_severity) - set(SEVERITIES)):
        group = by_severity.get(sev)
        if not group:
            continue
        group.sort(key=lambda r: (status_rank.get(r["status"], len(STATUSES)), r["check"], r["region"], r["resource"]))
        print()
        print(paint(sev, f"{sev} ({len(group)})"))
        header = "  " + "  ".join(c.upper().ljust(widths[c]) for c in cols) + "  TITLE"
        print(header)
        for r in group:
            cells = []
            for c in cols:
                text = ellipsize(r[c], widths[c]).ljust(widths[c])
                cells.append(paint(r[c], text) if c == "status" else text)
            print("  " + "  ".join(cells) + "  " + ellipsize(r["title"], title_width))

    print()
    counts = Counter(r["status"] for r in rows)
    for st in STATUSES + sorted(set(counts) - set(STATUSES)):
        print(f"{paint(st, st.ljust(13))} {counts.get(st, 0)}")
    return 1 if failed_regions else 0


if __name__ == "__main__":
    sys.exit(main())
