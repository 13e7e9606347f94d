"""make bench: load a state-wide data set, serve it with gunicorn (production settings) and measure.

Writes the figures into docs/BENCHMARKS.md between the markers of the "Throughput" section.
Usage: python bench/run.py [--duration 10] [--connections 10] [--quick]
"""

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import (  # noqa: E402
    database_url,
    gunicorn,
    machine,
    manage,
    production_env,
    redis_url,
)
from bench.report import write_section  # noqa: E402

START = "<!-- throughput:start -->"
END = "<!-- throughput:end -->"
FULL = {"organisations": 20_000, "meetings": 400, "registrations": 10_000, "applications": 5_000}
QUICK = {"organisations": 2_000, "meetings": 40, "registrations": 1_000, "applications": 500}


def wrk(url: str, duration: int, connections: int) -> dict:
    script = str(Path(__file__).with_name("latency.lua"))
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "-s", script, url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def warm_up(url: str, rounds: int) -> None:
    """Reach every worker a few times (imports, connections, caches) before measuring; fail unless 200."""
    import urllib.request

    for _ in range(rounds):
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--connections", type=int, default=10, help="concurrent clients")
    parser.add_argument("--quick", action="store_true", help="a tenth of the data, for a try-out")
    args = parser.parse_args()
    started = time.monotonic()
    sizes = QUICK if args.quick else FULL

    env = production_env(database_url(), REDIS_URL=redis_url())
    os.environ.update(env)
    print("migrating and loading the data set ...", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    from bench import dataset

    dataset.ensure(sizes)
    pages = dataset.pages()
    pdf_times = dataset.pdf_render_times()

    workers = (os.cpu_count() or 1) * 2 + 1
    modes = {}
    for mode, seconds in (("cached", "60"), ("uncached", "0")):
        print(f"-- {mode} (PORTAL_PUBLIC_CACHE_SECONDS={seconds})", flush=True)
        rows = []
        with gunicorn({**env, "PORTAL_PUBLIC_CACHE_SECONDS": seconds}) as base:
            for name, path in pages:
                warm_up(base + path, rounds=4 * workers)
                figures = wrk(base + path, args.duration, args.connections)
                rows.append((name, path, figures))
                print(f"{name:38} {figures['rps']:8.1f} req/s  p95 {figures['p95_ms']:7.2f} ms", flush=True)
        modes[mode] = rows

    ceiling = modes["uncached"][0][2]["rps"]
    cache = f"Redis ({env['REDIS_URL']})" if env.get("REDIS_URL") else "local memory"
    lines = [
        START,
        f"Measured {date.today():%Y-%m-%d} on {machine()}; gunicorn with {workers} sync workers and the "
        f"production settings on 127.0.0.1, cache in {cache}, wrk with {args.connections} connections for "
        f"{args.duration} s per page, on the same machine. Data: "
        + ", ".join(f"{count:,} {what}" for what, count in sizes.items())
        + f". Command: `make bench` (`python bench/run.py{' --quick' if args.quick else ''}`).",
        "",
        "Anonymous visitors get public pages from a 60-second cache (`PORTAL_PUBLIC_CACHE_SECONDS`, the "
        "production default); logged-in people always get fresh pages, which the second run measures with "
        "the cache switched off. Share = requests/s relative to the bare Django view (the machine's "
        "ceiling).",
        "",
        "| page | cached req/s | share | p50 ms | p95 ms | p99 ms | uncached req/s | share | p95 ms "
        "| errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for (name, path, c), (_, _, u) in zip(modes["cached"], modes["uncached"], strict=True):
        errors = sum(f["http_errors"] + f["socket_errors"] for f in (c, u))
        lines.append(
            f"| {name} (`{path}`) | {c['rps']:.0f} | {c['rps'] / ceiling:.0%} | {c['p50_ms']:.1f} | "
            f"{c['p95_ms']:.1f} | {c['p99_ms']:.1f} | {u['rps']:.0f} | {u['rps'] / ceiling:.0%} | "
            f"{u['p95_ms']:.1f} | {errors} |"
        )
    if pdf_times:
        lines += ["", "| PDF | median ms | runs |", "|---|---:|---:|"]
        lines += [f"| {name} | {median:.0f} | {runs} |" for name, median, runs in pdf_times]
    lines += ["", f"Whole run: {time.monotonic() - started:.0f} s.", END]
    write_section(START, END, "\n".join(lines), "## Throughput and latency under load")
    print(f"done in {time.monotonic() - started:.0f} s; figures in docs/BENCHMARKS.md")


if __name__ == "__main__":
    main()
