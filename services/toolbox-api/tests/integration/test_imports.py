"""Bulk import of initiatives from CSV and XLSX: all or nothing, errors by row and column,
importing twice changes nothing, writers' scopes apply."""

import csv
import io

import pytest
from httpx import AsyncClient
from openpyxl import Workbook, load_workbook
from toolbox_api.imports.columns import COLUMNS

HEADER = ["slug", "title_en", "title_ru", "summary_en", "summary_ru", "kind",
          "partner_countries", "implementer_countries", "donor_organisations", "themes",
          "start_year", "end_year", "budget_amount", "budget_currency", "source_1_title",
          "source_1_url", "corridors", "routes"]  # fmt: skip
GOOD = [
    ["import-test-one", "Import one", "Импорт один", "First **row**.", "Первая строка.",
     "bilateral", "GEO", "DEU", "Import Test Fund", "legal-migration", "2020", "2023",
     "1,500,000", "eur", "Source one", "https://example.org/one", "GEO>DEU", "eastern-borders"],
    ["import-test-two", "Import two", "Импорт два", "Second row.", "Вторая строка.",
     "regional", "GEO;ARM", "", "", "legal-migration;integration", "2024", "", "2000", "USD",
     "Source two", "https://example.org/two", "", ""],
]  # fmt: skip


def _csv(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode()


def _xlsx(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [header, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def _upload(client: AsyncClient, headers: dict[str, str], name: str, data: bytes, **form):
    return await client.post(
        "/v1/imports/initiatives", files={"file": (name, data)}, data=form, headers=headers
    )


async def _total(client: AsyncClient, headers: dict[str, str]) -> int:
    res = await client.get("/v1/initiatives", params={"limit": 1}, headers=headers)
    return int(res.json()["total"])


async def test_a_csv_imports_as_drafts_and_twice_changes_nothing(client: AsyncClient, as_) -> None:
    editor = as_("editor")
    before = await _total(client, editor)
    res = await _upload(client, editor, "initiatives.csv", _csv(GOOD))
    assert res.status_code == 200, res.text
    body = res.json()
    assert [(c["row"], c["slug"]) for c in body["created"]] == [
        (2, "import-test-one"),
        (3, "import-test-two"),
    ]
    assert await _total(client, editor) == before + 2
    one = (await client.get(f"/v1/initiatives/{body['created'][0]['id']}", headers=editor)).json()
    assert one["status"] == "draft"
    assert one["countries"] == [
        {"iso3": "GEO", "role": "partner"},
        {"iso3": "DEU", "role": "implementer"},
    ]
    assert one["budget"] == {"amount": 1500000.0, "currency": "EUR"}
    assert one["organisations"] == [{"name": "Import Test Fund", "role": "donor"}]
    assert one["corridors"] == [{"from": "GEO", "to": "DEU"}]
    assert one["html"]["summary_en"] == "<p>First <strong>row</strong>.</p>\n"
    versions = (await client.get(f"/v1/initiatives/{one['id']}/versions", headers=editor)).json()
    assert versions[0]["comment"] == "Imported from initiatives.csv, row 2."

    again = await _upload(client, editor, "initiatives.csv", _csv(GOOD))
    assert again.status_code == 200
    assert again.json()["created"] == [] and len(again.json()["unchanged"]) == 2
    assert await _total(client, editor) == before + 2


async def test_an_xlsx_imports_and_editors_may_publish(client: AsyncClient, as_) -> None:
    editor = as_("editor")
    rows: list[list[object]] = [[*GOOD[0][:10], 2020, 2023, 1500000, "EUR", *GOOD[0][14:]]]
    res = await _upload(client, editor, "initiatives.xlsx", _xlsx(rows), publish="true")
    assert res.status_code == 200, res.text
    made = res.json()["created"][0]
    public = await client.get(f"/v1/initiatives/{made['id']}")
    assert public.status_code == 200 and public.json()["start_year"] == 2020


BAD = [
    (5, "galactic", "kind"),
    (6, "ZZZ", "partner_countries"),
    (6, "GEO;GEO", "partner_countries"),
    (7, "QQQ", "implementer_countries"),
    (9, "no-such-theme", "themes"),
    (10, "1800", "start_year"),
    (11, "2019", "end_year"),
    (12, "ten", "budget_amount"),
    (13, "ZZZ", "budget_currency"),
    (15, "not a source", "source_1_url"),
    (16, "GEO>GEO", "corridors"),
    (17, "silk-road", "routes"),
    (3, "<script>alert(1)</script>", "summary_en"),
    (1, "Title [x](javascript:alert(1))", "title_en"),
]


@pytest.mark.parametrize(("column", "value", "name"), BAD, ids=[f"{b[2]}={b[1]}" for b in BAD])
async def test_a_bad_cell_is_named_by_row_and_column_and_nothing_is_imported(
    client: AsyncClient, as_, column: int, value: str, name: str
) -> None:
    editor = as_("editor")
    before = await _total(client, editor)
    bad = list(GOOD[1])
    bad[column] = value
    res = await _upload(client, editor, "bad.csv", _csv([GOOD[0], bad]))
    assert res.status_code == 422, res.text
    problem = res.json()
    assert f"row 3, column {name}" in {e["field"] for e in problem["errors"]}, problem
    assert "nothing was imported" in problem["detail"]
    assert await _total(client, editor) == before


async def test_bad_files_are_422(client: AsyncClient, as_) -> None:
    editor = as_("editor")
    cases = [
        ("x.csv", _csv(GOOD, [*HEADER[:-1], "colour"]), "row 1, column 18"),
        ("x.csv", _csv(GOOD, HEADER[1:]), "row 1"),  # no slug column
        ("x.csv", "slug;title_en\nä".encode("latin-1"), "file"),
        ("x.xlsx", b"PK\x03\x04 not really a workbook", "file"),
        ("x.csv", b"", "file"),
        ("x.csv", _csv([]), "file"),
        ("x.csv", _csv([GOOD[0], GOOD[0]]), "row 3, column slug"),
    ]
    for name, data, field in cases:
        res = await _upload(client, editor, name, data)
        assert res.status_code == 422, (field, res.text)
        assert field in {e["field"] for e in res.json()["errors"]}, (field, res.text)


async def test_an_existing_slug_with_other_content_is_refused(client: AsyncClient, as_) -> None:
    editor = as_("editor")
    assert (await _upload(client, editor, "a.csv", _csv(GOOD[:1]))).status_code == 200
    changed = [[*GOOD[0][:1], "Renamed", *GOOD[0][2:]]]
    res = await _upload(client, editor, "a.csv", _csv(changed))
    assert res.status_code == 422
    assert res.json()["errors"][0]["field"] == "row 2, column slug"


async def test_who_may_import(client: AsyncClient, as_) -> None:
    data = _csv(GOOD)
    assert (await _upload(client, {}, "a.csv", data)).status_code == 401
    assert (await _upload(client, as_("partner"), "a.csv", data)).status_code == 403
    armenia = as_("contributor", countries=("ARM",))
    res = await _upload(client, armenia, "a.csv", data)
    assert res.status_code == 422
    assert "row 2, column owner_country" in {e["field"] for e in res.json()["errors"]}
    georgia = as_("contributor", countries=("GEO",))
    assert (await _upload(client, georgia, "a.csv", data, publish="true")).status_code == 403
    assert (await _upload(client, georgia, "a.csv", data)).status_code == 200


async def test_a_file_over_the_limit_is_413(client: AsyncClient, as_, app) -> None:
    app.state.settings.max_import_bytes = 100
    res = await _upload(client, as_("editor"), "a.csv", _csv(GOOD))
    assert res.status_code == 413 and res.json()["errors"][0]["field"] == "file"


async def test_the_template_lists_every_column(client: AsyncClient) -> None:
    res = await client.get("/v1/imports/initiatives/template.csv")
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(res.content.decode("utf-8-sig"))))
    assert rows[0] == [c.name for c in COLUMNS] and len(rows) == 2
    xlsx = await client.get("/v1/imports/initiatives/template.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and [c.value for c in sheet[1]] == [c.name for c in COLUMNS]
    assert (await client.get("/v1/imports/initiatives/template.pdf")).status_code == 422


async def test_the_template_imports_as_it_is(client: AsyncClient, as_) -> None:
    template = (await client.get("/v1/imports/initiatives/template.csv")).content
    res = await _upload(client, as_("editor"), "template.csv", template)
    assert res.status_code == 200, res.text
    assert len(res.json()["created"]) == 1
