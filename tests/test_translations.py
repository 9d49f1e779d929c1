"""The Chinese catalogue compiles cleanly: what `make install` runs must not fail on a fresh machine."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parents[1] / "hazchem" / "translations"
CATALOGUES = sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_catalogue_passes_the_compile_checks(po_path):
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file)
    problems = [(message.id, str(error)) for message, errors in catalog.check() for error in errors]
    assert problems == []


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_catalogue_has_no_duplicate_entries(po_path):
    ids = [line for line in po_path.read_text(encoding="utf-8").splitlines() if line.startswith("msgid ")]
    duplicates = sorted({i for i in ids if ids.count(i) > 1} - {'msgid ""'})
    assert duplicates == []


def test_the_check_catches_an_incompatible_placeholder():
    from io import BytesIO

    po = (
        b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        b'msgid "at 80 % or more"\nmsgstr "80 % \xe5\x8f\x8a"\n'
    )
    catalog = read_po(BytesIO(po))
    assert [m.id for m, errors in catalog.check() if errors] == ["at 80 % or more"]


@pytest.mark.parametrize(("kind", "printed"), [("manifest_status", "STATUS_ZH"), ("role", "ROLES_ZH")])
def test_printed_slips_name_statuses_and_roles_as_the_pages_do(app, kind, printed):
    """A slip and the page it was printed from call a status or a signer's role by the same Chinese name."""
    from flask_babel import force_locale

    from hazchem.services.waste import documents
    from hazchem.web.labels import LABELS

    with app.test_request_context(), force_locale("zh_Hans_CN"):
        shown = {value: str(name) for value, name in LABELS[kind].items()}
    assert shown == getattr(documents, printed)
