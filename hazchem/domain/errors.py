"""The one error vocabulary of hazchem; each entry surface maps these to its own responses once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# Every message defined anywhere in hazchem, by code: a code names one text only.
MESSAGES: dict[str, Message] = {}


@dataclass(frozen=True)
class Message:
    """A message code and its English template; each surface says it in its reader's language."""

    code: str
    template: str

    def __post_init__(self) -> None:
        known = MESSAGES.setdefault(self.code, self)
        if known.template != self.template:
            raise ValueError(f"message code {self.code} already names another text")

    def __call__(self, **params: Any) -> Said:
        """This message with its parameters, ready to be said."""
        return Said(self, params)


@dataclass(frozen=True)
class Term:
    """A value of a closed vocabulary (a status, a kind) inside a message: English keeps the code, other
    languages say its display label, so a Chinese sentence does not carry a bare English code."""

    kind: str
    value: str

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Said:
    """A message with its parameters; a parameter may itself be a Said, or a list of them."""

    message: Message
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def code(self) -> str:
        """The message code, stable across languages."""
        return self.message.code

    def __str__(self) -> str:
        return fill(self.message.template, self.params, str)

    def as_dict(self) -> dict[str, Any]:
        """The code and JSON-safe parameters, for API bodies and the audit chain."""
        return {"message_code": self.code, "params": plain_params(self.params)}


def fill(template: str, params: Mapping[str, Any], say: Any) -> str:
    """Fill a %(name)s template; nested messages and terms are said by `say` (str for English, or a
    translator)."""
    if not params:
        return template
    values = {}
    for name, value in params.items():
        if isinstance(value, Message):
            value = value()
        if isinstance(value, Said | Term):
            value = say(value)
        elif isinstance(value, list | tuple) and value and all(isinstance(v, Said | Message) for v in value):
            value = "; ".join(say(v() if isinstance(v, Message) else v) for v in value)
        values[name] = value
    return template % values


def plain_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters as JSON values: nested messages as their code and parameters, others as text or numbers."""

    def plain(value: Any) -> Any:
        if isinstance(value, Message):
            value = value()
        if isinstance(value, Said):
            return value.as_dict()
        if isinstance(value, Term):
            return value.value
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        if value is None or isinstance(value, bool | int | float | str):
            return value
        return str(value)

    return {name: plain(value) for name, value in params.items()}


def said_from(body: Mapping[str, Any]) -> Said:
    """Rebuild a Said from its plain form (`message_code`, `params`), falling back to the stored text."""
    message = MESSAGES.get(str(body.get("message_code") or ""))
    if message is None:
        return Said(_Uncoded("", str(body.get("message", ""))))

    def rebuilt(value: Any) -> Any:
        if isinstance(value, dict) and "message_code" in value:
            return said_from(value)
        if isinstance(value, list):
            return [rebuilt(v) for v in value]
        return value

    return Said(message, {name: rebuilt(value) for name, value in dict(body.get("params") or {}).items()})


def said(message: Message | Said | str, params: Mapping[str, Any]) -> Said:
    """Normalise what a refusal was given into a Said (a bare text becomes an uncoded message)."""
    if isinstance(message, Said):
        return Said(message.message, {**message.params, **params}) if params else message
    if isinstance(message, Message):
        return Said(message, dict(params))
    return Said(_Uncoded("", message), dict(params))


@dataclass(frozen=True)
class _Uncoded(Message):
    """A bare text without a code: not registered, said as is in every language."""

    def __post_init__(self) -> None:
        return None


class HazchemError(Exception):
    """Base of every refusal: a stable code, a message code with parameters, and structured details."""

    code = "error"

    def __init__(
        self,
        message: Message | Said | str,
        *,
        details: Iterable[Mapping[str, Any]] = (),
        warnings: Iterable[Mapping[str, Any]] = (),
        **params: Any,
    ) -> None:
        self.said = said(message, params)
        self.message = str(self.said)
        super().__init__(self.message)
        self.details = [dict(d) for d in details]
        self.warnings = [dict(w) for w in warnings]

    @property
    def message_code(self) -> str:
        """The code of the message ("" for a text not yet given one)."""
        return self.said.code

    def as_dict(self) -> dict[str, Any]:
        """Render in the API's error shape: blocking details and warnings kept apart."""
        body: dict[str, Any] = {"error": self.code, "message": self.message, "details": self.details}
        if self.said.code:
            body.update(self.said.as_dict())
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

    def __init__(self, message: Message | Said | str, *, retry_after: int, **kwargs: Any) -> None:
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

    def __init__(self, rule: str, message: Message | Said | str, **kwargs: Any) -> None:
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
