"""National lists: importing the official catalogues and companion lists, and loading the shipped ones."""

from hazchem.services.lists.amendments import (
    ListedEntry,
    entries_on,
    import_amendments,
    list_amendments,
    record_amendment,
)
from hazchem.services.lists.gb18218 import load_gb18218, read_tables, standard_tables
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
    read_table,
)
from hazchem.services.lists.shipped import load_shipped_catalogues
from hazchem.services.lists.waste_list import edition_title, loaded_editions, resolve_waste_code

__all__ = [
    "CATALOGUE_DIR",
    "DEFAULT_CHEMICAL_EDITION",
    "ImportReport",
    "ListedEntry",
    "RowIssue",
    "Table",
    "edition_title",
    "entries_on",
    "import_amendments",
    "import_chemicals",
    "import_companion",
    "import_methods",
    "import_waste_codes",
    "list_amendments",
    "load_gb18218",
    "load_shipped_catalogues",
    "loaded_editions",
    "read_table",
    "read_tables",
    "record_amendment",
    "resolve_waste_code",
    "standard_tables",
]
