"""A tiny SVG writer that remembers where every label went.

Charts are hand-written SVG (no plotting library): full control over layout, text shaped
by the browser or WeasyPrint (so Persian comes out joined and right to left), nothing to
download. Every text element is registered with its estimated bounding box so that label
placement can avoid collisions and tests can check that no two labels overlap.

Text width is estimated, not measured: ``0.56 × font size`` per Latin character and
``0.50 ×`` per Arabic-script character (Vazirmatn's average advance), which errs on the
wide side so that an estimated gap is a real gap.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from importlib import resources

from markupsafe import Markup, escape

from sabt.report._bidi import FOREIGN, first_strong_is_rtl, has_rtl, strip_marks, visual_order


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str = ""

    def overlaps(self, other: Box, pad: float = 0.0) -> bool:
        return not (self.x1 + pad <= other.x0 or other.x1 + pad <= self.x0
                    or self.y1 + pad <= other.y0 or other.y1 + pad <= self.y0)

    def inside(self, width: float, height: float) -> bool:
        return self.x0 >= -0.5 and self.y0 >= -0.5 and self.x1 <= width + 0.5 and self.y1 <= height + 0.5


def text_width(text: str, size: float) -> float:
    width = 0.0
    for ch in text:
        if "\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff":
            width += 0.50
        elif ch in " .,:;'|!il()[]٬،":
            width += 0.32
        elif ch.isupper() or ch in "mwMW–—":
            width += 0.70
        else:
            width += 0.56
    return width * size


@functools.lru_cache(maxsize=1)
def chart_css() -> str:
    """The charts' stylesheet, written into every SVG: WeasyPrint styles an inline SVG only
    from the SVG's own ``<style>``, browsers from either."""
    return (resources.files("sabt.report") / "static" / "charts.css").read_text(encoding="utf-8")


def fmt(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


@dataclass
class Svg:
    """``Svg(800, 400, title="…", desc="…", rtl=False)``; add shapes, then ``str(svg)``."""

    width: float
    height: float
    title: str
    desc: str = ""
    rtl: bool = False
    visual: bool = False
    css_class: str = "chart"
    parts: list[str] = field(default_factory=list)
    labels: list[Box] = field(default_factory=list)
    defs: list[str] = field(default_factory=list)

    # -- geometry of labels ---------------------------------------------------------
    def box(self, x: float, y: float, text: str, size: float, anchor: str = "left") -> Box:
        """Box of a text whose baseline starts at (x, y); ``anchor`` is left/right/middle."""
        text = strip_marks(text)
        w = text_width(text, size)
        if anchor == "left":
            x0 = x
        elif anchor == "right":
            x0 = x - w
        else:
            x0 = x - w / 2
        return Box(x0, y - size * 0.80, x0 + w, y + size * 0.25, text)

    def free(self, box: Box, pad: float = 1.0, avoid: list[Box] | None = None) -> bool:
        others = self.labels + (avoid or [])
        return box.inside(self.width, self.height) and not any(box.overlaps(o, pad) for o in others)

    # -- shapes -------------------------------------------------------------------------
    def add(self, raw: str) -> None:
        self.parts.append(raw)

    def text(self, x: float, y: float, text: str, size: float = 12, anchor: str = "left",
             cls: str = "", weight: str | None = None, register: bool = True,
             title: str | None = None, fill: str | None = None, halo: bool = False) -> Box:
        """Write a label; it is registered for the overlap check unless ``register=False``."""
        box = self.box(x, y, text, size, anchor)
        if register:
            self.labels.append(box)
        svg_anchor = {"left": "start", "right": "end", "middle": "middle"}[anchor]
        rtl_text = self.rtl and first_strong_is_rtl(text)
        shown = text.replace(FOREIGN, "")  # browsers apply the isolates (see _bidi)
        if self.visual and has_rtl(strip_marks(text)):
            shown, rtl_text = visual_order(text), False
        elif self.visual:
            shown = strip_marks(text)
        if rtl_text and anchor != "middle":
            svg_anchor = "end" if svg_anchor == "start" else "start"
        attrs = [f'x="{fmt(x)}"', f'y="{fmt(y)}"', f'font-size="{fmt(size)}"',
                 f'text-anchor="{svg_anchor}"']
        if self.rtl:
            attrs.append('direction="rtl"' if rtl_text else 'direction="ltr"')
        if cls:
            attrs.append(f'class="{escape(cls)}"')
        if weight:
            attrs.append(f'font-weight="{weight}"')
        if fill:
            attrs.append(f'fill="{escape(fill)}"')
        if halo:  # a white outline drawn underneath, so labels stay legible over lines
            halo_attrs = [a for a in attrs if not a.startswith("class=")]
            if any(word in cls.split() for word in ("strong", "count")) and not weight:
                halo_attrs.append('font-weight="700"')
            self.parts.append(f"<text {' '.join(halo_attrs)} class=\"halo\" aria-hidden=\"true\">"
                              f"{escape(shown)}</text>")
        inner = escape(shown)
        if title:
            inner = Markup(f"<title>{escape(title)}</title>") + inner
        self.parts.append(f"<text {' '.join(attrs)}>{inner}</text>")
        return box

    def line(self, x1, y1, x2, y2, cls="", **style) -> None:
        self.parts.append(f'<line x1="{fmt(x1)}" y1="{fmt(y1)}" x2="{fmt(x2)}" y2="{fmt(y2)}"'
                          f'{_cls(cls)}{_style(style)}/>')

    def rect(self, x, y, w, h, cls="", title: str | None = None, **style) -> None:
        inner = f"<title>{escape(title)}</title>" if title else ""
        self.parts.append(f'<rect x="{fmt(x)}" y="{fmt(y)}" width="{fmt(max(w, 0))}" '
                          f'height="{fmt(max(h, 0))}"{_cls(cls)}{_style(style)}>{inner}</rect>')

    def circle(self, cx, cy, r, cls="", title: str | None = None, **style) -> None:
        inner = f"<title>{escape(title)}</title>" if title else ""
        self.parts.append(f'<circle cx="{fmt(cx)}" cy="{fmt(cy)}" r="{fmt(r)}"{_cls(cls)}'
                          f'{_style(style)}>{inner}</circle>')

    def path(self, d: str, cls="", title: str | None = None, **style) -> None:
        inner = f"<title>{escape(title)}</title>" if title else ""
        self.parts.append(f'<path d="{d}"{_cls(cls)}{_style(style)}>{inner}</path>')

    def polyline(self, points: list[tuple[float, float]], cls="", **style) -> None:
        pts = " ".join(f"{fmt(x)},{fmt(y)}" for x, y in points)
        self.parts.append(f'<polyline points="{pts}" fill="none"{_cls(cls)}{_style(style)}/>')

    def polygon(self, points: list[tuple[float, float]], cls="", **style) -> None:
        pts = " ".join(f"{fmt(x)},{fmt(y)}" for x, y in points)
        self.parts.append(f'<polygon points="{pts}"{_cls(cls)}{_style(style)}/>')

    def marker(self, kind: str, cx: float, cy: float, r: float, cls="", title=None, **style):
        """circle, up (triangle: a lower bound), diamond, square, star."""
        if kind == "circle":
            return self.circle(cx, cy, r, cls, title, **style)
        if kind == "up":
            pts = [(cx, cy - r * 1.2), (cx - r, cy + r * 0.8), (cx + r, cy + r * 0.8)]
        elif kind == "diamond":
            pts = [(cx, cy - r * 1.3), (cx + r * 1.3, cy), (cx, cy + r * 1.3), (cx - r * 1.3, cy)]
        elif kind == "square":
            pts = [(cx - r, cy - r), (cx + r, cy - r), (cx + r, cy + r), (cx - r, cy + r)]
        elif kind == "star":
            pts = []
            for i in range(10):
                a = math.pi / 2 + i * math.pi / 5
                rr = r * 1.6 if i % 2 == 0 else r * 0.7
                pts.append((cx + rr * math.cos(a), cy - rr * math.sin(a)))
        else:
            raise ValueError(kind)
        d = "M" + " L".join(f"{fmt(x)} {fmt(y)}" for x, y in pts) + " Z"
        return self.path(d, cls, title, **style)

    def __str__(self) -> str:
        defs = f"<defs>{''.join(self.defs)}</defs>" if self.defs else ""
        direction = ' direction="rtl"' if self.rtl else ""
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="{self.css_class}" role="img" '
            f'viewBox="0 0 {fmt(self.width)} {fmt(self.height)}" '
            f'width="{fmt(self.width)}" height="{fmt(self.height)}"{direction} '
            f'preserveAspectRatio="xMidYMid meet">'
            f"<title>{escape(self.title)}</title><desc>{escape(self.desc)}</desc>"
            f"<style>{chart_css()}</style>{defs}"
            + "".join(self.parts) + "</svg>"
        )

    def markup(self) -> Markup:
        return Markup(str(self))


def _cls(cls: str) -> str:
    return f' class="{escape(cls)}"' if cls else ""


def _style(style: dict) -> str:
    out = []
    for key, value in style.items():
        if value is None:
            continue
        out.append(f' {key.replace("_", "-")}="{escape(str(value))}"')
    return "".join(out)


def spread(wanted: list[float], gap: float, lo: float, hi: float) -> list[float]:
    """Positions as close as possible to ``wanted`` (any order), at least ``gap`` apart, in [lo, hi].

    >>> spread([10, 11, 12], 5, 0, 100)
    [6.0, 11.0, 16.0]
    """
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    pos = [min(max(float(wanted[i]), lo), hi) for i in order]
    for _ in range(len(pos) + 1):
        # merge clusters that are too close and centre each on the mean of its wishes
        clusters: list[list[int]] = []
        for k in range(len(pos)):
            if clusters and pos[k] - pos[clusters[-1][-1]] < gap - 1e-9:
                clusters[-1].append(k)
            else:
                clusters.append([k])
        if all(len(cl) == 1 for cl in clusters):
            break
        for cl in clusters:
            mean = sum(min(max(wanted[order[k]], lo), hi) for k in cl) / len(cl)
            start = mean - gap * (len(cl) - 1) / 2
            for j, k in enumerate(cl):
                pos[k] = start + j * gap
    # hard constraints: inside [lo, hi] when there is room, and ``gap`` apart always
    for k in range(len(pos)):
        pos[k] = max(pos[k], lo if k == 0 else pos[k - 1] + gap)
    for k in reversed(range(len(pos))):
        pos[k] = min(pos[k], hi if k == len(pos) - 1 else pos[k + 1] - gap)
    for k in range(len(pos)):
        pos[k] = max(pos[k], lo if k == 0 else pos[k - 1] + gap)
    result = [0.0] * len(wanted)
    for k, i in enumerate(order):
        result[i] = round(pos[k], 3)
    return result
