"""Hazard-characteristic pictograms as plain vector shapes, so PDF and PNG draw the same thing."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from hazchem.domain.errors import InvalidInput
from hazchem.domain.vocab import HAZARD_CHARACTERISTICS
from hazchem.render import messages as msg

Point = tuple[float, float]
Color = tuple[int, int, int]

BLACK: Color = (0, 0, 0)
WHITE: Color = (255, 255, 255)
RED: Color = (220, 0, 0)

# Chinese names printed under each pictogram (国家危险废物名录 characteristics).
CHARACTERISTIC_NAMES = {"T": "毒性", "C": "腐蚀性", "I": "易燃性", "R": "反应性", "In": "感染性"}


@dataclass(frozen=True)
class Poly:
    """A polygon (closed) or polyline (open) in the unit square, y pointing up."""

    points: tuple[Point, ...]
    fill: Color | None = None
    stroke: Color | None = None
    width: float = 0.0
    closed: bool = True


@dataclass(frozen=True)
class Circle:
    """A circle in the unit square."""

    cx: float
    cy: float
    r: float
    fill: Color | None = None
    stroke: Color | None = None
    width: float = 0.0


Shape = Poly | Circle


def check_characteristics(codes: Sequence[str]) -> tuple[str, ...]:
    """Return the codes in the catalogue's order, refusing any that are not T, C, I, R or In."""
    unknown = [c for c in codes if c not in CHARACTERISTIC_NAMES]
    if unknown:
        raise InvalidInput(
            msg.PICTOGRAM_UNKNOWN_CHARACTERISTICS,
            unknown=", ".join(unknown),
            expected=", ".join(HAZARD_CHARACTERISTICS),
            details=[{"field": "characteristics", "value": list(codes)}],
        )
    return tuple(c for c in HAZARD_CHARACTERISTICS if c in codes)


def _bezier(p0: Point, p1: Point, p2: Point, p3: Point, steps: int = 10) -> list[Point]:
    """Flatten a cubic Bézier (without its first point) so both backends need only polygons."""
    out = []
    for i in range(1, steps + 1):
        t = i / steps
        u = 1 - t
        out.append(
            (
                u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
            )
        )
    return out


def _path(start: Point, *curves: tuple[Point, Point, Point]) -> tuple[Point, ...]:
    """Chain cubic curves from a start point into one flattened outline."""
    points = [start]
    for c1, c2, end in curves:
        points.extend(_bezier(points[-1], c1, c2, end))
    return tuple(points)


def _bar(a: Point, b: Point, half_width: float) -> tuple[Point, ...]:
    """A rectangle of the given half width along the segment a–b."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy)
    nx, ny = -dy / length * half_width, dx / length * half_width
    return ((a[0] + nx, a[1] + ny), (b[0] + nx, b[1] + ny), (b[0] - nx, b[1] - ny), (a[0] - nx, a[1] - ny))


def _frame() -> list[Shape]:
    """The white diamond with a red border that frames every hazard pictogram."""
    diamond = ((0.5, 0.02), (0.98, 0.5), (0.5, 0.98), (0.02, 0.5))
    return [Poly(diamond, fill=WHITE, stroke=RED, width=0.07)]


def _toxic() -> list[Shape]:
    """Skull and crossbones."""
    shapes: list[Shape] = []
    for a, b in (((0.31, 0.28), (0.69, 0.47)), ((0.31, 0.47), (0.69, 0.28))):
        shapes.append(Poly(_bar(a, b, 0.025), fill=BLACK))
        for end in (a, b):
            for off in (-0.022, 0.022):
                shapes.append(Circle(end[0], end[1] + off, 0.026, fill=BLACK))
    shapes += [
        Circle(0.5, 0.6, 0.135, fill=BLACK),
        Poly(((0.43, 0.38), (0.57, 0.38), (0.58, 0.52), (0.42, 0.52)), fill=BLACK),
        Circle(0.448, 0.605, 0.04, fill=WHITE),
        Circle(0.552, 0.605, 0.04, fill=WHITE),
        Poly(((0.5, 0.56), (0.475, 0.515), (0.525, 0.515)), fill=WHITE),
    ]
    for x in (0.465, 0.5, 0.535):
        shapes.append(Poly(_bar((x, 0.385), (x, 0.44), 0.007), fill=WHITE))
    return shapes


def _flame() -> list[Shape]:
    """A flame over a base line."""
    outer = _path(
        (0.5, 0.3),
        ((0.36, 0.3), (0.32, 0.42), (0.38, 0.52)),
        ((0.41, 0.57), (0.42, 0.63), (0.41, 0.69)),
        ((0.47, 0.65), (0.5, 0.6), (0.5, 0.56)),
        ((0.55, 0.63), (0.57, 0.7), (0.54, 0.79)),
        ((0.65, 0.7), (0.7, 0.56), (0.66, 0.44)),
        ((0.64, 0.35), (0.58, 0.3), (0.5, 0.3)),
    )
    inner = _path(
        (0.52, 0.33),
        ((0.45, 0.33), (0.43, 0.4), (0.46, 0.46)),
        ((0.48, 0.5), (0.5, 0.52), (0.53, 0.57)),
        ((0.6, 0.5), (0.61, 0.42), (0.59, 0.37)),
        ((0.57, 0.34), (0.55, 0.33), (0.52, 0.33)),
    )
    return [
        Poly(outer, fill=BLACK),
        Poly(inner, fill=WHITE),
        Poly(((0.32, 0.24), (0.68, 0.24), (0.68, 0.275), (0.32, 0.275)), fill=BLACK),
    ]


def _corrosive() -> list[Shape]:
    """Liquid from two test tubes eating into a hand and a metal bar."""
    shapes: list[Shape] = []
    for mouth, tail in (((0.43, 0.6), (0.33, 0.74)), ((0.57, 0.6), (0.67, 0.74))):
        shapes.append(Poly(_bar(mouth, tail, 0.03), fill=WHITE, stroke=BLACK, width=0.015))
        shapes.append(
            Poly(_bar(mouth, ((mouth[0] + tail[0]) / 2, (mouth[1] + tail[1]) / 2), 0.03), fill=BLACK)
        )
    for x, y in ((0.42, 0.53), (0.41, 0.47), (0.58, 0.53), (0.59, 0.47)):
        shapes.append(Poly(((x, y + 0.035), (x - 0.016, y), (x + 0.016, y)), fill=BLACK))
        shapes.append(Circle(x, y, 0.016, fill=BLACK))
    # Hand (left) with a bite taken out where the drops land, metal bar (right) likewise.
    shapes += [
        Poly(((0.26, 0.33), (0.46, 0.33), (0.46, 0.42), (0.26, 0.42)), fill=BLACK),
        Circle(0.415, 0.42, 0.03, fill=WHITE),
        Poly(((0.54, 0.33), (0.74, 0.33), (0.74, 0.4), (0.54, 0.4)), fill=BLACK),
        Circle(0.585, 0.4, 0.03, fill=WHITE),
        Poly(((0.22, 0.28), (0.78, 0.28), (0.72, 0.22), (0.28, 0.22)), fill=BLACK),
    ]
    return shapes


def _explosive() -> list[Shape]:
    """An exploding bomb: a starburst with flying fragments around a black core."""
    outer: list[Point] = []
    for i in range(24):
        angle = math.pi / 2 + i * math.pi / 12
        r = 0.25 if i % 2 == 0 else 0.13
        outer.append((0.5 + r * math.cos(angle), 0.5 + r * math.sin(angle)))
    inner = [((x - 0.5) * 0.6 + 0.5, (y - 0.5) * 0.6 + 0.5) for x, y in outer]
    return [
        Poly(tuple(outer), fill=BLACK),
        Poly(tuple(inner), fill=WHITE),
        Circle(0.5, 0.5, 0.07, fill=BLACK),
    ]


def _biohazard() -> list[Shape]:
    """The biohazard trefoil: three crescents around a ring."""
    shapes: list[Shape] = []
    angles = [math.radians(a) for a in (90, 210, 330)]
    for a in angles:
        shapes.append(Circle(0.5 + 0.1 * math.cos(a), 0.5 + 0.1 * math.sin(a), 0.12, fill=BLACK))
    for a in angles:
        shapes.append(Circle(0.5 + 0.135 * math.cos(a), 0.5 + 0.135 * math.sin(a), 0.085, fill=WHITE))
    shapes += [Circle(0.5, 0.5, 0.085, stroke=BLACK, width=0.028), Circle(0.5, 0.5, 0.035, fill=WHITE)]
    for a in angles:
        # The white gaps where the ring meets each crescent's opening.
        ca, sa = math.cos(a + math.pi), math.sin(a + math.pi)
        shapes.append(
            Poly(
                _bar((0.5 + 0.02 * ca, 0.5 + 0.02 * sa), (0.5 + 0.1 * ca, 0.5 + 0.1 * sa), 0.008), fill=WHITE
            )
        )
    return shapes


_BUILDERS = {"T": _toxic, "C": _corrosive, "I": _flame, "R": _explosive, "In": _biohazard}


@cache
def pictogram(code: str) -> tuple[Shape, ...]:
    """Return the frame and symbol of one characteristic in the unit square (computed once)."""
    return tuple(_frame() + _BUILDERS[code]())
