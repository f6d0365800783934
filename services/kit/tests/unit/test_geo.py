"""bbox parsing and antimeridian-aware bounding boxes."""

import pytest
from imap_kit.errors import InvalidInput
from imap_kit.geo import BBox, geojson_bbox, parse_bbox


def test_parse_bbox_accepts_a_plain_and_an_antimeridian_box() -> None:
    assert parse_bbox("19,40,60,56") == BBox(19, 40, 60, 56)
    crossing = parse_bbox("170,50,-170,70")
    assert crossing.crosses_antimeridian
    assert crossing.parts() == [BBox(170, 50, 180, 70), BBox(-180, 50, -170, 70)]


@pytest.mark.parametrize("raw", ["1,2,3", "a,b,c,d", "0,0,200,10", "0,50,10,40", "0,-95,1,1"])
def test_parse_bbox_rejects_bad_boxes_naming_the_field(raw: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_bbox(raw)
    assert err.value.errors and err.value.errors[0].field == "query.bbox"


def test_geojson_bbox_of_a_shape_split_at_the_antimeridian() -> None:
    chukotka = [[[-180, 65], [-169, 65], [-169, 70], [-180, 70], [-180, 65]]]
    mainland = [[[20, 50], [180, 50], [180, 70], [20, 70], [20, 50]]]
    assert geojson_bbox([mainland, chukotka]) == [20, 50, -169, 70]
    assert geojson_bbox([mainland]) == [20, 50, 180, 70]
