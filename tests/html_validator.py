"""Validate rendered pages with the Nu HTML Checker (vnu.jar from npm, run once for many pages)."""

import json
import subprocess
import tempfile
from pathlib import Path

VNU_JAR = Path(__file__).resolve().parent.parent / "var/tools/node_modules/vnu-jar/build/dist/vnu.jar"


def html_errors(pages: dict[str, str]) -> list[str]:
    """Return 'name: line N: message' for every error the checker finds in the given documents."""
    assert VNU_JAR.exists(), f"{VNU_JAR} is missing: run `make install`"
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for index, (name, html) in enumerate(pages.items()):
            path = Path(folder) / f"page{index}.html"
            path.write_text(html, encoding="utf-8")
            files[path.name] = name
        result = subprocess.run(
            [
                "java",
                "-Xss1m",
                "-jar",
                str(VNU_JAR),
                "--format",
                "json",
                "--errors-only",
                *[str(Path(folder) / f"page{i}.html") for i in range(len(pages))],
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = []
    for message in messages:
        if message.get("type") == "error":
            name = files.get(message.get("url", "").rsplit("/", 1)[-1], message.get("url"))
            errors.append(f"{name}: line {message.get('lastLine')}: {message['message']}")
    return errors
