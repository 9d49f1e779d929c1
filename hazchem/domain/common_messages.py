"""Messages every layer says alike (records not found, common field checks): one code for each text."""

from __future__ import annotations

from hazchem.domain.errors import Message

CATALOGUE_ENTRY_NOT_FOUND = Message(
    "chemical.catalogue_entry_not_found", "catalogue entry %(chemical_id)s not found"
)
NO_SUCH_DIGITAL_ID = Message("container.no_such_digital_id", "no container has the digital ID %(digital_id)s")
CONTAINER_NOT_FOUND = Message("container.not_found", "container not found")
CORRECTION_NOT_FOUND = Message("correction.not_found", "correction request %(request_id)s not found")
DECISION_NOTE = Message("custody.decision_note", "the decision note")
CUSTODY_REQUEST_NOT_FOUND = Message("custody.request_not_found", "custody request %(request_id)s not found")
UNKNOWN_DEADLINE_RULE = Message("deadline.unknown_rule", "no deadline rule '%(rule)s'")
UNKNOWN_DEPARTMENT_KIND = Message("department.unknown_kind", "unknown department kind '%(value)s'")
ENTERPRISE_MISSING = Message("enterprise.missing", "enterprise %(enterprise_id)s does not exist")
ENTERPRISE_NOT_FOUND = Message("enterprise.not_found", "enterprise %(enterprise_id)s not found")
EXPORT_FORMAT = Message("export.format", "export format must be csv or xlsx")
FACILITY_MISSING = Message("facility.missing", "facility %(facility_id)s does not exist")
FACILITY_NOT_FOUND = Message("facility.not_found", "facility %(facility_id)s not found")
BAD_ENTERPRISE_ID = Message("field.bad_enterprise_id", "enterprise_id is not an id")
LIMIT_RANGE = Message("field.limit_range", "limit must be between 1 and %(max)s")
LIMIT_UP_TO = Message("field.limit_up_to", "limit must be 1 to %(max)s")
NAME_REQUIRED = Message("field.name_required", "name is required")
FIELD_REQUIRED = Message("field.required", "%(field)s is required")
SCAN_KEY_REUSED = Message(
    "idempotency.key_reused", "this Idempotency-Key was already used for a different scan"
)
COMPANION_KIND_UNKNOWN = Message(
    "list.companion_kind", "companion list kind %(kind)s is not one of %(kinds)s"
)
MANIFEST_NOT_FOUND = Message("manifest.not_found", "manifest %(manifest_id)s not found")
NONE = Message("text.none", "none")
TEXT_TOO_LONG = Message("text.too_long", "%(what)s is longer than %(max)s characters")
