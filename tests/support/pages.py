"""Small PDFs drawn with reportlab for layout tests: columns, tables, margins, turned text.

Text is set line by line at known places, so that each test knows the true reading order.
Words come from a seeded generator; lines are filled greedily to the box width.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

FONT = "Helvetica"
VOCABULARY = (
    "care",
    "services",
    "community",
    "people",
    "health",
    "social",
    "policy",
    "local",
    "partners",
    "support",
    "outcomes",
    "evidence",
    "design",
    "public",
    "reform",
    "integration",
    "authority",
    "delivery",
    "funding",
    "families",
    "housing",
    "practice",
    "staff",
    "carers",
    "strategy",
    "review",
    "prevention",
    "wellbeing",
    "commissioning",
    "scrutiny",
)


def sentences(count: int, *, seed: int, words: int = 14) -> list[str]:
    """``count`` seeded sentences of about ``words`` words."""
    rng = random.Random(seed)
    result = []
    for _ in range(count):
        chosen = [rng.choice(VOCABULARY) for _ in range(rng.randint(words - 4, words + 4))]
        result.append(" ".join(chosen).capitalize() + ".")
    return result


def wrap(text: str, width: float, size: float) -> list[str]:
    """Greedy line breaking of ``text`` to ``width`` points."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and stringWidth(trial, FONT, size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return lines + ([current] if current else [])


@dataclass
class Sheet:
    """One page being drawn: a canvas, the text drawn so far in reading order."""

    canvas: Canvas
    width: float = A4[0]
    height: float = A4[1]
    truth: list[str] = field(default_factory=list)

    def block(self, text: str, x: float, top: float, width: float, *, size: float = 10.0) -> float:
        """Draw ``text`` wrapped in a box; returns the y below it (top measured from the top)."""
        self.canvas.setFont(FONT, size)
        y = top
        for line in wrap(text, width, size):
            y += 1.2 * size
            self.canvas.drawString(x, self.height - y, line)
        self.truth.append(text)
        return y + 0.6 * size

    def columns(
        self, paragraphs: list[str], top: float, *, count: int = 2, gutter: float = 20.0
    ) -> float:
        """Fill ``count`` equal columns with ``paragraphs`` (split evenly); returns the bottom."""
        width = (self.width - 120 - gutter * (count - 1)) / count
        share = -(-len(paragraphs) // count)
        bottom = top
        for index in range(count):
            y = top
            for paragraph in paragraphs[index * share : (index + 1) * share]:
                y = self.block(paragraph, 60 + index * (width + gutter), y, width)
            bottom = max(bottom, y)
        return bottom

    def table(
        self, rows: list[list[str]], top: float, *, ruled: bool, width: float | None = None
    ) -> float:
        """Draw a table of short cells across the page (or ``width`` points of it, from the
        left margin), with or without rules."""
        self.canvas.setFont(FONT, 9)
        cell = (width or self.width - 120) / len(rows[0])
        y = top
        for row in rows:
            y += 14
            for index, text in enumerate(row):
                self.canvas.drawString(60 + index * cell, self.height - y, text)
            if ruled:
                right = 60 + width if width else self.width - 60
                self.canvas.line(60, self.height - y - 4, right, self.height - y - 4)
        return y + 12


def new_pdf(path: Path) -> tuple[Canvas, Sheet]:
    """A canvas writing ``path`` and a sheet for its first page."""
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setTitle(path.stem)
    canvas.setCreator("tests")
    canvas.setProducer("tests")
    return canvas, Sheet(canvas)
