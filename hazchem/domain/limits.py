"""The ranges every entry surface enforces before a value reaches the database.

PostgreSQL's `integer` ids end at 2^31 - 1 (SQLite's at 2^63 - 1): an id beyond that cannot name a
row, and sent to the database it is an error rather than "not found". Quantities are stored as
whole kilograms or grams in 64-bit columns; a billion tonnes (or kilograms) per figure is far above
any park's scale yet keeps sums of many figures well inside those columns.
"""

from __future__ import annotations

MAX_ID = 2**31 - 1
MIN_INT = -(2**31)
MAX_INT = 2**31 - 1
MAX_QUANTITY = 1_000_000_000
# Tonnes are kept to the kilogram and kilograms to the gram.
QUANTITY_DECIMALS = 3
# An enterprise's annual output value in 万元, stored as whole yuan in a 64-bit column.
MAX_WAN_YUAN = 10_000_000_000
# Deeper JSON than any request body hazchem defines is refused before it is walked.
MAX_JSON_DEPTH = 32
