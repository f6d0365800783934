"""The editors' API's pure geometry checks: CRS names, structure, ranges, size (no database)."""

from __future__ import annotations

import json

import pytest
from imap_kit.errors import InvalidInput
from map_api.editing.geometry import check_geometry, crs_srid

LINE = ("LineString", "MultiLineString")


def named(name: str) -> dict[str, object]:
    return {"type": "name", "properties": {"name": name}}


@pytest.mark.parametrize(
    ("name", "srid"),
    [
        ("urn:ogc:def:crs:OGC:1.3:CRS84", 4326),
        ("urn:ogc:def:crs:OGC::CRS84", 4326),
        ("http://www.opengis.net/def/crs/OGC/1.3/CRS84", 4326),
        ("EPSG:4326", 4326),
        ("urn:ogc:def:crs:EPSG::4326", 4326),
        ("urn:ogc:def:crs:EPSG:6.6:4326", 4326),
        ("epsg:3857", 3857),
        ("http://www.opengis.net/def/crs/EPSG/0/32638", 32638),
    ],
)
def test_crs_names_gdal_and_qgis_write_are_understood(name: str, srid: int) -> None:
    assert crs_srid(named(name), "body.crs") == srid


@pytest.mark.parametrize(
    "crs",
    [named("WGS 84"), {"type": "link", "properties": {"href": "x"}}, "EPSG:4326", named("")],
)
def test_other_crs_members_are_refused_by_field(crs: object) -> None:
    with pytest.raises(InvalidInput) as err:
        crs_srid(crs, "body.crs")
    assert err.value.errors and err.value.errors[0].field == "body.crs"


def test_a_line_passes_with_altitudes_and_the_crs_member_removed() -> None:
    geometry = {
        "type": "LineString",
        "coordinates": [[41.6, 41.6, 12.0], [41.5, 41.5]],
        "crs": named("urn:ogc:def:crs:OGC:1.3:CRS84"),
    }
    checked = check_geometry(geometry, allowed=LINE, noun="route", max_vertices=2)
    assert checked.srid == 4326 and checked.vertices == 2
    assert "crs" not in json.loads(checked.geojson)


def test_projected_positions_skip_the_degree_ranges() -> None:
    geometry = {"type": "Point", "coordinates": [4625000.0, 5093000.0]}
    checked = check_geometry(
        geometry, allowed=("Point",), noun="crossing point", max_vertices=1, crs=named("EPSG:3857")
    )
    assert checked.srid == 3857


def test_every_bad_position_is_named_up_to_ten() -> None:
    geometry = {"type": "LineString", "coordinates": [[200.0, 95.0]] * 20}
    with pytest.raises(InvalidInput) as err:
        check_geometry(geometry, allowed=LINE, noun="route", max_vertices=100)
    named_fields = [e.field for e in err.value.errors or []]
    assert named_fields[:2] == ["body.geometry.coordinates.0.0", "body.geometry.coordinates.0.1"]
    assert len(named_fields) == 10


def test_crs_members_must_agree() -> None:
    geometry = {"type": "Point", "coordinates": [1.0, 1.0], "crs": named("EPSG:3857")}
    with pytest.raises(InvalidInput) as err:
        check_geometry(
            geometry, allowed=("Point",), noun="point", max_vertices=1, crs=named("EPSG:4326")
        )
    assert err.value.errors and err.value.errors[0].field == "body.geometry.crs"
