"""The assembled profile: seeded editions, default-view values, partners, shortages, ETags."""

from datetime import date
from typing import Any

from httpx import AsyncClient
from imap_kit.testing.tokens import TestIssuer
from profiles_api.flows.models import BilateralObservation
from profiles_api.indicators.models import Dataset, Indicator, Observation
from profiles_api.shortages.models import SkillShortage
from sqlalchemy.ext.asyncio import AsyncSession

GEO = "/v1/countries/GEO/profile"


def part(profile: dict[str, Any], code: str) -> dict[str, Any]:
    return next(p for p in profile["parts"] if p["code"] == code)


def dataset(code: str, priority: int, vintage: date | None = None) -> Dataset:
    return Dataset(
        code=code,
        title=f"Test dataset {code}",
        publisher="i-Map tests",
        vintage=vintage,
        licence="CC BY 4.0",
        source_url="https://example.org/test",
        priority=priority,
    )


async def test_georgia_shows_its_latest_seeded_edition(client: AsyncClient) -> None:
    res = await client.get(GEO)
    assert res.status_code == 200, res.text
    profile = res.json()
    assert profile["country"] == {
        "iso3": "GEO",
        "name_en": "Georgia",
        "name_ru": "Грузия",
        "pp_group": "Eastern Partnership",
        "capital": "Tbilisi",
    }
    assert profile["edition"] == 2 and profile["endorsement"] == "demonstration"
    assert "not an official profile" in profile["endorsement_note"]
    assert profile["title_ru"] == "Расширенный миграционный профиль: Грузия"
    assert [p["code"] for p in profile["parts"]] == list("ABCDEFG")
    sections = {p["code"]: [s["part"] for s in p["sections"]] for p in profile["parts"]}
    assert sections == {
        "A": ["A"], "B": ["B1", "B2", "B3"], "C": ["C1", "C3", "C4"],
        "D": [], "E": [], "F": ["F"], "G": [],
    }  # fmt: skip
    c4 = part(profile, "C")["sections"][2]
    assert "KNOMAD" in c4["body_en"] and "KNOMAD" in c4["body_ru"]
    assert all(s["sources"] and s["body_ru"] for p in profile["parts"] for s in p["sections"])
    # key indicators sit in the part of their topic (B3: labour market -> part B)
    assert {"SL.UEM.TOTL.ZS", "SL.TLF.CACT.ZS"} <= {
        i["code"] for i in part(profile, "B")["indicators"]
    }
    assert "SM.POP.NETM" in {i["code"] for i in part(profile, "A")["indicators"]}
    cited = {d["code"] for d in profile["sources"]}
    used = {
        s
        for p in profile["parts"]
        for i in p["indicators"]
        for s in [i["source_dataset"], *i["trend_sources"]]
    }
    assert used <= cited and "wdi_2025-04-15" in cited

    first = (await client.get(GEO, params={"edition": 1})).json()
    assert first["edition"] == 1 and part(first, "F")["sections"] == []
    assert "KNOMAD" not in part(first, "C")["sections"][2]["body_en"]


async def test_values_match_the_observations_api(client: AsyncClient) -> None:
    profile = (await client.get(GEO)).json()
    indicators = [i for p in profile["parts"] for i in p["indicators"]]
    assert len(indicators) >= 8
    for ind in indicators:
        res = await client.get(
            f"/v1/indicators/{ind['code']}/observations", params={"country": "GEO", "limit": 1000}
        )
        rows = res.json()["items"]
        by_period = {
            (r.get("period") or str(r["year"]), r.get("source_dataset") or r.get("source")): r
            for r in rows
        }
        latest = by_period[(ind["latest_period"], ind["source_dataset"])]
        assert latest["value"] == ind["latest_value"], ind["code"]
        periods = sorted({key[0] for key in by_period})
        assert [p["period"] for p in ind["trend"]] == periods[-25:]
        assert ind["latest_period"] == periods[-1]


async def test_the_highest_priority_dataset_wins_each_period(
    client: AsyncClient, db_session: AsyncSession
) -> None:
    before = await client.get(GEO)
    tag = before.headers["etag"]
    assert (await client.get(GEO, headers={"If-None-Match": tag})).status_code == 304
    db_session.add_all(
        [
            dataset("test_low", 10),
            dataset("test_high_old", 95, date(2020, 1, 1)),
            dataset("test_high_new", 95, date(2025, 1, 1)),
        ]
    )
    await db_session.flush()
    rows = [("test_low", 1.0), ("test_high_old", 2.0), ("test_high_new", 3.0)]
    db_session.add_all(
        Observation(
            indicator_code="SL.UEM.TOTL.ZS",
            country_iso3="GEO",
            year=2030,
            period="2030",
            value=value,
            source_dataset=code,
        )
        for code, value in rows
    )
    await db_session.flush()
    after = await client.get(GEO, headers={"If-None-Match": tag})
    assert after.status_code == 200 and after.headers["etag"] != tag
    unemployment = next(
        i for i in part(after.json(), "B")["indicators"] if i["code"] == "SL.UEM.TOTL.ZS"
    )
    assert (unemployment["latest_period"], unemployment["latest_value"]) == ("2030", 3.0)
    assert unemployment["source_dataset"] == "test_high_new"
    assert len(unemployment["trend"]) == 25 and unemployment["trend"][-1]["value"] == 3.0
    assert after.json()["data_revision"] > before.json()["data_revision"]


async def test_top_partners_per_direction_in_the_latest_period(
    client: AsyncClient, db_session: AsyncSession
) -> None:
    db_session.add_all(
        [
            Indicator(
                code="TEST.STOCK",
                name_en="Test migrant stock",
                name_ru="Тест",
                unit="persons",
                kind="bilateral",
                definition_en="Test.",
                topic="C3",
                source_organization="i-Map tests",
                licence="CC BY 4.0",
                source_url="https://example.org/test",
            ),
            dataset("test_pairs", 50),
            dataset("test_pairs_better", 80),
        ]
    )
    await db_session.flush()

    def pair(origin: str, dest: str, year: int, value: float, source: str = "test_pairs") -> Any:
        return BilateralObservation(
            indicator_code="TEST.STOCK",
            origin_iso3=origin,
            destination_iso3=dest,
            year=year,
            period=str(year),
            value=value,
            source_dataset=source,
        )

    partners = ["RUS", "GRC", "UKR", "ITA", "ARM", "ESP", "TUR"]
    db_session.add_all(
        [pair("GEO", p, 2024, 1000.0 * (i + 1)) for i, p in enumerate(partners)]
        + [pair("GEO", "DEU", 2020, 10**9)]  # an older period never competes
        + [pair("GEO", "RUS", 2024, 1.0, "test_pairs_better")]  # the better source wins
        + [pair("ARM", "GEO", 2024, 5.0), pair("UKR", "GEO", 2024, 7.0)]
        + [pair("GEO", "GEO", 2024, 10**9)]
    )
    await db_session.flush()
    profile = (await client.get(GEO)).json()
    flows = [f for f in profile["top_partners"] if f["indicator_code"] == "TEST.STOCK"]
    outbound = [(f["partner_iso3"], f["value"]) for f in flows if f["direction"] == "outbound"]
    assert outbound == [("TUR", 7000), ("ESP", 6000), ("ARM", 5000), ("ITA", 4000), ("UKR", 3000)]
    inbound = [f for f in flows if f["direction"] == "inbound"]
    assert [(f["partner_iso3"], f["partner_name_ru"]) for f in inbound] == [
        ("UKR", "Украина"),
        ("ARM", "Армения"),
    ]
    assert {f["period"] for f in flows} == {"2024"}
    assert "test_pairs" in {d["code"] for d in profile["sources"]}


async def test_shortages_of_the_country_and_of_areas_covering_it(
    client: AsyncClient, db_session: AsyncSession
) -> None:
    db_session.add(dataset("test_shortages", 50))
    await db_session.flush()

    def row(area: str, year: int, isco: str, country: str | None = None) -> SkillShortage:
        return SkillShortage(
            country_iso3=country,
            area=area,
            year=year,
            isco_code=isco,
            direction="shortage",
            severity="critical",
            occupation_as_reported=f"test {isco}",
            source_dataset="test_shortages",
        )

    db_session.add_all(
        [
            row("EU27-NO-CH", 2023, "8332"),
            row("EU27-NO-CH", 2021, "2221"),  # superseded by the 2023 list
            row("GEO", 2024, "2512", country="GEO"),
        ]
    )
    await db_session.flush()

    async def occupations(iso3: str) -> list[tuple[str, str, int]]:
        profile = (await client.get(f"/v1/countries/{iso3}/profile")).json()
        return [
            (s["area"], s["isco_code"], s["year"])
            for s in profile["shortages"]
            if s["occupation_as_reported"] and s["occupation_as_reported"].startswith("test")
        ]

    eu = [("EU27-NO-CH", "8332", 2023)]
    assert await occupations("DEU") == eu
    assert await occupations("NOR") == eu
    assert await occupations("CHE") == eu
    assert await occupations("GBR") == []
    assert await occupations("GEO") == [("GEO", "2512", 2024)]
    geo = (await client.get(GEO)).json()
    mine = next(s for s in geo["shortages"] if s["isco_code"] == "2512")
    assert mine["isco_title"] and mine["source_dataset"] == "test_shortages"


async def test_before_a_first_edition_the_profile_has_data_only(client: AsyncClient) -> None:
    res = await client.get("/v1/countries/uzb/profile")
    assert res.status_code == 200
    profile = res.json()
    assert profile["edition"] is None and profile["published_at"] is None
    assert profile["endorsement"] == "not_endorsed" and profile["title_en"] is None
    assert all(p["sections"] == [] for p in profile["parts"])
    assert part(profile, "B")["indicators"]
    assert res.headers["etag"].endswith('-e0"')


async def test_readers_see_the_newest_edition_they_may_read(
    client: AsyncClient, issuer: TestIssuer
) -> None:
    editor = issuer.headers("editor")
    doc = await client.get("/v1/countries/GEO/profile-document", headers=editor)
    body = {
        "access": "restricted",
        "sections": [
            {k: s[k] for k in ("part", "body_en", "body_ru", "sources")}
            for s in doc.json()["sections"]
        ],
    }
    put = await client.put(
        "/v1/countries/GEO/profile-document",
        json=body,
        headers={**editor, "If-Match": doc.headers["etag"]},
    )
    assert put.status_code == 200, put.text
    publish = await client.post(
        "/v1/countries/GEO/profile-document/transitions",
        json={"action": "publish"},
        headers={**editor, "If-Match": put.headers["etag"]},
    )
    assert publish.json()["edition"]["edition"] == 3
    anonymous = await client.get(GEO)
    signed_in = await client.get(GEO, headers=issuer.headers("contributor", countries=("ARM",)))
    assert (anonymous.json()["edition"], signed_in.json()["edition"]) == (2, 3)
    assert anonymous.headers["etag"] != signed_in.headers["etag"]
    assert "Authorization" in anonymous.headers["vary"]
    assert (await client.get(GEO, params={"edition": 3})).status_code == 404


async def test_unknown_countries_and_editions_are_problems(client: AsyncClient) -> None:
    for url, status in (
        ("/v1/countries/ZZZ/profile", 404),
        ("/v1/countries/GEO/profile?edition=99", 404),
        ("/v1/countries/GEO/profile?edition=0", 422),
        ("/v1/countries/GE/profile", 422),
        ("/v1/countries/ZZZ/profile/editions", 404),
    ):
        res = await client.get(url)
        assert res.status_code == status, url
        assert res.headers["content-type"] == "application/problem+json"
        assert res.json()["status"] == status
