"""Turns the desk's acknowledgement intents (clicks, the batch button, the menu) into
outbox requests. The widgets only emit intents; this is the one place that calls the
acknowledge service, so no widget does I/O."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Sequence
from typing import Any

from PySide6.QtWidgets import QInputDialog

from noc_wallboard.domain.ack import AckAction, AckRefused, AckRequest
from noc_wallboard.domain.errors import SourceError
from noc_wallboard.presentation.i18n import translate
from noc_wallboard.services.ack import AckService
from noc_wallboard.ui.main_window import BoardWindow

log = logging.getLogger(__name__)


class AckController:
    def __init__(self, window: BoardWindow, service: AckService | None) -> None:
        self.window = window
        self._service = service
        self._tasks: set[asyncio.Task[object]] = set()
        bar = window.ack_bar
        if bar is None:
            return
        if service is None:
            bar.button.setEnabled(False)
            bar.show_message(
                translate("acks", "acknowledgement unavailable: the ledger could not be opened"),
                alarm=True,
            )
            return
        table = window.table
        table.ackRequested.connect(self.request)
        table.retryRequested.connect(self.retry)
        table.commentWanted.connect(self.ask_comment)
        bar.batchRequested.connect(lambda keys: self.request(keys, "ack", ""))

    def _spawn(self, work: Coroutine[Any, Any, object]) -> None:
        task: asyncio.Task[object] = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[object]) -> None:
        self._tasks.discard(task)
        bar = self.window.ack_bar
        if task.cancelled() or bar is None:
            return
        exc = task.exception()
        if isinstance(exc, AckRefused | SourceError):
            bar.show_message(str(exc), alarm=True)
        elif exc is not None:
            log.error("acknowledgement request failed", exc_info=exc)
            bar.show_message(f"acknowledgement failed: {exc}", alarm=True)
        else:
            result = task.result()
            if isinstance(result, list) and result and isinstance(result[0], AckRequest):
                n = len(result)
                bar.show_message(
                    translate("acks", "{n} request(s) queued as {who}; sending\u2026").format(
                        n=n, who=result[0].actor
                    )
                )

    def request(self, keys: Sequence[tuple[str, str]], action: str, comment: str) -> None:
        assert self._service is not None
        items = [self.window.model.item(tuple(k)) for k in keys]  # type: ignore[arg-type]
        incidents = [i.incident for i in items if i is not None]
        gone = len(keys) - len(incidents)
        if gone and self.window.ack_bar is not None:
            self.window.ack_bar.show_message(
                translate("acks", "{n} incident(s) resolved meanwhile: not acknowledged").format(
                    n=gone
                ),
                alarm=True,
            )
        if incidents:
            self._spawn(self._service.request(incidents, AckAction(action), comment))

    def retry(self, request_id: str) -> None:
        assert self._service is not None
        self._spawn(self._service.retry(request_id))

    def ask_comment(self, keys: Sequence[tuple[str, str]], action: str) -> None:
        """The optional second step: a comment, asked only when the engineer wants one."""
        title = (
            translate("acks", "Acknowledge with comment")
            if action == "ack"
            else translate("acks", "Add a comment")
        )
        text, ok = QInputDialog.getText(self.window, title, translate("acks", "Comment:"))
        if ok and text.strip():
            self.request(keys, action, text.strip())
