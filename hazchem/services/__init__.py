"""Use cases: keyword-only functions taking session=; each commits once, with its audit event."""
