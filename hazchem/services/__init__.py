"""Use cases: keyword-only functions taking session=; each commits once, with its audit event."""

# The monthly waste roll-ups follow every session's changes to containers and manifests.
from hazchem.services.oversight import rollups as _rollups  # noqa: F401
