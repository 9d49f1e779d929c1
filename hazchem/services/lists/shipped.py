"""The lists shipped in catalogues/, loaded in dependency order by `hazchem load-catalogues`."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from hazchem.domain import catalogue as cat
from hazchem.services.lists.amendments import import_amendments
from hazchem.services.lists.gb18218 import load_gb18218
from hazchem.services.lists.importers import (
    CATALOGUE_DIR,
    DEFAULT_CHEMICAL_EDITION,
    ImportReport,
    import_chemicals,
    import_companion,
    import_methods,
    import_waste_codes,
    read_table,
)
from hazchem.services.lists.waste_list import register_known_editions


def _suffix(path: Path, prefix: str) -> str:
    return path.stem.removeprefix(prefix)


def load_shipped_catalogues(*, session: Session) -> list[ImportReport]:
    """Load catalogues/ in dependency order: chemicals, companion lists, amendments, waste codes, methods,
    GB 18218 (idempotent)."""
    reports: list[ImportReport] = []
    for path in sorted(CATALOGUE_DIR.glob("chemicals-*.csv")):
        reports.append(
            import_chemicals(session=session, actor=None, path=path, edition=_suffix(path, "chemicals-"))
        )
    for kind in cat.COMPANION_KINDS:
        for path in sorted(CATALOGUE_DIR.glob(f"companion-{kind}*.csv")):
            target = read_table(path).meta.get("catalogue", DEFAULT_CHEMICAL_EDITION)
            reports.append(
                import_companion(session=session, actor=None, path=path, kind=kind, edition=target)
            )
    for path in sorted(CATALOGUE_DIR.glob("amendments-chemicals-*.csv")):
        edition = _suffix(path, "amendments-chemicals-")
        reports.append(import_amendments(session=session, actor=None, path=path, edition=edition))
    for path in sorted(CATALOGUE_DIR.glob("waste-codes-*.csv")):
        reports.append(
            import_waste_codes(session=session, actor=None, path=path, edition=_suffix(path, "waste-codes-"))
        )
    register_known_editions(session=session)
    methods = CATALOGUE_DIR / "methods.csv"
    if methods.exists():
        reports.append(import_methods(session=session, actor=None, path=methods))
    reports.append(load_gb18218(session=session))
    return reports
