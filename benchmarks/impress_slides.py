"""Both engines on slides typeset by LibreOffice Impress: a layout family no fix was made for.

Usage (from the repository root; Debian's ``libreoffice-impress-nogui`` installed):

    PYTHONPATH=workflow:. python benchmarks/impress_slides.py [--slides 20] [--out DIR]

Five decks of 16:9 slides, written here as flat ODP (one XML file) from the typeset
corpus's seeded policy prose (:class:`tests.support.typeset.Prose`) and printed to PDF by
``soffice --headless --convert-to pdf``. Every slide has a title frame in 30 pt type over
its body frames in 18 pt:

- ``bullets``: one body frame of four sentences;
- ``two_frames``: two body frames side by side;
- ``footer``: one body frame, a footer line and the slide's number in 10 pt at its foot;
- ``three_frames``: three narrow body frames side by side (two to four words a line);
- ``callout``: a body frame and, beside it, a narrow frame of one sentence.

The truth of a slide is its title, then each frame's sentences, frame by frame, left to
right (the footer and the slide number are left out). Printed per deck: recall and
precision of words (:func:`tests.support.scoring.score_text`) for each engine, plain
pdfplumber ``extract_text()`` and raw pypdfium2 text, and each engine's status and message.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from policytext.extract.engines import ENGINES, extract_document  # noqa: E402
from tests.support.scoring import METHODS, extract_with, score_text  # noqa: E402
from tests.support.typeset import Prose, convert_with_soffice, plain  # noqa: E402

_NAMESPACES = " ".join(
    f'xmlns:{prefix}="urn:oasis:names:tc:opendocument:xmlns:{name}"'
    for prefix, name in [
        ("office", "office:1.0"),
        ("style", "style:1.0"),
        ("text", "text:1.0"),
        ("draw", "drawing:1.0"),
        ("fo", "xsl-fo-compatible:1.0"),
        ("svg", "svg-compatible:1.0"),
        ("presentation", "presentation:1.0"),
    ]
)

#: Paragraph styles: the title, the body and the footer, all in Liberation Sans.
_STYLES = {"title": ("30pt", "bold"), "body": ("18pt", "normal"), "small": ("10pt", "normal")}

#: A frame: (x, y, width, height) in cm on a 28 x 15.75 cm slide, and its paragraphs.
Frame = tuple[tuple[float, float, float, float], list[str], str]


def flat_odp(slides: list[list[Frame]]) -> str:
    """A flat ODP document (one XML file) of ``slides``, each a list of text frames."""
    paragraph_styles = "".join(
        f'<style:style style:name="{name}" style:family="paragraph">'
        f'<style:paragraph-properties fo:margin-bottom="0.25cm"/>'
        f'<style:text-properties fo:font-size="{size}" fo:font-weight="{weight}" '
        f"fo:font-family=\"'Liberation Sans'\"/></style:style>"
        for name, (size, weight) in _STYLES.items()
    )
    pages = "".join(
        f'<draw:page draw:name="slide{number}" draw:master-page-name="Default">'
        + "".join(_frame(*frame) for frame in frames)
        + "</draw:page>"
        for number, frames in enumerate(slides, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<office:document {_NAMESPACES} office:version="1.3" '
        'office:mimetype="application/vnd.oasis.opendocument.presentation">'
        '<office:styles><style:style style:name="plain" style:family="graphic">'
        '<style:graphic-properties draw:stroke="none" draw:fill="none"/></style:style>'
        "</office:styles><office:automatic-styles>"
        '<style:page-layout style:name="slide"><style:page-layout-properties '
        'fo:margin-top="0cm" fo:margin-bottom="0cm" fo:margin-left="0cm" '
        'fo:margin-right="0cm" fo:page-width="28cm" fo:page-height="15.75cm" '
        'style:print-orientation="landscape"/></style:page-layout>'
        f"{paragraph_styles}</office:automatic-styles><office:master-styles>"
        '<style:master-page style:name="Default" style:page-layout-name="slide"/>'
        f"</office:master-styles><office:body><office:presentation>{pages}"
        "</office:presentation></office:body></office:document>\n"
    )


def _frame(box: tuple[float, float, float, float], paragraphs: list[str], style: str) -> str:
    """One text frame of the flat ODP."""
    x, y, width, height = box
    text = "".join(f'<text:p text:style-name="{style}">{escape(p)}</text:p>' for p in paragraphs)
    return (
        f'<draw:frame draw:style-name="plain" svg:x="{x}cm" svg:y="{y}cm" '
        f'svg:width="{width}cm" svg:height="{height}cm"><draw:text-box>{text}'
        "</draw:text-box></draw:frame>"
    )


def _title(prose: Prose) -> Frame:
    return (1.5, 0.8, 25.0, 2.5), [plain(prose.heading())], "title"


def _sentences(prose: Prose, count: int) -> list[str]:
    return [plain(prose.sentence()) for _ in range(count)]


def bullets_slide(prose: Prose, number: int) -> list[Frame]:
    """A title over one body frame of four sentences."""
    return [_title(prose), ((1.5, 3.6, 25.0, 11.0), _sentences(prose, 4), "body")]


def two_frames_slide(prose: Prose, number: int) -> list[Frame]:
    """A title over two body frames side by side, two sentences each."""
    return [
        _title(prose),
        ((1.5, 3.6, 12.0, 11.0), _sentences(prose, 2), "body"),
        ((14.5, 3.6, 12.0, 11.0), _sentences(prose, 2), "body"),
    ]


def footer_slide(prose: Prose, number: int) -> list[Frame]:
    """A title over one body frame, with a footer line and the slide's number."""
    return [
        _title(prose),
        ((1.5, 3.6, 25.0, 10.0), _sentences(prose, 3), "body"),
        ((1.5, 14.6, 15.0, 0.8), ["Scottish Co-production Network briefing"], "small"),
        ((25.0, 14.6, 2.0, 0.8), [str(number)], "small"),
    ]


def three_frames_slide(prose: Prose, number: int) -> list[Frame]:
    """A title over three narrow body frames side by side, one sentence each."""
    return [_title(prose)] + [
        ((1.5 + 8.5 * column, 3.6, 7.8, 11.0), _sentences(prose, 1), "body") for column in range(3)
    ]


def callout_slide(prose: Prose, number: int) -> list[Frame]:
    """A title over a body frame of two sentences and, beside it, a narrow frame of one."""
    return [
        _title(prose),
        ((1.5, 3.6, 16.0, 11.0), _sentences(prose, 2), "body"),
        ((19.0, 4.6, 7.5, 8.0), _sentences(prose, 1), "body"),
    ]


DECKS: dict[str, Callable[[Prose, int], list[Frame]]] = {
    "bullets": bullets_slide,
    "two_frames": two_frames_slide,
    "footer": footer_slide,
    "three_frames": three_frames_slide,
    "callout": callout_slide,
}


def slide_truth(frames: list[Frame]) -> str:
    """What a slide should read as: its title and body frames, left to right."""
    kept = [frame for frame in frames if frame[2] != "small"]
    return "\n".join(paragraph for _, paragraphs, _ in kept for paragraph in paragraphs)


def build_decks(out: Path, *, slides: int) -> dict[str, Path]:
    """Write each deck's PDF and truth into ``out``; the PDFs by deck name."""
    sources = []
    for seed, (name, slide) in enumerate(DECKS.items(), start=1):
        prose = Prose(seed)
        deck = [slide(prose, number) for number in range(1, slides + 1)]
        source = out / f"im_{name}.fodp"
        source.write_text(flat_odp(deck), encoding="utf-8")
        (out / f"im_{name}.txt").write_text(
            "\n\n".join(slide_truth(frames) for frames in deck) + "\n", encoding="utf-8"
        )
        sources.append(source)
    convert_with_soffice(sources, out)
    return {name: out / f"im_{name}.pdf" for name in DECKS}


def score_decks(pdfs: dict[str, Path]) -> None:
    """Print each deck's scores by method, and each engine's status and message."""
    print("deck          method               recall  precision  status")
    for name, pdf in pdfs.items():
        truth = pdf.with_suffix(".txt").read_text(encoding="utf-8")
        messages = []
        for method in METHODS:
            if method in ENGINES:
                result = extract_document(pdf, engine=method, timeout=None)
                text, status = result.text, result.status
                if result.message:
                    messages.append(f"  {method}: {result.message}")
            else:
                text, status = extract_with(method, pdf), ""
            score = score_text(truth, text)
            print(
                f"{name:<13} {method:<19} {score.recall:>7.4f}  {score.precision:>9.4f}  {status}"
            )
        for message in messages:
            print(message)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slides", type=int, default=20, help="slides a deck")
    parser.add_argument("--out", type=Path, default=None, help="keep the decks in this folder")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        score_decks(build_decks(args.out, slides=args.slides))
        return
    with tempfile.TemporaryDirectory(prefix="impress-") as folder:
        score_decks(build_decks(Path(folder), slides=args.slides))


if __name__ == "__main__":
    main()
