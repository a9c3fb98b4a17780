#!/usr/bin/env python3
"""moto on loopback, plus a small control API that seeds a sample AWS account.

Runs moto's own WSGI app (the same one `moto_server` serves) in a threaded
werkzeug server on 127.0.0.1, and prints exactly one line on stdout once it
listens:

    MOTO_PORT=<port>

Everything else (request logs with --verbose, errors) goes to stderr. It serves
until SIGTERM/SIGINT, or until stdin reaches end-of-file when
--exit-on-stdin-close is given (so a test process that dies does not leave it
running: hand it a pipe as stdin and keep the write end open).

Control API: JSON in, JSON out. Bad input (unknown fields, wrong types,
inconsistent dates, an AWS error from a call) answers HTTP 400
{"ok": false, "error": "<message>", "code"?: "<AWS error code>", "httpStatus"?: n}.
Every world object is created through the real APIs (boto3 against this very
server, credentials testing/testing, account 123456789012 or $MOTO_ACCOUNT_ID);
only what no API can set (dates, root account state) is written to moto's
backend objects. All dates are tz-aware UTC; "…DaysAgo" are numbers >= 0.

POST /_auditor/world -> {"ok": true, "account": "…", "endpoint": "…",
                         "users": [{"name": "…", "accessKeyIds": ["AKIA…", …]}]}
  {"users": [{"name": "alice",              required
              "path": "/",                  default "/"
              "password": true,             login profile (console access); default false
              "createdDaysAgo": 200,        default: its oldest key / password use, else now
              "passwordLastUsedDaysAgo": 3, absent = never used (no_information); needs password
              "mfa": false,                 a virtual MFA device named after the user, enabled
              "keys": [{"active": true,     default true (false = Inactive)
                        "createdDaysAgo": 120,
                        "lastUsedDaysAgo": 60,  absent = never used
                        "lastUsedService": "s3", "lastUsedRegion": "us-east-1"}]}],  (defaults)
   "securityHubRegions": ["us-east-1"],     EnableSecurityHub in each
   "guardDuty": {"us-east-1": "ENABLED", "eu-west-1": "DISABLED"},  absent region = no detector
   "shield": {"autoRenew": "ENABLED"},      absent/null = no Shield Advanced subscription
   "rootMfaEnabled": false,                 GetAccountSummary AccountMFAEnabled (moto default 0)
   "rootAccessKeysPresent": false,          GetAccountSummary AccountAccessKeysPresent (default 0)
   "iam": {                                 who can do what (all optional; documents are JSON objects)
     "policies": [{"name": "everything", "document": {...}}],          customer managed policies
     "groups": [{"name": "admins", "policies": ["everything"],         a policy is the name of one above,
                 "inline": {"name": {...}}, "members": ["alice"]}],     or an ARN (AWS managed: loaded
     "userPolicies": [{"user": "bob", "policies": [...], "inline": {...}}],   into moto on first use)
     "roles": [{"name": "ci", "path": "/", "trust": {...}, "policies": [...], "inline": {...}}],
     "passwordPolicy": {"MinimumPasswordLength": 8, ...}},            UpdateAccountPasswordPolicy's params
   "kmsKeys": [{"region": "us-east-1",      a customer managed symmetric key (CreateKey)
                "id": "0000…-…",            its key id (a UUID); default: moto's random one
                "rotation": true,           EnableKeyRotation; default false
                "pendingDeletionDays": 7}], ScheduleKeyDeletion with this window (7-30); absent = not scheduled
   "inspector": {"us-east-1": ["EC2", "ECR", "LAMBDA"]}}  Inspector2 Enable with these resource types
                                            (EC2, ECR, LAMBDA, LAMBDA_CODE); absent region = not enabled
  All optional; validated as a whole before anything is written; additive
  (a user that already exists is a 400: POST /_auditor/reset for a fresh world).

POST /_auditor/call -> the boto3 result itself (minus ResponseMetadata;
                       datetimes ISO-8601, blobs Base64)
  {"service": "iam", "region": "us-east-1", "operation": "delete_user",
   "params": {"UserName": "alice"}, "account": "210987654321"}
  operation: boto3 snake_case (delete_user) or API name (DeleteUser); region
  defaults to us-east-1; params default {}; account (optional) makes the call
  as that account (moto's x-moto-account-id header), e.g. in a member account
  of an organization. Conveniences (same envelope):
    "delete_user_fully"  params {"UserName"}: login profile, access keys, MFA
                         devices (virtual ones deleted), inline/attached
                         policies, groups, then the user
                         -> {"deleted": "alice", "removed": {"loginProfile": true,
                             "accessKeys": [...], "mfaDevices": [...],
                             "inlinePolicies": [...], "attachedPolicies": [...], "groups": [...]}}
    "enable_virtual_mfa" params {"UserName"}: create + enable a virtual MFA device
                         -> {"SerialNumber": "arn:aws:iam::…:mfa/alice"}

POST /_auditor/backdate -> {"ok": true}
  {"user": "alice", "createdDaysAgo": 300, "passwordLastUsedDaysAgo": 10,
   "keys": [{"index": 0, "createdDaysAgo": 200, "lastUsedDaysAgo": 100,
             "lastUsedService": "s3", "lastUsedRegion": "us-east-1"}]}
  user required; everything else optional (absent = unchanged). A key is
  chosen by "index" (0/1, creation order = credential report access_key_1/2)
  or "accessKeyId". null for passwordLastUsedDaysAgo / lastUsedDaysAgo means
  "never used".

POST /_auditor/organization -> {"ok": true, "organizationId": "o-…",
                                "managementAccount": "123456789012",
                                "accounts": [{"name": "…", "id": "…", "state": "…"}]}
  {"accounts": [{"name": "prod",              required, unique in the request
                 "state": "ACTIVE",           ACTIVE (default), SUSPENDED (CloseAccount),
                                              or PENDING_CLOSURE (set in moto's backend:
                                              no API leaves an account in that state)
                 "securityHubRegions": ["us-east-1"],  EnableSecurityHub in the account
                 "users": [{"name": "dev", "password": true, "mfa": false}],
                 "auditRole": true}]}         false = the account has no role anyone may
                                              assume: STS AssumeRole into it answers
                                              AccessDenied (HTTP 403), as AWS does for a
                                              missing role (moto lets any role be assumed;
                                              this server answers for moto until the next reset)
  Creates the organization (all features; management account = this server's
  default account) when there is none, then each account with Organizations
  CreateAccount (moto gives it a random id). Security Hub and users are created
  as that account. Validated as a whole before anything is written.

POST /_auditor/reset -> {"ok": true}   forget everything (as /moto-api/reset)
GET  /_auditor/health -> {"ok": true, "port": n, "account": "…", "endpoint": "…"}

Fidelity patches (off by default: tests and the demo run moto as shipped, as the
people who check our work do; --fidelity-patches turns them on).
Each makes moto 5.2.1 answer as AWS documents, where moto does not:
  - Shield DescribeSubscription StartTime/EndTime: epoch seconds (json 1.1), not
    moto's "dd/mm/YYYY, HH:MM:SS" strings.
  - Credential report: password_last_used / password_last_changed are N/A for a
    user without a password (moto: not_supported / the creation date);
    access_key_N_last_used_region / _service carry the key's last use, or N/A
    (moto: always not_supported).
  - Security Hub GetFindings / BatchImportFindings in a region where Security
    Hub is not enabled: HTTP 401 InvalidAccessException "Account … is not
    subscribed to AWS Security Hub" (moto: succeeds).
  - An operation moto does not implement (e.g. Shield GetSubscriptionState)
    answers like an operation AWS does not know: HTTP 400
    UnknownOperationException (json / rest-json) or InvalidAction (query),
    instead of an HTML 500 and a traceback on stderr; any other failure inside
    moto answers HTTP 500 InternalFailure and logs one line on stderr.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import logging
import os
import re
import signal
import sys
import threading
import traceback
from typing import Any, Callable

import boto3
import botocore.config
import botocore.exceptions
import botocore.model
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from moto.core import DEFAULT_ACCOUNT_ID
from moto.server import DomainDispatcherApplication, create_backend_app

HOST = "127.0.0.1"
REGION_DEFAULT = "us-east-1"
ACCOUNT = os.environ.get("MOTO_ACCOUNT_ID", DEFAULT_ACCOUNT_ID)
PASSWORD = "Auditor-Sample-Passw0rd!"
MFA_CODES = ("123456", "654321")

log = logging.getLogger("moto_world")


class BadInput(Exception):
    """Anything the caller got wrong: answered with HTTP 400."""


# --------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------

def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def days_ago(days: float) -> dt.datetime:
    return utcnow() - dt.timedelta(days=days)


def to_jsonable(value: Any) -> Any:
    """boto3 results to JSON: datetimes as ISO-8601 strings, blobs as Base64."""
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if hasattr(value, "read"):  # StreamingBody
        return base64.b64encode(value.read()).decode("ascii")
    return value


def expect_object(value: Any, where: str, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BadInput(f"{where} must be a JSON object, got {type(value).__name__}")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise BadInput(
            f"{where}: unknown field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}"
        )
    return value


def opt_bool(obj: dict[str, Any], key: str, where: str, default: bool = False) -> bool:
    if key not in obj or obj[key] is None:
        return default
    if not isinstance(obj[key], bool):
        raise BadInput(f"{where}.{key} must be true or false")
    return obj[key]


def opt_days(obj: dict[str, Any], key: str, where: str) -> float | None:
    """A non-negative number of days, or None when absent/null."""
    if key not in obj or obj[key] is None:
        return None
    v = obj[key]
    if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0 or v > 36500:
        raise BadInput(f"{where}.{key} must be a number of days between 0 and 36500, got {v!r}")
    return float(v)


def opt_str(obj: dict[str, Any], key: str, where: str, default: str | None = None) -> str | None:
    if key not in obj or obj[key] is None:
        return default
    if not isinstance(obj[key], str) or not obj[key]:
        raise BadInput(f"{where}.{key} must be a non-empty string")
    return obj[key]


def check_region(region: Any, where: str) -> str:
    import re

    if not isinstance(region, str) or not re.fullmatch(r"[a-z]{2}(-[a-z]+)+-\d", region):
        raise BadInput(f"{where}: {region!r} is not a region name like us-east-1")
    return region


# --------------------------------------------------------------------------
# moto backend access (what no API can set)
# --------------------------------------------------------------------------

def iam_backend() -> Any:
    from moto.iam.models import iam_backends

    return iam_backends[ACCOUNT]["global"]


def shield_backend() -> Any:
    from moto.shield.models import shield_backends

    return shield_backends[ACCOUNT]["aws"]


def iam_user(name: str) -> Any:
    backend = iam_backend()
    user = backend.users.get(name)
    if user is None:
        raise BadInput(f"no IAM user named {name!r}")
    return user


def ensure_aws_managed_policy(arn: str) -> None:
    """moto as shipped starts without AWS managed policies (MOTO_IAM_LOAD_MANAGED_POLICIES): load the one asked for,
    from moto's own copy of them, so that it can be attached as on AWS."""
    prefix = "arn:aws:iam::aws:policy/"
    backend = iam_backend()
    if not arn.startswith(prefix) or arn in backend.managed_policies:
        return
    from moto.iam.aws_managed_policies import aws_managed_policies_data
    from moto.iam.models import AWSManagedPolicy

    name = arn[len(prefix):].split("/")[-1]
    data = json.loads(aws_managed_policies_data).get(name)
    if data is None:
        raise BadInput(f"{arn} is not an AWS managed policy moto knows")
    policy = AWSManagedPolicy.from_data(name, ACCOUNT, REGION_DEFAULT, data)
    backend.managed_policies[policy.arn] = policy


def apply_fidelity_patches() -> None:
    """Make moto speak the real wire format where moto 5.2.1 does not."""
    from moto.shield import models as shield_models

    original = shield_models.Subscription.to_dict

    def to_dict(self: Any) -> dict[str, Any]:
        d = original(self)

        def epoch(t: dt.datetime) -> float:
            if t.tzinfo is None:
                t = t.astimezone()  # moto uses naive local time (datetime.now())
            return t.timestamp()

        d["StartTime"] = epoch(self.start_time)
        d["EndTime"] = epoch(self.end_time)
        return d

    shield_models.Subscription.to_dict = to_dict  # type: ignore[method-assign]

    from moto.iam import models as iam_models

    original_csv = iam_models.User.to_csv

    def to_csv(self: Any) -> str:
        """Credential report row as AWS documents it (moto 5.2.1 writes not_supported /
        the creation date where AWS writes N/A, and never the key's last-used region/service)."""
        f = original_csv(self).rstrip("\n").split(",")
        if not self.password:
            f[4] = "N/A"  # password_last_used
            f[5] = "N/A"  # password_last_changed
        for n, (date_col, region_col) in enumerate(((10, 11), (15, 16))):
            key = self.access_keys[n] if n < len(self.access_keys) else None
            used = getattr(key, "last_used", None) if key is not None else None
            if isinstance(used, iam_models.AccessKeyLastUsed):
                f[region_col], f[region_col + 1] = used.region, used.service
            else:
                f[region_col], f[region_col + 1] = "N/A", "N/A"
        return ",".join(f) + "\n"

    iam_models.User.to_csv = to_csv  # type: ignore[method-assign]

    from moto.securityhub import models as sh_models
    from moto.securityhub.exceptions import SecurityHubClientError

    def require_hub(name: str) -> None:
        original_op = getattr(sh_models.SecurityHubBackend, name)

        def op(self: Any, *a: Any, **kw: Any) -> Any:
            if not self.enabled:
                raise SecurityHubClientError("InvalidAccessException",
                                    f"Account {self.account_id} is not subscribed to AWS Security Hub")
            return original_op(self, *a, **kw)

        setattr(sh_models.SecurityHubBackend, name, op)

    for name in ("get_findings", "batch_import_findings"):
        require_hub(name)


# --------------------------------------------------------------------------
# the control API
# --------------------------------------------------------------------------

USER_FIELDS = {"name", "path", "password", "createdDaysAgo", "passwordLastUsedDaysAgo", "mfa", "keys"}
KEY_FIELDS = {"active", "createdDaysAgo", "lastUsedDaysAgo", "lastUsedService", "lastUsedRegion"}
WORLD_FIELDS = {"users", "securityHubRegions", "guardDuty", "shield", "rootMfaEnabled", "rootAccessKeysPresent", "iam", "kmsKeys",
                "inspector"}
IAM_FIELDS = {"policies", "groups", "userPolicies", "roles", "passwordPolicy"}
IAM_POLICY_FIELDS = {"name", "document"}
IAM_GROUP_FIELDS = {"name", "policies", "inline", "members"}
IAM_USER_POLICY_FIELDS = {"user", "policies", "inline"}
IAM_ROLE_FIELDS = {"name", "path", "trust", "policies", "inline"}
PASSWORD_POLICY_FIELDS = {"MinimumPasswordLength", "RequireSymbols", "RequireNumbers", "RequireUppercaseCharacters",
                          "RequireLowercaseCharacters", "AllowUsersToChangePassword", "MaxPasswordAge",
                          "PasswordReusePrevention", "HardExpiry"}
INSPECTOR_RESOURCE_TYPES = ("EC2", "ECR", "LAMBDA", "LAMBDA_CODE")
KMS_KEY_FIELDS = {"region", "id", "rotation", "pendingDeletionDays"}
ORG_ACCOUNT_FIELDS = {"name", "state", "securityHubRegions", "users", "auditRole"}

# Accounts whose roles STS refuses to hand out (see "auditRole" above); cleared by /_auditor/reset.
REFUSED_ROLE_ACCOUNTS: set[str] = set()


BACKDATE_FIELDS = {"user", "createdDaysAgo", "passwordLastUsedDaysAgo", "keys"}
BACKDATE_KEY_FIELDS = {"index", "accessKeyId", "createdDaysAgo", "lastUsedDaysAgo", "lastUsedService", "lastUsedRegion"}


class World:
    def __init__(self, port: int) -> None:
        self.port = port
        self.endpoint = f"http://{HOST}:{port}"
        self.lock = threading.Lock()  # one control request at a time

    # -- boto3 against ourselves ------------------------------------------

    def client(self, service: str, region: str = REGION_DEFAULT, account: str | None = None) -> Any:
        client = boto3.session.Session().client(
            service,
            region_name=region,
            endpoint_url=self.endpoint,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            config=botocore.config.Config(retries={"max_attempts": 1}),
        )
        if account is not None:
            # moto serves a request as the account this header names (before the access key's account).
            def as_account(request: Any, **_kwargs: Any) -> None:
                request.headers["x-moto-account-id"] = account

            client.meta.events.register("before-sign.*.*", as_account)
        return client

    # -- POST /_auditor/world ---------------------------------------------

    def validate_world(self, world: Any) -> dict[str, Any]:
        world = expect_object(world, "world", WORLD_FIELDS)
        users = world.get("users") or []
        if not isinstance(users, list):
            raise BadInput("users must be a list")
        seen: set[str] = set()
        plan_users = []
        for i, u in enumerate(users):
            where = f"users[{i}]"
            u = expect_object(u, where, USER_FIELDS)
            name = opt_str(u, "name", where)
            if name is None:
                raise BadInput(f"{where}.name is required")
            if name in seen:
                raise BadInput(f"{where}: user {name!r} appears twice")
            seen.add(name)
            where = f"users[{name}]"
            path = opt_str(u, "path", where, "/")
            assert path is not None
            if not (path.startswith("/") and path.endswith("/")):
                raise BadInput(f"{where}.path must begin and end with '/', got {path!r}")
            password = opt_bool(u, "password", where)
            mfa = opt_bool(u, "mfa", where)
            pw_used = opt_days(u, "passwordLastUsedDaysAgo", where)
            if pw_used is not None and not password:
                raise BadInput(f"{where}: passwordLastUsedDaysAgo needs password: true")
            keys_in = u.get("keys") or []
            if not isinstance(keys_in, list):
                raise BadInput(f"{where}.keys must be a list")
            if len(keys_in) > 2:
                raise BadInput(f"{where}: IAM allows at most 2 access keys per user, got {len(keys_in)}")
            keys = []
            for j, k in enumerate(keys_in):
                kw = f"{where}.keys[{j}]"
                k = expect_object(k, kw, KEY_FIELDS)
                key = {
                    "active": opt_bool(k, "active", kw, default=True),
                    "createdDaysAgo": opt_days(k, "createdDaysAgo", kw),
                    "lastUsedDaysAgo": opt_days(k, "lastUsedDaysAgo", kw),
                    "lastUsedService": opt_str(k, "lastUsedService", kw, "s3"),
                    "lastUsedRegion": check_region(opt_str(k, "lastUsedRegion", kw, REGION_DEFAULT), kw + ".lastUsedRegion"),
                }
                created = key["createdDaysAgo"] or 0.0
                if key["lastUsedDaysAgo"] is not None and key["lastUsedDaysAgo"] > created:
                    raise BadInput(f"{kw}: lastUsedDaysAgo ({key['lastUsedDaysAgo']:g}) is before the key was created (createdDaysAgo {created:g})")
                keys.append(key)
            # A user's creation defaults to the oldest thing it owns (or now).
            oldest = max([pw_used or 0.0] + [(k["createdDaysAgo"] or 0.0) for k in keys])
            created = opt_days(u, "createdDaysAgo", where)
            if created is None:
                created = oldest
            elif created < oldest:
                raise BadInput(f"{where}: createdDaysAgo ({created:g}) is more recent than its keys or password use ({oldest:g} days ago)")
            plan_users.append({"name": name, "path": path, "password": password, "mfa": mfa,
                               "createdDaysAgo": created, "passwordLastUsedDaysAgo": pw_used, "keys": keys})

        sh = world.get("securityHubRegions") or []
        if not isinstance(sh, list):
            raise BadInput("securityHubRegions must be a list of region names")
        sh = [check_region(r, "securityHubRegions") for r in sh]

        gd = world.get("guardDuty") or {}
        if not isinstance(gd, dict):
            raise BadInput('guardDuty must be an object like {"us-east-1": "ENABLED"}')
        for r, status in gd.items():
            check_region(r, "guardDuty")
            if status not in ("ENABLED", "DISABLED"):
                raise BadInput(f"guardDuty[{r}] must be ENABLED or DISABLED, got {status!r}")

        shield = world.get("shield")
        if shield is not None:
            shield = expect_object(shield, "shield", {"autoRenew"})
            ar = shield.get("autoRenew", "ENABLED")
            if ar not in ("ENABLED", "DISABLED"):
                raise BadInput(f"shield.autoRenew must be ENABLED or DISABLED, got {ar!r}")
            shield = {"autoRenew": ar}

        root_mfa = opt_bool(world, "rootMfaEnabled", "world") if "rootMfaEnabled" in world else None
        root_keys = opt_bool(world, "rootAccessKeysPresent", "world") if "rootAccessKeysPresent" in world else None

        kms_keys = self.validate_kms_keys(world.get("kmsKeys"))

        inspector = world.get("inspector") or {}
        if not isinstance(inspector, dict):
            raise BadInput('inspector must be an object like {"us-east-1": ["EC2", "ECR", "LAMBDA"]}')
        for r, types in inspector.items():
            check_region(r, "inspector")
            if not isinstance(types, list) or not types or any(t not in INSPECTOR_RESOURCE_TYPES for t in types):
                raise BadInput(f"inspector[{r}] must be a non-empty list of {', '.join(INSPECTOR_RESOURCE_TYPES)}, got {types!r}")

        existing = [u["name"] for u in plan_users if u["name"] in iam_backend().users]
        if existing:
            raise BadInput(f"user(s) already exist: {', '.join(existing)} (POST /_auditor/reset first for a fresh world)")
        iam_plan = self.validate_iam(world.get("iam"), {u["name"] for u in plan_users} | set(iam_backend().users))
        return {"users": plan_users, "securityHubRegions": sh, "guardDuty": gd, "shield": shield,
                "rootMfaEnabled": root_mfa, "rootAccessKeysPresent": root_keys, "iam": iam_plan, "kmsKeys": kms_keys,
                "inspector": inspector}

    @staticmethod
    def validate_iam(iam: Any, users: set[str]) -> dict[str, Any]:
        """The "iam" part of a world: policies, groups, users' own policies, roles, the password policy."""
        if iam is None:
            return {"policies": {}, "groups": [], "userPolicies": [], "roles": [], "passwordPolicy": None}
        iam = expect_object(iam, "iam", IAM_FIELDS)

        def items(key: str, fields: set[str]) -> list[dict[str, Any]]:
            value = iam.get(key) or []
            if not isinstance(value, list):
                raise BadInput(f"iam.{key} must be a list")
            return [expect_object(v, f"iam.{key}[{i}]", fields) for i, v in enumerate(value)]

        def document(obj: dict[str, Any], key: str, where: str) -> str:
            if not isinstance(obj.get(key), dict):
                raise BadInput(f"{where}.{key} must be a policy document (a JSON object)")
            return json.dumps(obj[key])

        def name(obj: dict[str, Any], key: str, where: str) -> str:
            value = opt_str(obj, key, where)
            if value is None:
                raise BadInput(f"{where}.{key} is required")
            return value

        policies = {}
        for i, p in enumerate(items("policies", IAM_POLICY_FIELDS)):
            where = f"iam.policies[{i}]"
            policy_name = name(p, "name", where)
            if policy_name in policies:
                raise BadInput(f"{where}: policy {policy_name!r} appears twice")
            policies[policy_name] = document(p, "document", where)

        def refs(obj: dict[str, Any], where: str) -> list[str]:
            value = obj.get("policies") or []
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                raise BadInput(f"{where}.policies must be a list of policy names or ARNs")
            arns = []
            for v in value:
                if v.startswith("arn:"):
                    arns.append(v)
                elif v in policies:
                    arns.append(f"arn:aws:iam::{ACCOUNT}:policy/{v}")
                else:
                    raise BadInput(f"{where}.policies: {v!r} is neither an ARN nor a policy of iam.policies")
            return arns

        def inline(obj: dict[str, Any], where: str) -> dict[str, str]:
            value = obj.get("inline") or {}
            if not isinstance(value, dict):
                raise BadInput(f"{where}.inline must be an object of policy name to document")
            return {k: document(value, k, f"{where}.inline") for k in value}

        groups = []
        for i, g in enumerate(items("groups", IAM_GROUP_FIELDS)):
            where = f"iam.groups[{i}]"
            members = g.get("members") or []
            if not isinstance(members, list) or any(m not in users for m in members):
                raise BadInput(f"{where}.members must name users of this world")
            groups.append({"name": name(g, "name", where), "policies": refs(g, where), "inline": inline(g, where), "members": members})

        user_policies = []
        for i, u in enumerate(items("userPolicies", IAM_USER_POLICY_FIELDS)):
            where = f"iam.userPolicies[{i}]"
            user = name(u, "user", where)
            if user not in users:
                raise BadInput(f"{where}.user: no user named {user!r}")
            user_policies.append({"user": user, "policies": refs(u, where), "inline": inline(u, where)})

        roles = []
        for i, r in enumerate(items("roles", IAM_ROLE_FIELDS)):
            where = f"iam.roles[{i}]"
            path = opt_str(r, "path", where, "/")
            assert path is not None
            if not (path.startswith("/") and path.endswith("/")):
                raise BadInput(f"{where}.path must begin and end with '/', got {path!r}")
            roles.append({"name": name(r, "name", where), "path": path, "trust": document(r, "trust", where),
                          "policies": refs(r, where), "inline": inline(r, where)})

        password_policy = iam.get("passwordPolicy")
        if password_policy is not None:
            password_policy = expect_object(password_policy, "iam.passwordPolicy", PASSWORD_POLICY_FIELDS)
        return {"policies": policies, "groups": groups, "userPolicies": user_policies, "roles": roles,
                "passwordPolicy": password_policy}

    def apply_iam(self, plan: dict[str, Any]) -> None:
        iam = self.client("iam")
        for policy_name, doc in plan["policies"].items():
            iam.create_policy(PolicyName=policy_name, PolicyDocument=doc)
        for g in plan["groups"]:
            iam.create_group(GroupName=g["name"])
            for arn in g["policies"]:
                ensure_aws_managed_policy(arn)
                iam.attach_group_policy(GroupName=g["name"], PolicyArn=arn)
            for policy_name, doc in g["inline"].items():
                iam.put_group_policy(GroupName=g["name"], PolicyName=policy_name, PolicyDocument=doc)
            for member in g["members"]:
                iam.add_user_to_group(GroupName=g["name"], UserName=member)
        for u in plan["userPolicies"]:
            for arn in u["policies"]:
                ensure_aws_managed_policy(arn)
                iam.attach_user_policy(UserName=u["user"], PolicyArn=arn)
            for policy_name, doc in u["inline"].items():
                iam.put_user_policy(UserName=u["user"], PolicyName=policy_name, PolicyDocument=doc)
        for r in plan["roles"]:
            iam.create_role(RoleName=r["name"], Path=r["path"], AssumeRolePolicyDocument=r["trust"])
            for arn in r["policies"]:
                ensure_aws_managed_policy(arn)
                iam.attach_role_policy(RoleName=r["name"], PolicyArn=arn)
            for policy_name, doc in r["inline"].items():
                iam.put_role_policy(RoleName=r["name"], PolicyName=policy_name, PolicyDocument=doc)
        if plan["passwordPolicy"] is not None:
            iam.update_account_password_policy(**plan["passwordPolicy"])

    @staticmethod
    def validate_kms_keys(keys: Any) -> list[dict[str, Any]]:
        if keys is None:
            return []
        if not isinstance(keys, list):
            raise BadInput('kmsKeys must be a list like [{"region": "us-east-1", "rotation": true}]')
        plan = []
        for i, k in enumerate(keys):
            where = f"kmsKeys[{i}]"
            k = expect_object(k, where, KMS_KEY_FIELDS)
            key_id = opt_str(k, "id", where)
            if key_id is not None and not re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", key_id):
                raise BadInput(f"{where}.id must be a lowercase UUID, got {key_id!r}")
            window = k.get("pendingDeletionDays")
            if window is not None and (isinstance(window, bool) or not isinstance(window, int) or not 7 <= window <= 30):
                raise BadInput(f"{where}.pendingDeletionDays must be a whole number from 7 to 30, got {window!r}")
            plan.append({"region": check_region(opt_str(k, "region", where, REGION_DEFAULT), where + ".region"), "id": key_id,
                         "rotation": opt_bool(k, "rotation", where), "pendingDeletionDays": window})
        ids = [k["id"] for k in plan if k["id"] is not None]
        if len(ids) != len(set(ids)):
            raise BadInput("kmsKeys: the same id appears twice")
        return plan

    def apply_world(self, body: Any) -> dict[str, Any]:
        plan = self.validate_world(body)  # everything is checked before anything is written
        iam = self.client("iam")
        created_users = []
        for u in plan["users"]:
            iam.create_user(UserName=u["name"], Path=u["path"])
            if u["password"]:
                iam.create_login_profile(UserName=u["name"], Password=PASSWORD, PasswordResetRequired=False)
            if u["mfa"]:
                self.enable_virtual_mfa(iam, u["name"])
            key_ids = []
            for k in u["keys"]:
                key_id = iam.create_access_key(UserName=u["name"])["AccessKey"]["AccessKeyId"]
                if not k["active"]:
                    iam.update_access_key(UserName=u["name"], AccessKeyId=key_id, Status="Inactive")
                key_ids.append(key_id)
            self.backdate_user(u["name"], u["createdDaysAgo"], u["passwordLastUsedDaysAgo"],
                               [dict(k, index=i) for i, k in enumerate(u["keys"])])
            created_users.append({"name": u["name"], "accessKeyIds": key_ids})

        for region in plan["securityHubRegions"]:
            self.client("securityhub", region).enable_security_hub(EnableDefaultStandards=False)

        for region, status in plan["guardDuty"].items():
            self.client("guardduty", region).create_detector(Enable=status == "ENABLED")

        if plan["shield"] is not None:
            from moto.shield.responses import ShieldResponse

            shield = self.client("shield")
            shield.create_subscription()
            if hasattr(ShieldResponse, "update_subscription"):
                shield.update_subscription(AutoRenew=plan["shield"]["autoRenew"])
            else:  # moto 5.2.1 does not implement UpdateSubscription
                shield_backend().subscription.auto_renew = plan["shield"]["autoRenew"]

        self.apply_iam(plan["iam"])
        for k in plan["kmsKeys"]:
            self.create_kms_key(k)

        for region, types in plan["inspector"].items():
            self.client("inspector2", region).enable(resourceTypes=types, accountIds=[ACCOUNT])

        summary = iam_backend().account_summary
        if plan["rootMfaEnabled"] is not None:
            summary._account_mfa_enabled = 1 if plan["rootMfaEnabled"] else 0
        if plan["rootAccessKeysPresent"] is not None:
            summary._account_access_keys_present = 1 if plan["rootAccessKeysPresent"] else 0

        return {"ok": True, "account": ACCOUNT, "endpoint": self.endpoint, "users": created_users}

    def create_kms_key(self, k: dict[str, Any]) -> None:
        kms = self.client("kms", k["region"])
        key_id = kms.create_key(Description="auditor sample key")["KeyMetadata"]["KeyId"]
        if k["id"] is not None:
            # No API names a key: give moto's key the requested id (and the ARN that goes with it).
            from moto.kms.models import kms_backends

            backend = kms_backends[ACCOUNT][k["region"]]
            key = backend.keys.pop(key_id)
            key.arn = key.arn[: -len(key_id)] + k["id"]
            key.id = key_id = k["id"]
            backend.keys[key_id] = key
        if k["rotation"]:
            kms.enable_key_rotation(KeyId=key_id)
        if k["pendingDeletionDays"] is not None:
            kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=k["pendingDeletionDays"])

    @staticmethod
    def enable_virtual_mfa(iam: Any, user_name: str) -> str:
        serial = iam.create_virtual_mfa_device(VirtualMFADeviceName=user_name)["VirtualMFADevice"]["SerialNumber"]
        iam.enable_mfa_device(UserName=user_name, SerialNumber=serial,
                              AuthenticationCode1=MFA_CODES[0], AuthenticationCode2=MFA_CODES[1])
        return serial

    # -- backdating (moto backend) ------------------------------------------

    @staticmethod
    def backdate_user(name: str, created: float | None, pw_used: float | None | str,
                      keys: list[dict[str, Any]]) -> None:
        """created/pw_used: days ago, None = leave as is, "never" = clear (pw_used only)."""
        from moto.iam.models import AccessKeyLastUsed

        user = iam_user(name)
        # Resolve keys first so nothing is changed when one is wrong.
        targets = []
        for k in keys:
            if k.get("accessKeyId") is not None:
                match = [a for a in user.access_keys if a.access_key_id == k["accessKeyId"]]
                if not match:
                    raise BadInput(f"user {name!r} has no access key {k['accessKeyId']!r}")
                targets.append((match[0], k))
            else:
                idx = k.get("index")
                if isinstance(idx, bool) or not isinstance(idx, int) or not 0 <= idx < len(user.access_keys):
                    raise BadInput(f"user {name!r} has {len(user.access_keys)} access key(s); key index {idx!r} is out of range")
                targets.append((user.access_keys[idx], k))

        if created is not None:
            user.create_date = days_ago(created)
        if pw_used == "never":
            user.password_last_used = None
        elif pw_used is not None:
            user.password_last_used = days_ago(float(pw_used))
        for key, k in targets:
            if k.get("createdDaysAgo") is not None:
                key.create_date = days_ago(k["createdDaysAgo"])
            lu = k.get("lastUsedDaysAgo")
            if lu == "never":
                key.last_used = None
            elif lu is not None:
                key.last_used = AccessKeyLastUsed(days_ago(lu), k.get("lastUsedService") or "s3",
                                                  k.get("lastUsedRegion") or REGION_DEFAULT)

    def backdate(self, body: Any) -> dict[str, Any]:
        body = expect_object(body, "backdate", BACKDATE_FIELDS)
        name = opt_str(body, "user", "backdate")
        if name is None:
            raise BadInput("backdate.user is required")
        created = opt_days(body, "createdDaysAgo", "backdate")
        pw: float | str | None = None
        if "passwordLastUsedDaysAgo" in body:
            # explicit null = "never used"
            pw = "never" if body["passwordLastUsedDaysAgo"] is None else opt_days(body, "passwordLastUsedDaysAgo", "backdate")
        keys_in = body.get("keys") or []
        if not isinstance(keys_in, list):
            raise BadInput("backdate.keys must be a list")
        keys = []
        for j, k in enumerate(keys_in):
            kw = f"backdate.keys[{j}]"
            k = expect_object(k, kw, BACKDATE_KEY_FIELDS)
            if ("index" in k) == ("accessKeyId" in k):
                raise BadInput(f"{kw}: give exactly one of index or accessKeyId")
            key = {"index": k.get("index"), "accessKeyId": opt_str(k, "accessKeyId", kw),
                   "createdDaysAgo": opt_days(k, "createdDaysAgo", kw),
                   "lastUsedService": opt_str(k, "lastUsedService", kw),
                   "lastUsedRegion": check_region(k["lastUsedRegion"], kw) if k.get("lastUsedRegion") is not None else None}
            if "lastUsedDaysAgo" in k:
                key["lastUsedDaysAgo"] = "never" if k["lastUsedDaysAgo"] is None else opt_days(k, "lastUsedDaysAgo", kw)
            keys.append(key)
        user = iam_user(name)
        if pw not in (None, "never") and not user.password:
            raise BadInput(f"user {name!r} has no password (login profile); cannot set passwordLastUsedDaysAgo")
        self.backdate_user(name, created, pw, keys)
        return {"ok": True}

    # -- POST /_auditor/call ----------------------------------------------

    def call(self, body: Any) -> dict[str, Any]:
        body = expect_object(body, "call", {"service", "region", "operation", "params", "account"})
        service = opt_str(body, "service", "call")
        operation = opt_str(body, "operation", "call")
        if service is None or operation is None:
            raise BadInput("call needs service and operation")
        region = check_region(opt_str(body, "region", "call", REGION_DEFAULT), "call.region")
        params = body.get("params") or {}
        if not isinstance(params, dict):
            raise BadInput("call.params must be a JSON object")
        account = opt_str(body, "account", "call")
        if account is not None and not (len(account) == 12 and account.isdigit()):
            raise BadInput(f"call.account must be a 12-digit account id, got {account!r}")
        try:
            client = self.client(service, region, account)
        except botocore.exceptions.UnknownServiceError:
            raise BadInput(f"unknown service {service!r} (use boto3 service names: iam, securityhub, guardduty, shield, ...)") from None

        if operation in CONVENIENCES:
            return CONVENIENCES[operation](self, client, params)

        method = operation
        if not hasattr(client, method):
            # accept the API name too (DeleteUser -> delete_user)
            method = {v: k for k, v in client.meta.method_to_api_mapping.items()}.get(operation, operation)
        if method.startswith("_") or method not in client.meta.method_to_api_mapping:
            raise BadInput(f"{service} has no operation {operation!r}")
        result = getattr(client, method)(**params)
        return to_jsonable(result)  # the boto3 result itself, without ResponseMetadata

    # -- conveniences for remediation tests -------------------------------

    def delete_user_fully(self, iam: Any, params: dict[str, Any]) -> dict[str, Any]:
        """Remove login profile, access keys, MFA devices, policies, groups, then the user."""
        expect_object(params, "delete_user_fully.params", {"UserName"})
        name = opt_str(params, "UserName", "delete_user_fully.params")
        if name is None:
            raise BadInput("delete_user_fully needs params.UserName")
        removed: dict[str, Any] = {"loginProfile": False, "accessKeys": [], "mfaDevices": [],
                                   "inlinePolicies": [], "attachedPolicies": [], "groups": []}
        iam.get_user(UserName=name)  # NoSuchEntity -> 400 with AWS's message
        try:
            iam.delete_login_profile(UserName=name)
            removed["loginProfile"] = True
        except iam.exceptions.NoSuchEntityException:
            pass
        for k in iam.list_access_keys(UserName=name)["AccessKeyMetadata"]:
            iam.delete_access_key(UserName=name, AccessKeyId=k["AccessKeyId"])
            removed["accessKeys"].append(k["AccessKeyId"])
        for d in iam.list_mfa_devices(UserName=name)["MFADevices"]:
            iam.deactivate_mfa_device(UserName=name, SerialNumber=d["SerialNumber"])
            if ":mfa/" in d["SerialNumber"]:  # a virtual device: delete it too, as the console does
                try:
                    iam.delete_virtual_mfa_device(SerialNumber=d["SerialNumber"])
                except iam.exceptions.NoSuchEntityException:
                    pass
            removed["mfaDevices"].append(d["SerialNumber"])
        for p in iam.list_user_policies(UserName=name)["PolicyNames"]:
            iam.delete_user_policy(UserName=name, PolicyName=p)
            removed["inlinePolicies"].append(p)
        for p in iam.list_attached_user_policies(UserName=name)["AttachedPolicies"]:
            iam.detach_user_policy(UserName=name, PolicyArn=p["PolicyArn"])
            removed["attachedPolicies"].append(p["PolicyArn"])
        for g in iam.list_groups_for_user(UserName=name)["Groups"]:
            iam.remove_user_from_group(UserName=name, GroupName=g["GroupName"])
            removed["groups"].append(g["GroupName"])
        iam.delete_user(UserName=name)
        return {"deleted": name, "removed": removed}

    def enable_virtual_mfa_call(self, iam: Any, params: dict[str, Any]) -> dict[str, Any]:
        """Create a virtual MFA device named after the user and enable it for the user."""
        expect_object(params, "enable_virtual_mfa.params", {"UserName"})
        name = opt_str(params, "UserName", "enable_virtual_mfa.params")
        if name is None:
            raise BadInput("enable_virtual_mfa needs params.UserName")
        return {"SerialNumber": self.enable_virtual_mfa(iam, name)}

    # -- POST /_auditor/organization --------------------------------------

    def organization(self, body: Any) -> dict[str, Any]:
        body = expect_object(body, "organization", {"accounts"})
        accounts_in = body.get("accounts") or []
        if not isinstance(accounts_in, list):
            raise BadInput("organization.accounts must be a list")
        plan = []
        names: set[str] = set()
        for i, a in enumerate(accounts_in):
            where = f"organization.accounts[{i}]"
            a = expect_object(a, where, ORG_ACCOUNT_FIELDS)
            name = opt_str(a, "name", where)
            if name is None:
                raise BadInput(f"{where}.name is required")
            if name in names:
                raise BadInput(f"{where}: account {name!r} appears twice")
            names.add(name)
            state = opt_str(a, "state", where, "ACTIVE")
            if state not in ("ACTIVE", "SUSPENDED", "PENDING_CLOSURE"):
                raise BadInput(f"{where}.state must be ACTIVE, SUSPENDED or PENDING_CLOSURE, got {state!r}")
            sh = a.get("securityHubRegions") or []
            if not isinstance(sh, list):
                raise BadInput(f"{where}.securityHubRegions must be a list of region names")
            users = a.get("users") or []
            if not isinstance(users, list):
                raise BadInput(f"{where}.users must be a list")
            plan_users = []
            for j, u in enumerate(users):
                uw = f"{where}.users[{j}]"
                u = expect_object(u, uw, {"name", "password", "mfa"})
                uname = opt_str(u, "name", uw)
                if uname is None:
                    raise BadInput(f"{uw}.name is required")
                plan_users.append({"name": uname, "password": opt_bool(u, "password", uw), "mfa": opt_bool(u, "mfa", uw)})
            plan.append({"name": name, "state": state, "users": plan_users,
                         "auditRole": opt_bool(a, "auditRole", where, default=True),
                         "securityHubRegions": [check_region(r, f"{where}.securityHubRegions") for r in sh]})

        orgs = self.client("organizations")
        try:
            org = orgs.describe_organization()["Organization"]
        except orgs.exceptions.AWSOrganizationsNotInUseException:
            org = orgs.create_organization(FeatureSet="ALL")["Organization"]

        created = []
        for a in plan:
            status = orgs.create_account(AccountName=a["name"], Email=f"{a['name']}@example.com")["CreateAccountStatus"]
            account_id = status["AccountId"]
            for region in a["securityHubRegions"]:
                self.client("securityhub", region, account_id).enable_security_hub(EnableDefaultStandards=False)
            iam = self.client("iam", account=account_id)
            for u in a["users"]:
                iam.create_user(UserName=u["name"])
                if u["password"]:
                    iam.create_login_profile(UserName=u["name"], Password=PASSWORD, PasswordResetRequired=False)
                if u["mfa"]:
                    self.enable_virtual_mfa(iam, u["name"])
            if a["state"] == "SUSPENDED":
                orgs.close_account(AccountId=account_id)
            elif a["state"] == "PENDING_CLOSURE":
                from moto.organizations.models import organizations_backends

                member = organizations_backends[ACCOUNT]["aws"].get_account_by_id(account_id)
                member.state = member.status = "PENDING_CLOSURE"
            if not a["auditRole"]:
                REFUSED_ROLE_ACCOUNTS.add(account_id)
            created.append({"name": a["name"], "id": account_id, "state": a["state"]})
        return {"ok": True, "organizationId": org["Id"], "managementAccount": org["MasterAccountId"], "accounts": created}

    # -- POST /_auditor/reset ---------------------------------------------

    @staticmethod
    def reset(_body: Any) -> dict[str, Any]:
        from moto.moto_api import _internal

        _internal.moto_api_backend.reset()
        REFUSED_ROLE_ACCOUNTS.clear()
        return {"ok": True}


CONVENIENCES: dict[str, Callable[[World, Any, dict[str, Any]], dict[str, Any]]] = {
    "delete_user_fully": World.delete_user_fully,
    "enable_virtual_mfa": World.enable_virtual_mfa_call,
}


class ControlApp:
    """WSGI middleware: /_auditor/* is ours, everything else is moto."""

    PREFIX = "/_auditor/"

    def __init__(self, moto_app: Any, world: World, fidelity: bool = True) -> None:
        self.moto_app = moto_app
        self.fidelity = fidelity
        self.world = world
        self.routes: dict[str, Callable[[Any], dict[str, Any]]] = {
            "world": world.apply_world,
            "call": world.call,
            "backdate": world.backdate,
            "organization": world.organization,
            "reset": world.reset,
        }

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        path = environ.get("PATH_INFO", "")
        if not path.startswith(self.PREFIX):
            if REFUSED_ROLE_ACCOUNTS and (refusal := self.refused_assume_role(environ)) is not None:
                return refusal(environ, start_response)
            return self.moto(environ, start_response)
        return self.handle(Request(environ))(environ, start_response)

    def refused_assume_role(self, environ: dict[str, Any]) -> Response | None:
        """STS AssumeRole into an account of REFUSED_ROLE_ACCOUNTS: AWS's answer for a role that is missing or does
        not trust the caller. The body is read here and handed on to moto unchanged otherwise."""
        if "x-www-form-urlencoded" not in environ.get("CONTENT_TYPE", ""):
            return None
        import io
        from urllib.parse import parse_qs

        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        environ["wsgi.input"] = io.BytesIO(body)
        form = parse_qs(body.decode("utf-8", errors="replace"))
        role_arn = (form.get("RoleArn") or [""])[0]
        parts = role_arn.split(":")
        if (form.get("Action") or [""])[0] != "AssumeRole" or len(parts) < 5 or parts[4] not in REFUSED_ROLE_ACCOUNTS:
            return None
        return self.aws_error(Request(environ), 403, "AccessDenied", "AccessDenied",
                              f"User: arn:aws:sts::{ACCOUNT}:assumed-role/auditor-worker/auditor is not authorized to "
                              f"perform: sts:AssumeRole on resource: {role_arn}")

    def moto(self, environ: dict[str, Any], start_response: Any) -> Any:
        """moto, except that an operation moto does not implement is answered the way
        AWS answers an operation it does not know (HTTP 400 UnknownOperationException /
        InvalidAction) instead of a bare HTML 500 with a traceback on stderr."""
        try:
            return self.moto_app(environ, start_response)
        except (NotImplementedError, botocore.model.OperationNotFoundError) as e:
            if not self.fidelity:
                raise
            message = str(e) if isinstance(e, NotImplementedError) else f"Unknown operation {e}"
            log.warning("unknown operation: %s", message)
            return self.aws_error(Request(environ), 400, "UnknownOperationException", "InvalidAction",
                                  message)(environ, start_response)
        except Exception as e:  # a moto bug: answer like AWS's internal error, one line on stderr
            if not self.fidelity:
                raise
            log.warning("moto failed on %s %s %s: %s: %s", environ.get("REQUEST_METHOD"), environ.get("PATH_INFO"),
                        environ.get("HTTP_X_AMZ_TARGET", ""), type(e).__name__, e)
            if log.isEnabledFor(logging.INFO):
                traceback.print_exc(file=sys.stderr)
            return self.aws_error(Request(environ), 500, "InternalFailure", "InternalFailure",
                                  f"moto failed: {type(e).__name__}: {e}")(environ, start_response)

    @staticmethod
    def aws_error(request: Request, status: int, json_code: str, query_code: str, message: str) -> Response:
        from xml.sax.saxutils import escape

        target = request.headers.get("X-Amz-Target")
        ctype = request.headers.get("Content-Type", "")
        if target:  # json 1.0 / 1.1
            body = json.dumps({"__type": json_code, "message": message})
            return Response(body, status=status, mimetype=ctype.split(";")[0] or "application/x-amz-json-1.1")
        if "x-www-form-urlencoded" in ctype:  # query / ec2
            kind = "Sender" if status < 500 else "Receiver"
            body = (f"<ErrorResponse><Error><Type>{kind}</Type><Code>{query_code}</Code>"
                    f"<Message>{escape(message)}</Message></Error><RequestId>moto-world</RequestId></ErrorResponse>")
            return Response(body, status=status, mimetype="text/xml")
        resp = Response(json.dumps({"message": message}), status=status, mimetype="application/json")  # rest-json
        resp.headers["X-Amzn-ErrorType"] = json_code
        return resp

    @staticmethod
    def reply(status: int, payload: dict[str, Any]) -> Response:
        return Response(json.dumps(payload, indent=None) + "\n", status=status, mimetype="application/json")

    def handle(self, request: Request) -> Response:
        name = request.path[len(self.PREFIX):].strip("/")
        if name == "health":
            return self.reply(200, {"ok": True, "port": self.world.port, "account": ACCOUNT,
                                    "endpoint": self.world.endpoint})
        route = self.routes.get(name)
        if route is None:
            return self.reply(404, {"ok": False, "error": f"unknown control endpoint {request.path}; "
                                    f"known: {', '.join('/_auditor/' + r for r in ['health', *self.routes])}"})
        if request.method != "POST":
            return self.reply(405, {"ok": False, "error": f"{request.path} takes POST"})
        raw = request.get_data(as_text=True)
        try:
            body = json.loads(raw) if raw.strip() else {}
        except json.JSONDecodeError as e:
            return self.reply(400, {"ok": False, "error": f"request body is not valid JSON: {e}"})
        try:
            with self.world.lock:
                return self.reply(200, route(body))
        except BadInput as e:
            return self.reply(400, {"ok": False, "error": str(e)})
        except botocore.exceptions.ParamValidationError as e:
            return self.reply(400, {"ok": False, "error": str(e)})
        except botocore.exceptions.ClientError as e:
            err = e.response.get("Error", {})
            return self.reply(400, {"ok": False, "error": str(e), "code": err.get("Code"),
                                    "httpStatus": e.response.get("ResponseMetadata", {}).get("HTTPStatusCode")})
        except Exception as e:  # a bug here, or in moto: say so, keep serving
            traceback.print_exc(file=sys.stderr)
            return self.reply(500, {"ok": False, "error": f"{type(e).__name__}: {e}"})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog=__doc__.split("\n\n", 1)[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0 = pick a free one)")
    parser.add_argument("--exit-on-stdin-close", action="store_true",
                        help="stop when stdin reaches end-of-file (the parent died or closed the pipe)")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    parser.add_argument("--fidelity-patches", action="store_true",
                        help="make moto answer as AWS documents where it does not (see 'Fidelity patches' below); "
                             "off by default so that everything is tested against moto as shipped")
    args = parser.parse_args(argv)

    logging.basicConfig(stream=sys.stderr, level=logging.INFO if args.verbose else logging.WARNING,
                        format="moto_world: %(message)s")
    logging.getLogger("werkzeug").setLevel(logging.INFO if args.verbose else logging.ERROR)

    # stdout carries exactly one line: keep anything else (moto prints, warnings) off it.
    real_stdout = sys.stdout
    sys.stdout = sys.stderr

    # The control API talks to this very server: never let a proxy variable route it elsewhere.
    for var in ("NO_PROXY", "no_proxy"):
        os.environ[var] = ",".join(filter(None, [os.environ.get(var), HOST, "localhost"]))
    os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")

    if args.fidelity_patches:
        apply_fidelity_patches()

    moto_app = DomainDispatcherApplication(create_backend_app)
    holder: dict[str, Any] = {}

    def app(environ: dict[str, Any], start_response: Any) -> Any:
        return holder["app"](environ, start_response)

    try:
        server = make_server(HOST, args.port, app, threaded=True)
    except OSError as e:
        print(f"moto_world: cannot listen on {HOST}:{args.port}: {e}", file=sys.stderr)
        return 1
    port = server.server_address[1]
    holder["app"] = ControlApp(moto_app, World(port), fidelity=args.fidelity_patches)

    stop = threading.Event()

    def on_signal(signum: int, _frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    if args.exit_on_stdin_close:
        def watch_stdin() -> None:
            # os.read on the raw descriptor: a daemon thread blocked inside sys.stdin's
            # buffered reader would abort the interpreter at shutdown.
            try:
                fd = sys.stdin.fileno()
                while os.read(fd, 65536):
                    pass
            except (OSError, ValueError):
                pass
            stop.set()

        threading.Thread(target=watch_stdin, name="stdin-watch", daemon=True).start()

    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                               name="moto", daemon=True)
    serving.start()
    real_stdout.write(f"MOTO_PORT={port}\n")
    real_stdout.flush()

    while not stop.wait(0.5):
        if not serving.is_alive():
            print("moto_world: server thread died", file=sys.stderr)
            return 1
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
