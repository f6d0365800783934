"""Examples of the editors' API for its OpenAPI description: a route and a crossing point on
the Black Sea (real places; the route's line is indicative, like every line i-Map draws)."""

from typing import Any

ROUTE_PROPERTIES: dict[str, Any] = {
    "slug": "black-sea-danube-delta",
    "name_en": "Black Sea Route (Danube delta landings)",
    "name_ru": "Черноморский маршрут (высадки в дельте Дуная)",
    "kind": "sea",
    "valid_from": "2017-08-01",
    "valid_to": None,
    "description_en": "Boats leaving the Turkish Black Sea coast near Kırklareli for the "
    "Romanian coast between Constanța and the Danube delta; indicative line.",
    "description_ru": "Лодки от черноморского побережья Турции у Кыркларели к румынскому "
    "побережью между Констанцей и дельтой Дуная; линия ориентировочная.",
    "countries": ["TUR", "ROU"],
    "sources": [
        {
            "title": "EaP Migration Panel: Smugglers begin to use a Black Sea route more actively",
            "url": "https://eapmigrationpanel.org/en/news/smugglers-begin-use-black-sea-route-more-actively",
        }
    ],
    "indicative": True,
    "access": "public",
}
ROUTE_GEOMETRY: dict[str, Any] = {
    "type": "LineString",
    "coordinates": [[28.02, 41.62], [29.1, 42.9], [29.35, 44.1], [28.66, 44.17]],
}
POINT_PROPERTIES: dict[str, Any] = {
    "slug": "sarpi-sarp",
    "name_en": "Sarpi – Sarp",
    "name_ru": "Сарпи – Сарп",
    "type": "road",
    "country_a": "GEO",
    "country_b": "TUR",
    "route": None,
    "approximate": True,
    "description_en": "Road crossing on the Black Sea coast between Adjara (Georgia) and "
    "Artvin province (Türkiye). Position approximate.",
    "description_ru": "Автомобильный переход на черноморском побережье между Аджарией (Грузия) и "
    "провинцией Артвин (Турция). Положение приблизительное.",
    "sources": [],
    "access": "public",
}
POINT_GEOMETRY: dict[str, Any] = {"type": "Point", "coordinates": [41.5486, 41.5217]}
ROUTE_IN: dict[str, Any] = {
    "type": "Feature",
    "geometry": ROUTE_GEOMETRY,
    "properties": ROUTE_PROPERTIES,
}
POINT_IN: dict[str, Any] = {
    "type": "Feature",
    "geometry": POINT_GEOMETRY,
    "properties": POINT_PROPERTIES,
}
STATE: dict[str, Any] = {
    "status": "draft",
    "version": 1,
    "created_at": "2026-11-28T12:00:00Z",
    "updated_at": "2026-11-28T12:00:00Z",
}
BASE = "https://imap.example.org/api/map/v1"


def _links(path: str, collection: str, slug: str, noun: str) -> list[dict[str, str]]:
    return [
        {
            "href": BASE + path,
            "rel": "self",
            "type": "application/geo+json",
            "title": f"This {noun}",
        },
        {
            "href": f"{BASE}/collections/{collection}/items/{slug}",
            "rel": "alternate",
            "type": "application/geo+json",
            "title": "The feature in the OGC API collection (once published)",
        },
        {
            "href": f"{BASE}{path}/versions",
            "rel": "version-history",
            "type": "application/json",
            "title": "Kept versions",
        },
    ]


ROUTE_FEATURE: dict[str, Any] = {
    "type": "Feature",
    "id": 9,
    "geometry": {"type": "MultiLineString", "coordinates": [ROUTE_GEOMETRY["coordinates"]]},
    "properties": {**ROUTE_PROPERTIES, **STATE},
    "links": _links("/routes/9", "routes", ROUTE_PROPERTIES["slug"], "route"),
}
POINT_FEATURE: dict[str, Any] = {
    "type": "Feature",
    "id": 12,
    "geometry": POINT_GEOMETRY,
    "properties": {**POINT_PROPERTIES, **STATE},
    "links": _links("/crossing-points/12", "crossing-points", "sarpi-sarp", "crossing point"),
}
