"""Messages said in the reader's language: the one place the web, API and CLI edges translate codes."""

from __future__ import annotations

from flask_babel import gettext

from hazchem.domain.errors import HazchemError, Message, Said, _Uncoded, fill


def say(message: Said | Message) -> str:
    """A message in the current request's language, its parameters filled in (nested ones said too)."""
    if isinstance(message, Message):
        message = message()
    template = message.message.template
    translated = template if isinstance(message.message, _Uncoded) else gettext(template)
    return fill(translated, message.params, say)


def error_body(exc: HazchemError) -> dict:
    """The API error shape with its message in the requested language; the code and parameters stay."""
    body = exc.as_dict()
    body["message"] = say(exc.said)
    return body
