"""National lists: importing the official catalogues and companion lists, and loading the shipped ones."""

from hazchem.services.lists.gb18218 import (
    GB18218_FILE,
    load_critical_quantities,
)
from hazchem.services.lists.importers import (
    CATALOGUE_DIR,
    DEFAULT_CHEMICAL_EDITION,
    ImportReport,
    RowIssue,
    Table,
    import_chemicals,
    import_companion,
    import_methods,
    import_waste_codes,
    load_shipped_catalogues,
    read_table,
)

__all__ = [
    "CATALOGUE_DIR",
    "DEFAULT_CHEMICAL_EDITION",
    "GB18218_FILE",
    "ImportReport",
    "RowIssue",
    "Table",
    "import_chemicals",
    "import_companion",
    "import_methods",
    "import_waste_codes",
    "load_critical_quantities",
    "load_shipped_catalogues",
    "read_table",
]
