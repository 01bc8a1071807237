"""Schemathesis over every operation of /api/v1/openapi.json, as a region officer.

For each operation it generates valid and invalid requests and checks: no 5xx, the status
code, content type and body match the schema, and every 4xx body has the one error shape
``{"detail": "...", "errors": [{"field": "...", "message": "..."}]}``. Examples per
operation and the wall-clock budget are bounded so the whole run fits in CI.
"""

from __future__ import annotations

import time
from typing import Any

import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

MAX_EXAMPLES = 15
# Past this many seconds on one operation and kind the remaining examples send nothing, so a
# slow runner ends the run (about 16 × 5 s at worst) instead of hitting CI's timeout.
OPERATION_BUDGET_SECONDS = 5.0


@schemathesis.check
def error_shape(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every 4xx answer is ``{"detail": str, "errors": [{"field": str, "message": str}]}``."""
    if not 400 <= response.status_code < 500:
        return None
    body = response.json()
    assert isinstance(body, dict), f"4xx body is not an object: {body!r}"
    assert isinstance(body.get("detail"), str), f"4xx body without a detail string: {body!r}"
    errors = body.get("errors")
    assert isinstance(errors, list), f"4xx body without an errors list: {body!r}"
    for error in errors:
        assert isinstance(error, dict), f"an error is not an object: {body!r}"
        assert set(error) == {"field", "message"}, f"an error is not {{field, message}}: {body!r}"
        assert all(isinstance(v, str) for v in error.values()), body
    return None


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    error_shape,
]


def fuzz(operation: Any, mode: GenerationMode, session: requests.Session, base_url: str) -> None:
    """Send generated requests of one kind to one operation and run the checks on each."""
    deadline = time.monotonic() + OPERATION_BUDGET_SECONDS

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        if time.monotonic() > deadline:
            return
        response = case.call(base_url=base_url, session=session, timeout=30)
        case.validate_response(response, checks=CHECKS)

    run()


def test_every_api_operation_answers_within_its_schema(replika_server):
    schema = schemathesis.openapi.from_url(f"{replika_server.url}/api/v1/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8, "the API lost operations, or the schema did not load"
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {replika_server.token}"
    # Fuzzing as nobody would only ever meet 401s: check the token signs in first.
    me = session.get(f"{replika_server.url}/api/v1/me", timeout=30)
    assert me.status_code == 200 and me.json()["username"] == "admin.padang", me.text
    failures = []
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                fuzz(operation, mode, session, replika_server.url)
            except (Exception, BaseExceptionGroup) as exc:  # report them all
                failures.append(f"{operation.label} ({mode.value}): {exc}")
    print(f"API fuzzing: {len(operations)} operations, up to {MAX_EXAMPLES} examples each way")
    assert not failures, "\n\n".join(failures)
