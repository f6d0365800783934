"""Feature responses as text: GeoJSON FeatureCollections assembled from PostGIS-built features,
and CSV (one row per feature, geometry as WKT in the last column)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date
from typing import Any


def feature_collection(features: Sequence[str], matched: int, links: list[dict[str, Any]]) -> str:
    """A FeatureCollection with OGC paging members around features already serialised."""
    tail = json.dumps(
        {"numberMatched": matched, "numberReturned": len(features), "links": links},
        ensure_ascii=False,
    )
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]," + tail[1:]


def feature(text: str, links: list[dict[str, Any]]) -> str:
    """A single feature with its links appended."""
    return text[:-1] + ',"links":' + json.dumps(links, ensure_ascii=False) + "}"


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return ";".join(str(v) for v in value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def csv_text(header: list[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """UTF-8 CSV with a byte-order mark (spreadsheets then read it as UTF-8)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode()
