"""Opening the ledger: SQLite (a file in the user data dir) or PostgreSQL (a URL), and
bringing its schema up to date with Alembic before first use."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import platformdirs
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from noc_wallboard.config.ack_schema import LedgerSection
from noc_wallboard.config.loader import APP_NAME
from noc_wallboard.domain.errors import SourceUnavailable

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")
# Any fixed number: every process migrating the same PostgreSQL takes this lock first.
_MIGRATION_LOCK = 0x4E4F43


class LedgerError(SourceUnavailable):
    """The ledger cannot be opened or written."""


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def ledger_url(section: LedgerSection) -> str:
    """The configured URL, or a SQLite file (`path`, else the user data dir)."""
    if section.url:
        return section.url
    if section.path:
        return sqlite_url(Path(section.path).expanduser())
    return sqlite_url(Path(platformdirs.user_data_dir(APP_NAME)) / "ledger.sqlite3")


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    # WAL: a board reading while the CLI writes never blocks; busy_timeout: two writers
    # wait for each other instead of failing; synchronous=FULL: a committed ack survives
    # a power cut, not only a crash.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def open_ledger_engine(url: str) -> Engine:
    """An engine for `url`, schema migrated to the newest revision."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise LedgerError(f"ledger URL is not valid: {exc}") from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, pool_pre_ping=False)
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        engine = create_engine(parsed, pool_pre_ping=True, pool_size=2, max_overflow=2)
    try:
        migrate(engine)
    except OperationalError as exc:
        engine.dispose()
        raise LedgerError(f"cannot open the ledger {_safe(url)}: {_first_line(exc)}") from None
    except SQLAlchemyError as exc:
        engine.dispose()
        raise LedgerError(f"cannot migrate the ledger {_safe(url)}: {_first_line(exc)}") from None
    return engine


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine) -> None:
    """Upgrade to head. Several boards may start at once: PostgreSQL serialises them with
    an advisory lock; on SQLite the loser of the race finds the tables made by the winner
    and, once the winner's revision is visible, has nothing left to do."""
    head = head_revision()
    for attempt in range(3):
        if current_revision(engine) == head:
            return
        config = _alembic_config()
        try:
            with engine.begin() as conn:
                if engine.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
        except OperationalError as exc:
            if "already exists" not in str(exc) or attempt == 2:
                raise
            time.sleep(0.2 * (attempt + 1))  # the other process is committing its migration
            continue
        log.info("ledger schema at revision %s", head)
        return


def _first_line(exc: Exception) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig or exc).strip().splitlines()[0][:240]


def _safe(url: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(invalid URL)"
