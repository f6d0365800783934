"""Helpers for the statistics tests: records made through the editors' API, as an editor would."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient, Response
from imap_kit.testing.tokens import TestIssuer

FLOW_INDICATOR = {
    "code": "TEST.MIG.BILAT",
    "name_en": "Migrants by origin and destination (test series)",
    "name_ru": "Мигранты по странам происхождения и назначения (тест)",
    "unit": "persons",
    "scale": 0,
    "kind": "bilateral",
    "non_negative": True,
    "definition_en": "Persons born in the origin country living in the destination country.",
    "topic": "C1",
    "source_organization": "i-Map tests",
    "licence": "CC BY 4.0",
    "source_url": "https://example.org/test-series",
}
COUNTRY_INDICATOR = FLOW_INDICATOR | {
    "code": "TEST.EMIG",
    "name_en": "Emigrants registered (test series)",
    "name_ru": "Эмигранты (тест)",
    "kind": "country",
    "definition_en": "Emigrants registered in the year.",
}
DATASET = {
    "code": "test_nso_2024",
    "title": "A national statistics office's release (test)",
    "publisher": "Test NSO",
    "vintage": "2024-06-30",
    "licence": "CC BY 4.0",
    "source_url": "https://example.org/nso",
    "priority": 70,
}


def editor(issuer: TestIssuer) -> dict[str, str]:
    """Headers of an editor."""
    return issuer.headers("editor")


async def created(client: AsyncClient, url: str, body: dict[str, Any], headers: dict) -> dict:
    """POST and insist on 201; returns the record."""
    res = await client.post(url, json=body, headers=headers)
    assert res.status_code == 201, res.text
    return dict(res.json())


async def indicator(
    client: AsyncClient,
    issuer: TestIssuer,
    body: dict[str, Any] = COUNTRY_INDICATOR,
    **changes: Any,
) -> dict:
    """A new catalogue entry."""
    return await created(client, "/v1/indicators", body | changes, editor(issuer))


async def dataset(client: AsyncClient, issuer: TestIssuer, **changes: Any) -> dict:
    """A new source dataset."""
    return await created(client, "/v1/datasets", DATASET | changes, editor(issuer))


async def flow(client: AsyncClient, issuer: TestIssuer, **body: Any) -> dict:
    """A new flow (defaults: the test bilateral series, 2020, the WDI dataset)."""
    values = {
        "indicator_code": FLOW_INDICATOR["code"],
        "period": "2020",
        "source_dataset": "wdi_2025-04-15",
    } | body
    return await created(client, "/v1/flows", values, editor(issuer))


def problem(res: Response, status: int) -> dict:
    """The problem+json body of an answer with `status`."""
    assert res.status_code == status, res.text
    assert res.headers["content-type"] == "application/problem+json"
    return dict(res.json())


def fields(res: Response, status: int = 422) -> list[str]:
    """The fields a problem names."""
    return [e["field"] for e in problem(res, status).get("errors", [])]
