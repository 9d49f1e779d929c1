"""Messages the API itself says; the error handler gives them in the caller's language."""

from __future__ import annotations

from hazchem.domain.errors import Message

NO_SUCH_RESOURCE = Message("api.no_such_resource", "no such API resource")
METHOD_NOT_ALLOWED = Message("api.method_not_allowed", "method not allowed here")
BODY_NOT_JSON = Message("api.body_not_json", "send the request body as JSON (Content-Type: application/json)")
BODY_INVALID_JSON = Message("api.body_invalid_json", "the request body is not valid JSON")
BODY_NOT_OBJECT = Message("api.body_not_object", "the request body must be a JSON object")
BODY_TOO_LARGE = Message("api.body_too_large", "the request body is larger than %(limit)s bytes")
SCHEMA_MISMATCH = Message("api.schema_mismatch", "request does not match the schema")
BEARER_NEEDED = Message("api.bearer_needed", "send Authorization: Bearer <token> (POST /api/v1/auth/token)")
BAD_CURSOR = Message("api.bad_cursor", "cursor is not one this API handed out")
# Text fields of pages and API alike: refused before any route reads them.
NUL_TEXT = Message("api.nul_text", "text may not contain NUL (U+0000) characters")
ONE_SUBJECT = Message(
    "api.one_subject", "ask about one subject at a time: waste_code, chemical_id or dg_class"
)
MODE_NEEDS_WASTE_CODE = Message("api.mode_needs_waste_code", "mode and method need a waste_code")
QUANTITY_NEEDS_CHEMICAL = Message("api.quantity_needs_chemical", "quantity_t needs a chemical_id")
CHEMICAL_OR_CAS = Message("api.chemical_or_cas", "give chemical_id or cas, not both")
