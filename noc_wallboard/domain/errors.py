"""The project's source error family. Adapters turn transport failures into these."""

from __future__ import annotations


class SourceError(Exception):
    """A source could not give a usable answer. `kind` is a short machine word."""

    kind = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


class SourceUnavailable(SourceError):
    kind = "unavailable"


class SourceTimeout(SourceError):
    kind = "timeout"


class SourceAuthError(SourceError):
    kind = "auth"


class SourceProtocolError(SourceError):
    """The answer was not what the API promises (HTML page, truncated JSON, wrong type)."""

    kind = "protocol"


class SourceRejected(SourceError):
    """The source understood and refused (PromQL bad_data, 4xx)."""

    kind = "rejected"
