"""Messages the API itself says; the error handler gives them in the caller's language."""

from __future__ import annotations

from hazchem.domain.errors import Message

NO_SUCH_RESOURCE = Message("api.no_such_resource", "no such API resource")
