"""Messages of the custody rules and status tables, said in the reader's language."""

from __future__ import annotations

from hazchem.domain.errors import Message

# --- Storage and custody rules (domain/custody.py) ---
STORE_WITHOUT_CAPACITY = Message(
    "custody.store_without_capacity",
    "%(facility)s has no storage capacity recorded, so nothing can be put away there",
)
STORE_OVER_CAPACITY = Message(
    "custody.store_over_capacity",
    "%(facility)s: stock %(stock)s + container %(adding)s exceeds capacity %(capacity)s",
)
STORE_OVER_CAPACITY_RESERVED = Message(
    "custody.store_over_capacity_reserved",
    "%(facility)s: stock %(stock)s + reserved for manifests in flight %(reserved)s + container %(adding)s "
    "exceeds capacity %(capacity)s",
)
STORE_SEGREGATION = Message(
    "custody.store_segregation",
    "%(facility)s already holds %(present)s, incompatible with %(adding)s: %(reason)s",
)
ANNUAL_SCALE_EXCEEDED = Message(
    "custody.annual_scale_exceeded",
    "licence %(licence)s (%(line)s): accepted %(accepted)s + in flight %(in_flight)s + this manifest "
    "%(adding)s exceeds the licensed %(scale)s a year",
)
ANNUAL_SCALE_NEARLY_USED = Message(
    "custody.annual_scale_nearly_used", "licence %(licence)s (%(line)s) will be %(share)s %% used this year"
)
CONTAINERS_NOT_SCANNED = Message("custody.containers_not_scanned", "not scanned: %(missing)s")
CONTAINERS_NOT_ON_MANIFEST = Message("custody.containers_not_on_manifest", "not on this manifest: %(extra)s")
CONTAINER_SET_DIFFERS = Message(
    "custody.container_set_differs", "not scanned: %(missing)s; not on this manifest: %(extra)s"
)
# The qualified party named in a lapsed-certificate refusal, by the kind its caller passes.
QUALIFIED_KINDS = {
    "vehicle": Message("custody.kind_vehicle", "vehicle"),
    "driver": Message("custody.kind_driver", "driver"),
}
QUALIFICATION_LAPSED = Message(
    "custody.qualification_lapsed", "%(kind)s %(name)s: certificate valid to %(valid_to)s, lapsed on %(on)s"
)

# --- Receiving facilities (domain/receiving.py) ---
RECEIVER_CANNOT_RECEIVE = Message(
    "receipt.facility_cannot_receive",
    "%(facility)s has neither a storage capacity nor a direct-feed intake rate recorded, so it "
    "cannot receive waste: choose the receiver's store or a facility that declares its intake",
)
RECEIVER_FREE_CAPACITY = Message(
    "receipt.free_capacity_short",
    "%(facility)s: free capacity %(free)s (capacity %(capacity)s less stock %(stock)s) less %(reserved)s "
    "reserved by manifests in flight leaves %(left)s, less than the %(asked)s asked",
)
RECEIVER_METHOD = Message(
    "receipt.method_not_performed",
    "%(facility)s (%(kind)s) cannot perform method %(method)s (methods it performs: %(performs)s)",
)
RECEIVER_METHOD_NONE = Message(
    "receipt.method_not_performed_store",
    "%(facility)s (%(kind)s) cannot perform method %(method)s (methods it performs: "
    "none: it only holds waste)",
)

# --- Status tables (domain/lifecycle.py) ---
UNKNOWN_LICENCE_STATUS = Message("lifecycle.unknown_licence_status", "unknown licence status %(status)s")
LICENCE_TRANSITION = Message("lifecycle.licence_transition", "a licence cannot go from %(src)s to %(dst)s")
UNKNOWN_CONTAINER_STATUS = Message(
    "lifecycle.unknown_container_status", "unknown container status %(status)s"
)
UNKNOWN_CONTAINER_ACTION = Message(
    "lifecycle.unknown_container_action", "unknown container action %(action)s"
)
CONTAINER_TRANSITION = Message(
    "lifecycle.container_transition", "a %(status)s container cannot take the action %(action)s"
)
UNKNOWN_MANIFEST_STATUS = Message("lifecycle.unknown_manifest_status", "unknown manifest status %(status)s")
MANIFEST_TRANSITION = Message(
    "lifecycle.manifest_transition", "a %(status)s manifest cannot take the action %(action)s"
)
UNKNOWN_CORRECTION_STATUS = Message(
    "lifecycle.unknown_correction_status", "unknown correction status %(status)s"
)
CORRECTION_TRANSITION = Message(
    "lifecycle.correction_transition",
    "a correction request that is %(status)s cannot be given the action %(action)s",
)
CORRECTION_SECTION = Message(
    "lifecycle.correction_section", "a correction is addressed to the %(allowed)s section, not %(value)s"
)
CUSTODY_REQUEST_DECIDED = Message(
    "lifecycle.custody_request_decided", "a custody request that is %(status)s cannot be decided again"
)
