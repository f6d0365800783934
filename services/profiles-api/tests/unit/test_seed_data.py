"""The shipped seed files are complete and consistent (no database)."""

from profiles_api import seed


def test_country_register_has_51_states_with_russian_names() -> None:
    rows = list(seed.country_rows())
    assert len(rows) == 51
    by_iso = {r["iso3"]: r for r in rows}
    assert by_iso["XKX"]["iso_numeric"] is None and by_iso["XKX"]["iso2"] == "XK"
    assert by_iso["GRC"]["eurostat_geo"] == "EL"
    assert all(r["name_ru"] and r["name_ru"] != r["name_en"] for r in rows)
    assert sum(1 for r in rows if r["pp_status"] == "listed") == 49


def test_every_observation_refers_to_a_catalogued_indicator() -> None:
    codes = {i["code"] for i in seed.indicator_rows()}
    seen = {o["indicator_code"] for o in seed.observation_rows()}
    assert seen == codes
    assert all(i["name_ru"] and i["unit"] and i["source_url"] for i in seed.indicator_rows())
