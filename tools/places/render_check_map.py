"""Draw the province outlines, labels and city dots to SVG (and PNG) to check them by eye.

    python tools/places/render_check_map.py /tmp/places-check.svg  # + PNG if cairosvg is there

Uses only :mod:`sabt.places` (pure Python); cairosvg is optional, for the PNG.  The map
must look like Iran, north up: the Caspian coast at the top, the Persian Gulf bottom-left,
Sistan and Baluchestan bottom-right.
"""

from __future__ import annotations

import sys
from pathlib import Path
from xml.sax.saxutils import escape

from sabt.places import Gazetteer, project, province_svg_paths
from sabt.places.shapes import label_point

PALETTE = ["#e8d8b0", "#c9dbb2", "#b7d3e0", "#e3c2c2", "#d6c8e4", "#f0e1a6"]


def render(width: int = 1000, height: int = 800) -> str:
    gaz = Gazetteer.default()
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, sans-serif">'
        ),
        f'<rect width="{width}" height="{height}" fill="#f7f9fb"/>',
    ]
    for i, (code, d) in enumerate(sorted(province_svg_paths(width, height).items())):
        parts.append(
            f'<path d="{d}" fill="{PALETTE[i % len(PALETTE)]}" fill-rule="evenodd" '
            f'stroke="#555" stroke-width="0.7"><title>{code}</title></path>'
        )
    for province in gaz.provinces():
        x, y = project(*label_point(province.key), width, height)
        parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="10" text-anchor="middle" '
            f'fill="#333">{escape(province.name_en)} {province.key[3:]}</text>'
        )
    cities = sorted(
        (p for p in gaz.iter_places() if p.kind == "city" and p.name_fa),
        key=lambda p: -(p.population or 0),
    )
    for city in cities:
        x, y = project(city.lon, city.lat, width, height)
        r = 4 if (city.population or 0) > 1_000_000 else 2
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="#b00020"/>')
    for city in cities[:12]:
        x, y = project(city.lon, city.lat, width, height)
        parts.append(
            f'<text x="{x + 5:.1f}" y="{y - 4:.1f}" font-size="12" font-weight="bold" '
            f'fill="#7a0015">{escape(city.name_en)} {escape(city.name_fa or "")}</text>'
        )
    for crossing in (p for p in gaz.iter_places() if p.kind == "crossing"):
        x, y = project(crossing.lon, crossing.lat, width, height)
        parts.append(f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="#0050b0"/>')
        parts.append(
            f'<text x="{x - 7:.1f}" y="{y + 3:.1f}" font-size="10" text-anchor="end" '
            f'fill="#0050b0">{escape(crossing.name_en.replace(" border crossing", ""))}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def main(argv: list[str]) -> int:
    out = Path(argv[1] if len(argv) > 1 else "places-check.svg")
    out.write_text(render(), encoding="utf-8")
    try:
        import cairosvg
    except ImportError:
        print(f"wrote {out} (install cairosvg for a PNG)")
        return 0
    png = out.with_suffix(".png")
    cairosvg.svg2png(url=str(out), write_to=str(png))
    print(f"wrote {out} and {png}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
