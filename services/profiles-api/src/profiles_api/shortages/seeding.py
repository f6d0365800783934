"""The shipped skill-shortage list: the EU-level EURES 2023 critical shortage occupations.

Each line goes through `validation.check_shortage`, the editors' path (codes checked against the
ISCO-08 and NACE tables); a bad line fails the seed with a 422 naming the line and field. The
ISCO-08 codes are our mapping of the reported occupation names (ELA gives none); the category
"critical shortage (widespread and severe)" is severity `critical`. Idempotent.
"""

from __future__ import annotations

import csv
from pathlib import Path

from imap_kit.seeding import upsert
from sqlalchemy.ext.asyncio import AsyncSession

from profiles_api.shortages.models import SkillShortage
from profiles_api.shortages.repository import KEY
from profiles_api.shortages.schemas import ShortageWrite
from profiles_api.shortages.validation import check_shortage

ELA_FILE = "ela_eures_2023_critical_shortage_occupations.csv"
ELA_DATASET = "ela_eures_2023"
AREAS = {"EU27 + NO + CH (EU-level summary)": "EU27-NO-CH"}
SEVERITIES = {"critical shortage (widespread and severe)": "critical"}


def ela_records(path: Path) -> list[tuple[int, ShortageWrite]]:
    """(line, record) for each line of the ELA file."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.DictReader(fh))
    return [
        (
            number,
            ShortageWrite(
                area=AREAS[row["scope"]],
                year=int(row["reference_year"]),
                direction="shortage",
                severity=SEVERITIES[row["category"]],  # type: ignore[arg-type]
                isco_code=row["isco08_code"],
                occupation_as_reported=row["occupation_as_reported"],
                note=f"{row['category']}; {row['mapping']}",
                source_dataset=ELA_DATASET,
                source_url=row["source_url"],
            ),
        )
        for number, row in enumerate(lines, start=2)
    ]


async def seed_shortages(session: AsyncSession, data: Path) -> dict[str, int]:
    """Validate and upsert the shipped list; returns inserted and updated counts."""
    rows = [
        await check_shortage(session, record, prefix=f"{ELA_FILE} line {line}")
        for line, record in ela_records(data / ELA_FILE)
    ]
    counts = await upsert(
        session,
        SkillShortage.__table__,  # type: ignore[arg-type]
        rows,
        keys=list(KEY),
        bump="row_version",
    )
    return {"shortage_inserted": counts.inserted, "shortage_updated": counts.updated}
