"""The state-wide data set for the load benchmarks, and the pages measured on it.

Each app's generator lives in bench/data_<app>.py with ``ensure(count)``; it adds what is missing,
so a second run reuses the data.
"""

import statistics
import time
from importlib import import_module
from importlib.util import find_spec


def _setup():
    import django

    django.setup()


def ensure(sizes: dict) -> None:
    _setup()
    for module_name in (
        "bench.data_organisations",
        "bench.data_meetings",
        "bench.data_funding",
        "bench.data_conferences",
    ):
        if find_spec(module_name):
            started = time.monotonic()
            import_module(module_name).ensure(sizes)
            print(f"  {module_name}: {time.monotonic() - started:.1f} s", flush=True)


def pages() -> list[tuple[str, str]]:
    """(name, path) of every page measured; the bare view first, as the ceiling."""
    _setup()
    result = [("bare Django view (ceiling)", "/bench/ok"), ("home", "/"), ("network page", "/netzwerk/")]
    for module_name in ("bench.data_organisations", "bench.data_meetings", "bench.data_conferences"):
        if find_spec(module_name):
            result += import_module(module_name).pages()
    return result


def pdf_render_times(runs: int = 15) -> list[tuple[str, float, int]]:
    _setup()
    result = []
    for module_name in ("bench.data_funding", "bench.data_meetings"):
        if find_spec(module_name) and hasattr(import_module(module_name), "pdfs"):
            for name, render in import_module(module_name).pdfs():
                render()  # first render loads fonts
                times = []
                for _ in range(runs):
                    started = time.perf_counter()
                    render()
                    times.append((time.perf_counter() - started) * 1000)
                result.append((name, statistics.median(times), runs))
    return result
