"""Display labels for the closed vocabularies, in both languages (values stay English codes)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

LABELS: dict[str, dict[str, object]] = {
    "department_kind": {
        "emergency_management": _l("Emergency management"),
        "ecology_environment": _l("Ecology and environment"),
        "public_security": _l("Public security"),
        "transport": _l("Transport"),
        "market_regulation": _l("Market regulation"),
        "health": _l("Health"),
        "postal": _l("Postal"),
        "park_committee": _l("Park committee"),
    },
    "role": {
        "park_admin": _l("Park administrator"),
        "regulator": _l("Regulator"),
        "ehs_officer": _l("EHS officer"),
        "driver": _l("Driver"),
        "receiver_operator": _l("Receiving-facility operator"),
        "carrier_dispatcher": _l("Carrier dispatcher"),
    },
    "enterprise_role": {
        "waste_generator": _l("Waste generator"),
        "chemical_user": _l("Chemical user / storer"),
        "carrier": _l("Carrier"),
        "collector": _l("Collector"),
        "receiver": _l("Receiver / disposer"),
    },
    "management_class": {
        "key": _l("Key supervised unit (monthly declarations)"),
        "simplified": _l("Simplified management (quarterly declarations)"),
        "registration": _l("Registration management (annual declaration)"),
    },
    "licence_status": {
        "valid": _l("Valid"),
        "suspended": _l("Suspended"),
        "revoked": _l("Revoked"),
        "expired": _l("Expired"),
    },
    "waste_mode": {
        "collect": _l("Collect"),
        "store": _l("Store"),
        "utilise": _l("Utilise"),
        "dispose": _l("Dispose"),
    },
    "facility_kind": {
        "waste_store": _l("Hazardous-waste store"),
        "tank_farm": _l("Tank farm"),
        "chemical_warehouse": _l("Chemical warehouse"),
        "incinerator": _l("Incinerator"),
        "landfill": _l("Landfill"),
        "physicochemical": _l("Physico-chemical line"),
        "utilisation": _l("Utilisation plant"),
        "production_unit": _l("Production unit"),
    },
    "scope_kind": {
        "waste": _l("Hazardous waste"),
        "chemical": _l("Hazardous chemicals"),
        "transport": _l("Dangerous-goods classes"),
        "none": _l("No scope lines"),
    },
    "duty": {
        "issues": _l("Issues"),
        "supervises": _l("Supervises"),
    },
    "characteristic": {
        "T": _l("Toxicity (T)"),
        "C": _l("Corrosivity (C)"),
        "I": _l("Ignitability (I)"),
        "R": _l("Reactivity (R)"),
        "In": _l("Infectivity (In)"),
    },
    "segregation_tag": {
        "acid": _l("Acidic"),
        "alkali": _l("Alkaline"),
        "aqueous": _l("Aqueous"),
        "cyanide": _l("Cyanide-bearing"),
        "organic": _l("Organic"),
        "oxidiser": _l("Oxidising"),
        "water_reactive": _l("Reacts with water"),
    },
    "container_status": {
        "generated": _l("Generated"),
        "stored": _l("Stored"),
        "in_transit": _l("In transit"),
        "received": _l("Received"),
        "treated": _l("Treated"),
        "rejected": _l("Rejected"),
        "void": _l("Voided"),
        "lost": _l("Lost or destroyed"),
    },
    "manifest_status": {
        "draft": _l("Draft"),
        "submitted": _l("Submitted"),
        "in_transit": _l("In transit"),
        "delivered": _l("Delivered"),
        "accepted": _l("Accepted"),
        "partially_accepted": _l("Partially accepted"),
        "rejected": _l("Rejected"),
        "treated": _l("Treated"),
        "closed": _l("Closed"),
        "cancelled": _l("Cancelled"),
        "refused": _l("Refused at the gate"),
        "returning": _l("Returning to the generator"),
        "returned": _l("Returned to the generator"),
    },
    "section": {
        "generator": _l("Generator"),
        "carrier": _l("Carrier"),
        "receiver": _l("Receiver"),
        "treatment": _l("Treatment"),
        "oversight": _l("Oversight"),
    },
    "gate_refusal_reason": {
        "wrong_waste": _l("Wrong waste"),
        "over_capacity": _l("Over capacity"),
        "damaged_packaging": _l("Damaged packaging"),
        "no_licence_cover": _l("No licence cover"),
    },
    "incident_kind": {
        "spill": _l("Spill"),
        "fire": _l("Fire"),
        "accident": _l("Accident"),
        "loss": _l("Loss"),
    },
    "custody_request_kind": {"redirect": _l("Redirect proposal"), "cancel": _l("Cancellation after pick-up")},
    "custody_request_status": {"open": _l("Open"), "approved": _l("Approved"), "declined": _l("Declined")},
    "physical_form": {
        "solid": _l("Solid"),
        "semi_solid": _l("Semi-solid"),
        "liquid": _l("Liquid"),
        "gas": _l("Gas"),
    },
    "event_action": {
        "container.generate": _l("Generated and labelled"),
        "container.put_away": _l("Put away"),
        "container.void": _l("Voided"),
        "container.scan": _l("Scanned"),
        "container.load": _l("Loaded at pick-up"),
        "container.receive": _l("Received on arrival"),
        "container.reject": _l("Rejected by the receiver"),
        "container.treat": _l("Treated"),
        "manifest.create": _l("Manifest drafted"),
        "manifest.submit": _l("Generator signed (submitted)"),
        "manifest.cancel": _l("Cancelled"),
        "manifest.pick_up": _l("Carrier signed at pick-up"),
        "manifest.deliver": _l("Receiver signed arrival"),
        "manifest.accept": _l("Receiver signed acceptance"),
        "manifest.accept_part": _l("Receiver signed partial acceptance"),
        "manifest.reject": _l("Receiver signed rejection"),
        "manifest.treat": _l("Treatment recorded"),
        "manifest.close": _l("Closed"),
        "manifest.revise": _l("Revised"),
        "manifest.assign_leg": _l("Vehicle and driver assigned"),
        "manifest.refuse": _l("Receiver refused the load at the gate"),
        "manifest.refuse_part": _l("Receiver refused part of the load at the gate"),
        "manifest.split": _l("Refused containers split off into this manifest"),
        "manifest.propose_redirect": _l("Carrier proposed an alternate receiver"),
        "manifest.redirect": _l("Generator redirected the load to an alternate receiver"),
        "manifest.return": _l("Generator had the load carried back"),
        "manifest.receive_return": _l("Generator took the returned load into store"),
        "manifest.change_leg": _l("Carrier changed vehicle or driver"),
        "manifest.report_incident": _l("Incident reported"),
        "manifest.write_off": _l("Closed: everything lost in an incident"),
        "manifest.request_cancel": _l("Generator asked to cancel after pick-up"),
        "manifest.approve_cancel": _l("Ecology and environment approved the cancellation"),
        "manifest.review_note": _l("Review note added"),
        "manifest.print_slip": _l("Transfer slip printed"),
        "correction.open": _l("Correction requested"),
        "correction.answer": _l("Correction answered"),
        "correction.close": _l("Correction closed"),
        "correction.withdraw": _l("Correction withdrawn"),
    },
    "correction_status": {
        "open": _l("Awaiting answer"),
        "answered": _l("Answered"),
        "closed": _l("Closed"),
        "withdrawn": _l("Withdrawn"),
    },
    "answer_kind": {
        "revision": _l("Revision"),
        "reply": _l("Reply"),
    },
    "storage_state": {
        "ok": _l("Within limit"),
        "warning": _l("Near the one-year limit"),
        "breach": _l("Over the one-year limit"),
    },
    "revisable_field": {
        "note": _l("Generator's note"),
        "anomaly_note": _l("Receiver's anomaly note"),
    },
}

# The action a status change performs, for the buttons of the status form.
STATUS_ACTIONS = {
    "valid": _l("Reinstate"),
    "suspended": _l("Suspend"),
    "revoked": _l("Revoke"),
    "expired": _l("Mark expired"),
}


def label(value: str | None, vocabulary: str) -> str:
    """The display label of a vocabulary value, or the value itself when it has none."""
    if value is None:
        return ""
    return str(LABELS.get(vocabulary, {}).get(value, value))


def choices(vocabulary: str) -> list[tuple[str, str]]:
    """(value, label) pairs of a vocabulary, in declaration order."""
    return [(value, str(text)) for value, text in LABELS[vocabulary].items()]
