"""The one error vocabulary of hazchem; each entry surface maps these to its own responses once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


class HazchemError(Exception):
    """Base of every refusal: a stable code, a human message and structured details."""

    code = "error"

    def __init__(
        self,
        message: str,
        *,
        details: Iterable[Mapping[str, Any]] = (),
        warnings: Iterable[Mapping[str, Any]] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.details = [dict(d) for d in details]
        self.warnings = [dict(w) for w in warnings]

    def as_dict(self) -> dict[str, Any]:
        """Render in the API's error shape: blocking details and warnings kept apart."""
        body: dict[str, Any] = {"error": self.code, "message": self.message, "details": self.details}
        if self.warnings:
            body["warnings"] = self.warnings
        return body


class InvalidInput(HazchemError):
    """The input is malformed or incomplete; nothing was changed."""

    code = "invalid_input"


class TooLarge(InvalidInput):
    """The request is larger than the server accepts; nothing was read or changed."""

    code = "too_large"


class NotFound(HazchemError):
    """The record does not exist, or the caller may not know that it exists."""

    code = "not_found"


class NotAuthenticated(HazchemError):
    """No valid session or token was presented."""

    code = "not_authenticated"


class TooManyAttempts(NotAuthenticated):
    """Too many failed logins from this address lately; `retry_after` says when to try again (s)."""

    code = "too_many_attempts"

    def __init__(self, message: str, *, retry_after: int, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class Forbidden(HazchemError):
    """The caller is known but its role may not do this."""

    code = "forbidden"


class Conflict(HazchemError):
    """The change collides with an existing record (duplicate number, stale state)."""

    code = "conflict"


class RuleViolation(HazchemError):
    """A regulatory rule refuses the action; `rule` names it for the caller and the audit."""

    code = "rule_violation"

    def __init__(self, rule: str, message: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.rule = rule

    def as_dict(self) -> dict[str, Any]:
        """Add the rule's name to the API error shape."""
        body = super().as_dict()
        body["rule"] = self.rule
        return body


class InvalidTransition(RuleViolation):
    """A lifecycle transition that the transition table does not allow."""

    code = "invalid_transition"
