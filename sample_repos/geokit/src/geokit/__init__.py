"""Geometry helpers for location data."""

from geokit.bbox import bbox, contains
from geokit.distance import haversine_km
from geokit.geohash import geohash
from geokit.units import km_to_miles, miles_to_km

__all__ = ["bbox", "contains", "geohash", "haversine_km", "km_to_miles", "miles_to_km"]
