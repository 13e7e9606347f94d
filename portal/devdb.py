"""The embedded PostgreSQL used when DATABASE_URL is not set.

A real PostgreSQL 16 from the pgserver wheel lives under var/postgres. It is started on demand by
settings (so manage.py, make run and make test all find it running) and keeps running between
commands, so that each command does not pay the start-up; ``python -m portal.devdb stop`` stops it.
"""

import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = BASE_DIR / "var" / "postgres"


def data_dir() -> Path:
    return Path(os.environ.get("PORTAL_EMBEDDED_PGDATA", DEFAULT_DATA_DIR))


def start(pgdata: Path | None = None) -> str:
    """Start (or reuse) the embedded server and return its connection URI."""
    with warnings.catch_warnings():
        # platformdirs warns about a missing XDG_RUNTIME_DIR on servers; its fallback is fine.
        warnings.simplefilter("ignore")
        import pgserver

    pgdata = Path(pgdata or data_dir())
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    for attempt in range(3):
        try:
            server = pgserver.get_server(pgdata, cleanup_mode=None)
            # get_server hands back the handle this process already has, even if the server has since
            # been stopped (python -m portal.devdb stop, a restart in a fault test): make sure it runs.
            with server._lock:
                server.ensure_postgres_running()
            return server.get_uri()
        except subprocess.TimeoutExpired:
            # pgserver waits only 10 s for the start; on a busy machine the server may need longer.
            if attempt == 2:
                raise
            time.sleep(2)


def stop(pgdata: Path | None = None) -> bool:
    """Stop the embedded server if it runs; return whether one was stopped."""
    from pgserver._commands import pg_ctl
    from pgserver.utils import PostmasterInfo

    pgdata = Path(pgdata or data_dir())
    info = PostmasterInfo.read_from_pgdata(pgdata) if pgdata.exists() else None
    if info is None or not info.is_running():
        return False
    user = "pgserver" if hasattr(os, "geteuid") and os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
    return True


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "start"
    if command == "start":
        print(start())
    elif command == "stop":
        print("stopped" if stop() else "not running")
    else:
        sys.exit("usage: python -m portal.devdb [start|stop]")
