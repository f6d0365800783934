"""Every boundary has a Russian name after the seed: ours for the Prague Process states, Debian
iso-codes (pycountry's catalogue) for the neighbours, editorial for N. Cyprus; the web map's tiles
carry it in the countries and country-labels layers, so the Russian map labels no country in
English."""

from __future__ import annotations

import csv
import re
from typing import Any

import mapbox_vector_tile
import morecantile
from httpx import AsyncClient
from map_api.seed import DATA
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

TMS = morecantile.tms.get("WebMercatorQuad")
WMQ = "WebMercatorQuad"


def is_cyrillic_name(name: Any) -> bool:
    """Non-empty, with Cyrillic letters and no Latin ones."""
    return (
        isinstance(name, str)
        and re.search("[А-Яа-яЁё]", name) is not None
        and re.search("[A-Za-z]", name) is None
    )


async def seeded_names(session: AsyncSession) -> dict[str, tuple[str, str | None]]:
    rows = await session.execute(text("SELECT iso3, role, name_ru FROM geo.country_boundary"))
    return {iso3: (role, name_ru) for iso3, role, name_ru in rows}


async def test_every_boundary_has_a_cyrillic_name_ru_after_the_seed(
    db_session: AsyncSession,
) -> None:
    names = await seeded_names(db_session)
    assert len(names) == 76
    assert {iso3: ru for iso3, (_, ru) in names.items() if not is_cyrillic_name(ru)} == {}
    context = {iso3: ru for iso3, (role, ru) in names.items() if role == "context"}
    assert len(context) == 25
    # iso-codes' translations of the common or short ISO names, and the one editorial name
    assert context["IRN"] == "Иран" and context["SYR"] == "Сирия"
    assert context["PSE"] == "Палестина" and context["CHN"] == "Китай"
    assert context["CYN"] == "Северный Кипр"
    # the scope states keep our own names, not iso-codes' ("Российская Федерация")
    rows = (DATA / "country_names_ru.csv").read_text(encoding="utf-8").splitlines()
    ours = {r["iso3"]: r["name_ru"] for r in csv.DictReader(rows)}
    scope = {iso3: ru for iso3, (role, ru) in names.items() if role == "scope"}
    assert scope == ours and scope["RUS"] == "Россия"


async def test_the_countries_api_serves_the_neighbours_russian_names(client: AsyncClient) -> None:
    iran = (await client.get("/v1/countries/IRN")).json()
    assert iran["properties"]["role"] == "context" and iran["properties"]["name_ru"] == "Иран"


async def test_web_map_tiles_carry_every_country_name_ru(
    client: AsyncClient, db_session: AsyncSession
) -> None:
    """For every country, the zoom-6 tile (full outlines, so micro-states are drawn) holding its
    label point: the outline and the label carry the seeded Russian name."""
    names = await seeded_names(db_session)
    points = await db_session.execute(
        text("SELECT iso3, ST_X(label_point), ST_Y(label_point) FROM geo.country_boundary")
    )
    tiles: dict[tuple[int, int], list[str]] = {}
    for iso3, lon, lat in points:
        t = TMS.tile(lon, lat, 6)
        tiles.setdefault((t.x, t.y), []).append(iso3)
    outlined: dict[str, Any] = {}
    labelled: dict[str, Any] = {}
    for (x, y), wanted in sorted(tiles.items()):
        res = await client.get(f"/v1/tiles/{WMQ}/6/{y}/{x}")
        assert res.status_code == 200, (x, y, res.status_code)
        tile = mapbox_vector_tile.decode(res.content)
        for layer, seen in (("countries", outlined), ("country-labels", labelled)):
            carried = {f["properties"]["iso3"]: f["properties"] for f in tile[layer]["features"]}
            for iso3 in wanted:
                seen[iso3] = carried[iso3].get("name_ru")
    expected = {iso3: ru for iso3, (_, ru) in names.items()}
    assert outlined == expected and labelled == expected
    assert all(is_cyrillic_name(name) for name in outlined.values())
    assert outlined["IRN"] == "Иран" and outlined["VAT"] == "Государство-город Ватикан"
    assert labelled["CYN"] == "Северный Кипр" and labelled["UKR"] == "Украина"
