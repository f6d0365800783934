"""Assembled profiles for renderer tests, built without a database, and PDF reading helpers.

Numbers are Georgia's real yearly values from the shipped seed file
(`seed_data/indicators_pp_tidy_2000_2024.csv`, World Bank WDI / UN DESA); the narrative sections
are demonstration text of our own, marked as such by the `demonstration` endorsement state.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from datetime import UTC, date, datetime
from importlib import resources

from profiles_api.profile.schemas import (
    AssembledProfile,
    DatasetRef,
    KeyIndicator,
    PartnerFlow,
    ProfileCountry,
    ProfilePart,
    ProfileSectionRead,
    ProfileShortage,
    SeriesPoint,
    SourceRef,
)
from profiles_api.template import OUTLINE, PARTS
from pypdf import PdfReader
from pypdf.generic import ContentStream

SEED = resources.files("profiles_api") / "seed_data"

# UN DESA International Migrant Stock 2024: people born in Georgia living in each partner, 2024
# (shared data `bilateral/undesa_ims2024_bilateral_stock_pp_pairs.csv`).
PARTNERS = [
    ("RUS", "Russia", "Россия", 139_333.0),
    ("GRC", "Greece", "Греция", 90_365.0),
    ("UKR", "Ukraine", "Украина", 66_350.0),
]
# EURES report on labour shortages 2023 (ELA): an EU-level critical shortage occupation.

SECTIONS = {
    "A": (
        "Georgia's population has declined since 2000 while **net migration** has turned from "
        "strongly negative to around zero.\n\n- Main destinations: Russia, Greece, Italy\n"
        "- Remittances remain a large share of GDP\n\nSee [the World Bank data]"
        "(https://data.worldbank.org/country/georgia). <b>HTML stays text</b>.",
        "Население Грузии сокращается с 2000 года, а **чистая миграция** из сильно "
        "отрицательной стала близкой к нулю.\n\n- Основные направления: Россия, Греция, Италия\n"
        "- Денежные переводы остаются крупной долей ВВП",
    ),
    "B3": (
        "### Trends\n\nUnemployment fell from its 2010 peak; participation is stable.\n\n"
        "1. Youth unemployment stays high\n2. Many work in agriculture",
        "### Тенденции\n\nБезработица снизилась после пика 2010 года.\n\n"
        "1. Безработица среди молодёжи остаётся высокой\n2. Многие заняты в сельском хозяйстве",
    ),
}


def _series(iso3: str) -> dict[str, list[tuple[int, float, str]]]:
    out: dict[str, list[tuple[int, float, str]]] = {}
    with (SEED / "indicators_pp_tidy_2000_2024.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["iso3"] == iso3:
                out.setdefault(row["indicator_code"], []).append(
                    (int(row["year"]), float(row["value"]), row["source"])
                )
    return {code: sorted(points) for code, points in out.items()}


def key_indicators(iso3: str = "GEO") -> list[KeyIndicator]:
    """Every catalogue indicator the seed file has for the country, latest value and trend."""
    catalogue = json.loads((SEED / "indicators.json").read_text(encoding="utf-8"))
    series = _series(iso3)
    items = []
    for ind in catalogue:
        points = series.get(ind["code"])
        if not points:
            continue
        year, value, source = points[-1]
        items.append(
            KeyIndicator(
                code=ind["code"],
                name_en=ind["name_en"],
                name_ru=ind["name_ru"],
                unit=ind["unit"],
                scale=0,
                topic=ind["topic"],
                latest_period=str(year),
                latest_value=value,
                flags="",
                source_dataset=source,
                trend=[SeriesPoint(period=str(y), value=v) for y, v, _ in points],
            )
        )
    return items


def datasets() -> list[DatasetRef]:
    """The shipped dataset register."""
    rows = json.loads((SEED / "datasets.json").read_text(encoding="utf-8"))
    return [
        DatasetRef(
            code=d["code"],
            title=d["title"],
            publisher=d["publisher"],
            licence=d["licence"],
            source_url=d["source_url"],
            vintage=date.fromisoformat(d["vintage"]) if d["vintage"] else None,
        )
        for d in rows
    ]


def georgia(*, edition: int | None = 1, endorsement: str = "demonstration") -> AssembledProfile:
    """Georgia's profile: real series, partners and shortage; demonstration narrative text."""
    indicators = key_indicators("GEO")
    parts = []
    for part in PARTS:
        sections = []
        if edition is not None:
            for sec in OUTLINE:
                if sec.part == part.code and sec.code in SECTIONS:
                    body_en, body_ru = SECTIONS[sec.code]
                    sections.append(
                        ProfileSectionRead(
                            part=sec.code,
                            title_en=sec.title_en,
                            title_ru=sec.title_ru,
                            body_en=body_en,
                            body_ru=body_ru,
                            sources=[
                                SourceRef(
                                    title="World Bank, World Development Indicators",
                                    url="https://datacatalog.worldbank.org/search/dataset/0037712",
                                )
                            ],
                        )
                    )
        parts.append(
            ProfilePart(
                code=part.code,
                title_en=part.title_en,
                title_ru=part.title_ru,
                sections=sections,
                indicators=[i for i in indicators if i.topic[0] == part.code],
            )
        )
    return AssembledProfile(
        country=ProfileCountry(
            iso3="GEO",
            name_en="Georgia",
            name_ru="Грузия",
            pp_group="Eastern Partnership",
            capital="Tbilisi",
        ),
        edition=edition,
        published_at=datetime(2026, 11, 20, 10, 30, tzinfo=UTC) if edition else None,
        endorsement=endorsement,
        endorsement_note="Demonstration text written by the i-Map team to show the layout."
        if endorsement == "demonstration"
        else None,
        parts=parts,
        top_partners=[
            PartnerFlow(
                indicator_code="SM.POP.TOTL.BIL",
                indicator_name_en="International migrant stock, by origin and destination",
                indicator_name_ru="Международные мигранты по странам происхождения и назначения",
                unit="persons",
                scale=0,
                direction="outbound",
                partner_iso3=iso3,
                partner_name_en=name_en,
                partner_name_ru=name_ru,
                period="2024",
                value=value,
                source_dataset="undesa_ims2024",
            )
            for iso3, name_en, name_ru, value in PARTNERS
        ],
        shortages=[
            ProfileShortage(
                area="EU27 + NO + CH",
                year=2023,
                direction="shortage",
                severity="critical",
                isco_code="2221",
                isco_title="Nursing professionals",
                nace_code=None,
                nace_title=None,
                occupation_as_reported="nursing professionals",
                source_url="https://www.ela.europa.eu/en/news/too-many-jobs-too-few-workers",
            )
        ],
        sources=datasets(),
        data_revision=42,
    )


def text_of(data: bytes) -> str:
    """Every page's text with each run of white space (line breaks too) as one space."""
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def polylines(data: bytes) -> Counter[int]:
    """How many stroked straight-line paths of each length (segments after a move) pages draw."""
    reader = PdfReader(io.BytesIO(data))
    found: Counter[int] = Counter()
    for page in reader.pages:
        segments = 0
        for _operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"l" and segments >= 0:
                segments += 1
            elif op == b"S" and segments > 0:
                found[segments] += 1
                segments = -1
            else:  # a move starts a path; anything else (curves, fills, text) ends it
                segments = 0 if op == b"m" else -1
    return found
