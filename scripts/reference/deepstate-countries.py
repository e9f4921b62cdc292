"""Reference for test/timeline-regions.test.ts: the DeepState sample split by Natural Earth's
1:50m countries, computed independently of frontline with GEOS (shapely) for the overlay and
GeographicLib (pyproj) for the areas, as deepstate-reference.csv was.

For every day and for Ukraine and Russia: the area held in the country (day ∩ country, in
full), and the ground gained and lost in it since the previous day ((day − previous) ∩ country,
(previous − day) ∩ country). Writes CSV to stdout:

    /usr/bin/python3 scripts/reference/deepstate-countries.py ../shared/data > fixtures/timeline/deepstate-countries.reference.csv
"""
import json
import os
import sys

from pyproj import Geod
from shapely.geometry import shape

data = sys.argv[1]
geod = Geod(ellps="WGS84")


def km2(g):
    if g.is_empty:
        return 0.0
    parts = getattr(g, "geoms", [g])
    total = 0.0
    for p in parts:
        if p.geom_type != "Polygon":
            continue
        # pyproj's signed area needs the shell counter-clockwise and holes clockwise.
        a, _ = geod.polygon_area_perimeter(*p.exterior.coords.xy)
        total += abs(a)
        for hole in p.interiors:
            h, _ = geod.polygon_area_perimeter(*hole.coords.xy)
            total -= abs(h)
    return total / 1e6


countries = json.load(open(os.path.join(data, "upstream/natural-earth/ne_50m_admin_0_countries.json")))
regions = {f["properties"]["ADMIN"]: shape(f["geometry"]) for f in countries["features"] if f["properties"]["ADMIN"] in ("Ukraine", "Russia")}
sample = os.path.join(data, "samples/deepstate")
files = sorted(f for f in os.listdir(sample) if f.endswith(".geojson"))
print("date,region,area_km2,gained_km2,lost_km2")
previous = None
for f in files:
    day = shape(json.load(open(os.path.join(sample, f)))["features"][0]["geometry"])
    date = f.split("_")[-1][:8]
    for name in ("Russia", "Ukraine"):
        region = regions[name]
        area = km2(day.intersection(region))
        if previous is None:
            print(f"{date},{name},{area!r},,")
        else:
            gained = km2(day.difference(previous).intersection(region))
            lost = km2(previous.difference(day).intersection(region))
            print(f"{date},{name},{area!r},{gained!r},{lost!r}")
    previous = day
