"""GB 18218-2018 critical quantities, loaded from the shipped catalogue file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlmodel import Session, col, select

from hazchem.config import PROJECT_ROOT
from hazchem.domain import chemicals as rules
from hazchem.models import (
    Chemical,
)
from hazchem.services.platform import audit
from hazchem.services.platform.uow import use_case

GB18218_FILE = PROJECT_ROOT / "catalogues" / "gb18218-2018.json"


def _category_codes(text: str) -> list[str]:
    for sep in ",;，；、":
        text = text.replace(sep, " ")
    return text.split()


@use_case("catalogue.critical_quantities")
def load_critical_quantities(*, session: Session, path: Path = GB18218_FILE) -> int:
    """Give catalogue entries without a critical quantity the GB 18218 value (a park's own is kept)."""
    from hazchem.models import CatalogueEdition

    data = json.loads(path.read_text(encoding="utf-8"))
    rows = rules.parse_critical_quantities(data)
    edition = session.exec(
        select(CatalogueEdition).where(
            CatalogueEdition.list_name == "gb18218", CatalogueEdition.edition == "2018"
        )
    ).first()
    if edition is None:
        session.add(
            CatalogueEdition(
                list_name="gb18218",
                edition=str(data.get("edition", "2018")),
                title=str(data.get("title", "")),
                effective_date=date.fromisoformat(data["effective_date"])
                if data.get("effective_date")
                else None,
                source=str(data.get("source", "")),
            )
        )
    changed = 0
    for chem in session.exec(select(Chemical).where(col(Chemical.critical_quantity_kg).is_(None))):
        found = rules.critical_quantity_for(
            chem.name, chem.cas_numbers or (), _category_codes(chem.ghs_categories or ""), rows
        )
        if found is not None:
            chem.critical_quantity_kg = found.critical_kg
            session.add(chem)
            changed += 1
    if changed or edition is None:
        audit.record(
            session,
            actor=None,
            action="catalogue.critical_quantities",
            entity="catalogueedition",
            entity_id="gb18218:2018",
            after={"entries": changed},
        )
    return changed
