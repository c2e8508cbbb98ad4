"""What an incident row says about its acknowledgement requests (the outbox)."""

from __future__ import annotations

from typing import Any

from noc_wallboard.domain.ack import AckAction, AckState
from noc_wallboard.domain.board import BoardIncident
from noc_wallboard.domain.incident import IncidentState
from noc_wallboard.presentation.i18n import translate

_ERROR_CHARS = 80


def _short(error: str | None) -> str:
    text = " ".join((error or "").split())
    return text if len(text) <= _ERROR_CHARS else text[: _ERROR_CHARS - 1] + "\u2026"


def ack_fields(item: BoardIncident) -> dict[str, Any]:
    """`ack_mark`, `ack_token`, `ack_failed_request` and `can_ack` of a row."""
    inc = item.incident
    req = item.ack
    open_now = inc.state is IncidentState.OPEN
    mark, token, failed = "", "", None
    if req is not None:
        verb = {
            AckAction.ACK: translate("acks", "ACK"),
            AckAction.UNACK: translate("acks", "UNACK"),
            AckAction.COMMENT: translate("acks", "note"),
        }[req.action]
        if req.state is AckState.PENDING:
            if req.attempts and req.last_error:
                mark = translate("acks", "{verb} pending \u00b7 retrying: {error}").format(
                    verb=verb, error=_short(req.last_error)
                )
                token = "source.warn"
            else:
                mark = translate("acks", "{verb} pending\u2026").format(verb=verb)
                token = "source.wait"
        elif req.state is AckState.FAILED:
            mark = translate("acks", "{verb} FAILED: {error} \u2014 retry?").format(
                verb=verb, error=_short(req.last_error)
            )
            token, failed = "alarm", req.id
        elif req.action is AckAction.ACK and open_now:
            # Confirmed by the store; its next poll will show who acknowledged.
            mark = translate("acks", "ACK sent by {who}").format(who=req.actor)
            token = "source.ok"
        elif req.action is AckAction.UNACK and inc.is_acknowledged:
            mark = translate("acks", "UNACK sent by {who}").format(who=req.actor)
            token = "source.ok"
    pending_ack = req is not None and req.state is AckState.PENDING and req.action is AckAction.ACK
    sent_ack = req is not None and req.state is AckState.CONFIRMED and req.action is AckAction.ACK
    return {
        "ack_mark": mark,
        "ack_token": token,
        "ack_failed_request": failed,
        "can_ack": open_now and not pending_ack and not sent_ack,
    }
