"""Reference for test/timeline-sources.test.ts: what each controller holds in the three live-map
files of ../shared/data/samples/deepstate-live, computed without frontline: every polygon
classified by a table written by reading the files' names (not by the profile's rules), the
polygons of each controller united with GEOS (shapely), areas with GeographicLib (pyproj).

    /usr/bin/python3 scripts/reference/deepstate-live.py ../shared/data > fixtures/timeline/deepstate-live.reference.csv
"""
import json
import os
import sys

from pyproj import Geod
from shapely.geometry import shape
from shapely.ops import unary_union

geod = Geod(ellps="WGS84")

# Words that start each class's name in these three files, read by eye, first match wins.
# Territories outside Ukraine come first (their names say "occupied" too).
TABLE = [
    ("Придністров", None), ("Окупована Абхазія", None), ("Окупована область", None), ("Окупований Печорський", None),
    ("Окупований Цхінвальський", None), ("Окуповані Південні Курильські", None), ("Окуповані території Латвії", None),
    ("Окуповані у Естонії", None), ("Тимчасово окупована", None),
    ("Начебто звільнено", "contested"), ("Під питанням", "contested"), ("28.05 Під питанням", "contested"), ("Статус невідомий", "contested"),
    ("Звільнено", "ukraine"), ("звільнено", "ukraine"), ("Зміїний", "ukraine"), ("Орки відсутні", "ukraine"), ("24.03", "ukraine"), ("Дорога Тростянець", "ukraine"),
    ("Окуп", "russia"), ("ОРДЛО", "russia"), ("Крим", "russia"), ("Острів Тузла", "russia"), ("Ізюм", "russia"), ("Багатокутник", "russia"),
    ("Невідомо точно", "russia"), ("Рубіжне", "russia"),
]


def controller_of(name):
    for prefix, controller in TABLE:
        if name.startswith(prefix):
            return controller
    raise SystemExit(f"unclassified: {name!r}")


def km2(g):
    total = 0.0
    for p in getattr(g, "geoms", [g]):
        a, _ = geod.polygon_area_perimeter(*p.exterior.coords.xy)
        total += abs(a)
        for hole in p.interiors:
            h, _ = geod.polygon_area_perimeter(*hole.coords.xy)
            total -= abs(h)
    return total / 1e6


def polygons(geometry):
    if geometry["type"] == "GeometryCollection":
        for g in geometry["geometries"]:
            yield from polygons(g)
    elif geometry["type"] in ("Polygon", "MultiPolygon"):
        yield shape(geometry).buffer(0)


folder = os.path.join(sys.argv[1], "samples/deepstate-live")
print("file,controller,area_km2")
for f in sorted(os.listdir(folder)):
    held = {}
    for feature in json.load(open(os.path.join(folder, f)))["features"]:
        parts = list(polygons(feature["geometry"]))
        if not parts:
            continue
        controller = controller_of(feature["properties"]["name"].strip())
        if controller:
            held.setdefault(controller, []).extend(parts)
    for controller in sorted(held):
        print(f"{f},{controller},{km2(unary_union(held[controller]))!r}")
