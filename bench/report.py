"""Write a benchmark's figures into docs/BENCHMARKS.md between its own markers."""

from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "docs" / "BENCHMARKS.md"


def write_section(start: str, end: str, section: str, heading: str) -> None:
    """Replace what stands between the markers; the first time, append ``heading`` and the section.

    ``section`` starts with ``start`` and ends with ``end``; ``heading`` is the Markdown put before it.
    """
    text = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else "# Benchmarks\n"
    if start in text:
        head, rest = text.split(start, 1)
        text = head + section + rest.split(end, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + heading.strip() + "\n\n" + section + "\n"
    BENCHMARKS.write_text(text, encoding="utf-8")
