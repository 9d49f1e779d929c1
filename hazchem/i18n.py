"""Messages said in the reader's language: the one place the web, API and CLI edges translate codes."""

from __future__ import annotations

from flask_babel import get_locale, gettext

from hazchem.domain.errors import HazchemError, Message, Said, Term, _Uncoded, fill


def say_term(term: Term) -> str:
    """A vocabulary value in the current language: English keeps the code, others say its label."""
    # Imported here: the web package, which loads the labels, says its own messages through this module.
    from hazchem.web.labels import LABELS

    if str(get_locale() or "").startswith("en"):
        return term.value
    return str(LABELS.get(term.kind, {}).get(term.value, term.value))


def say(message: Said | Message | Term) -> str:
    """A message in the current request's language, its parameters filled in (nested ones said too)."""
    if isinstance(message, Term):
        return say_term(message)
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
