"""Maps: where an episode's contacts took place, on coastlines shipped with basemap."""
from __future__ import annotations

from functools import lru_cache

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import PolyCollection
import pandas as pd

from . import svg
from .charts import dot, finish
from .labels import plural

MAP_HEIGHT = 4.4  # inches the map itself takes of the figure's 6: its width follows from the places it shows


def map_extent(latitudes, longitudes) -> tuple[float, float, float, float]:
    """The map that shows every place given and, at least, the United States and Cuba, with a margin: (south,
    north, west, east) in degrees."""
    lat0, lat1 = min([10.0, *latitudes]) - 5, max([50.0, *latitudes]) + 5
    lon0, lon1 = min([-100.0, *longitudes]) - 5, max([-60.0, *longitudes]) + 5
    return max(lat0, -85), min(lat1, 85), max(lon0, -180), min(lon1, 180)


@lru_cache(maxsize=8)
def coastlines(south: float, north: float, west: float, east: float):
    """The coastlines and borders of one extent, shipped with basemap (no download): reading them takes a tenth
    of a second, so each extent is read once per process (a build's kernel template reads the usual one)."""
    from mpl_toolkits.basemap import Basemap

    return Basemap(projection="cyl", llcrnrlat=south, urcrnrlat=north, llcrnrlon=west, urcrnrlon=east,
                   resolution="c")


def _fill_land(world, ax, land: str = "#f2f2f2", lake: str = "white") -> None:
    """Land filled, lakes left white, as basemap's fillcontinents does, in one collection, not a patch per
    polygon (a tenth of a second less for each map)."""
    polygons = [np.column_stack(xy) for xy in world.coastpolygons]
    colours = [lake if kind in (2, 4) else land for kind in world.coastpolygontypes]  # 2, 4: lake, pond
    ax.add_collection(PolyCollection(polygons, facecolors=colours, edgecolors="face", linewidths=0, zorder=1),
                      autolim=False)
    world.set_axes_limits(ax=ax)


def contact_map(contacts: pd.DataFrame, data, title: str):
    """Where contacts took place, on coastlines shipped with basemap."""
    placed = contacts.dropna(subset=["latitude"])
    counts = placed.groupby(["city", "latitude", "longitude"]).size().reset_index(name="n")
    south, north, west, east = extent = map_extent(counts["latitude"], counts["longitude"])
    fig, ax = plt.subplots(figsize=(min(10, max(6, MAP_HEIGHT * (east - west) / (north - south) + 1.5)), 6))
    world = coastlines(*extent)
    world.drawcoastlines(linewidth=0.5, color="#666666", ax=ax)
    world.drawcountries(linewidth=0.3, color="#999999", ax=ax)
    _fill_land(world, ax)
    for row in counts.itertuples():
        mark = dot(ax, row.longitude, row.latitude, 40 + 30 * row.n, "#D55E00", "black", zorder=5)
        svg.mark(mark, f"{row.city}: {plural(row.n, 'contact')}")
        ax.annotate(f"{row.city} ({row.n})", (row.longitude, row.latitude), xytext=(4, 4),
                    textcoords="offset points", fontsize=8, zorder=6)
    ax.set_axis_off()  # a map of places: no degrees to read, and no frame
    svg.data(fig, counts.rename(columns={"n": "contacts"}))
    return finish(fig, ax, data, title, "", "",
                  f"{len(placed)} of {len(contacts)} contacts have a known city.")


def cities_sentence(contacts: pd.DataFrame) -> str:
    """In how many cities an episode's contacts took place, and where most did."""
    cities = contacts.dropna(subset=["city"])["city"].value_counts()
    if not len(cities):
        return "No contact of this episode has a known city."
    return f"Contacts took place in {len(cities)} cities; most in {cities.index[0]} ({cities.iloc[0]})."
