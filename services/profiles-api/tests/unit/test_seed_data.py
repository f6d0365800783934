"""The shipped seed files are complete and consistent (no database)."""

import re

from profiles_api import seed
from profiles_api.imports.common import Register
from profiles_api.imports.registry import IMPORTERS
from profiles_api.template import BY_CODE


def test_country_register_has_51_states_with_russian_names() -> None:
    rows = list(seed.country_rows())
    assert len(rows) == 51
    by_iso = {r["iso3"]: r for r in rows}
    assert by_iso["XKX"]["iso_numeric"] is None and by_iso["XKX"]["iso2"] == "XK"
    assert by_iso["GRC"]["eurostat_geo"] == "EL"
    assert all(r["name_ru"] and r["name_ru"] != r["name_en"] for r in rows)
    assert sum(1 for r in rows if r["pp_status"] == "listed") == 49


def test_every_seeded_value_refers_to_a_catalogued_indicator_and_a_described_dataset() -> None:
    register = Register.of(seed.country_rows())  # type: ignore[arg-type]
    catalogue = {i["code"]: i for i in seed.indicator_rows()}
    datasets = {d["code"] for d in seed.dataset_rows()}
    for importer, name, options in seed.SEED_IMPORTS:
        parsed = IMPORTERS[importer].parse((seed.DATA / name).read_bytes(), register, options)
        assert parsed.problems.count == 0, (name, parsed.problems.listed[:3])
        assert {v.indicator_code for v in parsed.values} <= set(catalogue), name
        assert {v.dataset for v in parsed.values if v.dataset} <= datasets, name
        for v in parsed.values:
            assert catalogue[v.indicator_code]["kind"] == ("bilateral" if v.pair else "country")
        assert {u.key for u in parsed.updates if u.table == "indicator"} <= set(catalogue)


def test_catalogue_entries_are_complete_and_bilingual() -> None:
    rows = seed.indicator_rows()
    assert len({r["code"] for r in rows}) == len(rows)
    assert len({tuple(sorted(r)) for r in rows}) == 1  # one shape: the upsert needs it
    for r in rows:
        assert r["unit"] and r["source_url"] and r["definition_en"], r["code"]
        assert re.search("[а-яА-Я]", str(r["name_ru"])), r["code"]
        assert r["topic"] in BY_CODE and r["kind"] in ("country", "bilateral"), r["code"]
        assert isinstance(r["non_negative"], bool) and isinstance(r["scale"], int), r["code"]
