"""Faults under load: PostgreSQL restarts in the middle of a load run with writes.

Expected: while the database is away, requests fail with the styled 503 page (never an unstyled
error, never a hang); afterwards the same gunicorn workers serve normally again (no restart); and the
invariants of bench/load_writes.py hold: nothing half-written, nothing twice, no meeting overbooked.

Usage: python bench/faults.py [--users 20] [--seconds 40]
Restarts the embedded PostgreSQL, or with DATABASE_URL on this machine's cluster the local
PostgreSQL service (pg_ctlcluster). Exits 1 when an expectation fails.
"""

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import database_url, gunicorn, manage, production_env  # noqa: E402
from bench.load_writes import check_invariants, report, run_load, setup_world  # noqa: E402

GRACE_SECONDS = 5  # requests already under way when the database came back


def restart_database(down_seconds: float) -> tuple[float, float]:
    """Stop PostgreSQL, wait, start it again; return (stopped at, running again at) in monotonic time."""
    if os.environ.get("PORTAL_FAULTS_SYSTEM_POSTGRES"):
        version = sorted(os.listdir("/etc/postgresql"))[-1]
        stopped = time.monotonic()
        subprocess.run(["pg_ctlcluster", version, "main", "stop", "-m", "fast"], check=True)
        time.sleep(down_seconds)
        subprocess.run(["pg_ctlcluster", version, "main", "start"], check=True)
        return stopped, time.monotonic()
    from portal import devdb

    stopped = time.monotonic()
    devdb.stop()
    time.sleep(down_seconds)
    devdb.start()
    return stopped, time.monotonic()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--down", type=float, default=5, help="seconds the database stays down")
    args = parser.parse_args()

    if os.environ.get("DATABASE_URL") and not os.environ.get("PORTAL_FAULTS_SYSTEM_POSTGRES"):
        sys.exit("With DATABASE_URL set, also set PORTAL_FAULTS_SYSTEM_POSTGRES=1 to allow restarting it.")
    env = production_env(database_url())
    os.environ.update(env)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    world = setup_world(args.users)

    outage = {}

    def fault():
        time.sleep(args.seconds / 3)
        outage["window"] = restart_database(args.down)

    with gunicorn(env) as base:
        started = time.monotonic()
        injector = threading.Thread(target=fault)
        injector.start()
        tally = run_load(base, world, args.seconds)
        injector.join()
        # The same workers, after the outage: the next requests must succeed without a restart.
        import requests

        after = [requests.get(base + path, timeout=10).status_code for path in ("/", "/termine/", "/healthz")]

    stopped, back = outage["window"]
    problems = check_invariants(world, tally)
    outside = [f for f in tally.failures if not (stopped <= f[0] <= back + GRACE_SECONDS)]
    unstyled = [f for f in tally.failures if f[2] not in (500, 503) or not f[3]]
    if outside:
        problems.append(f"{len(outside)} failures outside the outage, e.g. {outside[:3]}")
    if unstyled:
        problems.append(f"{len(unstyled)} failures without the styled error page, e.g. {unstyled[:3]}")
    if after != [200, 200, 200]:
        problems.append(f"after the outage the site answered {after}")
    print(report(tally, problems, time.monotonic() - started))
    print(
        f"outage: database down {back - stopped:.1f} s; {len(tally.failures)} requests failed during it, "
        f"all with the styled page: {not unstyled}; after it: {after}"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
