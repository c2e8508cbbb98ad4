"""The ledger: the board's own history (incident transitions, acknowledgements and the
acknowledgement outbox) in SQLite by default or PostgreSQL when screens share one."""

from noc_wallboard.adapters.ledger.database import LedgerError, ledger_url, open_ledger_engine
from noc_wallboard.adapters.ledger.outbox import SqlAckLedger

__all__ = ["LedgerError", "SqlAckLedger", "ledger_url", "open_ledger_engine"]
