"""Back up the portal's database with pg_dump, restore it into a fresh database, compare every table.

Usage: python bench/backup_restore.py [--keep DIR]
Uses DATABASE_URL (or the embedded PostgreSQL) and the PostgreSQL 16 client tools shipped with the
pgserver wheel, which read servers from version 9.2 on. Exits 1 when a count differs.
"""

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BIN = Path(__import__("pgserver").__file__).parent / "pginstall" / "bin"
CHECK_DATABASE = "portal_restore_check"


def source_url() -> str:
    import os

    url = os.environ.get("DATABASE_URL")
    if not url:
        from portal import devdb

        url = devdb.start()
    return url.replace("postgres://", "postgresql://", 1)


def with_database(url: str, name: str) -> str:
    return urlunparse(urlparse(url)._replace(path=f"/{name}"))


def table_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        return {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", type=Path, help="keep the dump file in this folder")
    args = parser.parse_args()
    source = source_url()
    target = with_database(source, CHECK_DATABASE)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="portal-backup-"))
    folder.mkdir(parents=True, exist_ok=True)
    dump = folder / "portal.dump"

    subprocess.run([BIN / "pg_dump", "--format=custom", "--no-owner", f"--file={dump}", source], check=True)
    with psycopg.connect(with_database(source, "postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{CHECK_DATABASE}"')
        admin.execute(f'CREATE DATABASE "{CHECK_DATABASE}"')
    try:
        subprocess.run(
            [BIN / "pg_restore", "--no-owner", "--exit-on-error", f"--dbname={target}", dump], check=True
        )
        before, after = table_counts(source), table_counts(target)
    finally:
        with psycopg.connect(with_database(source, "postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{CHECK_DATABASE}" WITH (FORCE)')

    differing = {
        t: (before.get(t), after.get(t))
        for t in before.keys() | after.keys()
        if before.get(t) != after.get(t)
    }
    rows = sum(before.values())
    print(f"dump: {dump} ({dump.stat().st_size / 1024:.0f} KiB), {len(before)} tables, {rows} rows")
    if differing:
        for table, (was, restored) in sorted(differing.items()):
            print(f"MISMATCH {table}: {was} in the source, {restored} restored")
        return 1
    print("restore check passed: every table has the same number of rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
