"""Refusals in the reader's language: a translated headline for the rule or error, then the details."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from hazchem.domain import errors
from hazchem.i18n import say

RULE_HEADLINES = {
    "storage.capacity": _l("The store would exceed its capacity"),
    "storage.segregation": _l("Incompatible wastes may not share a store"),
    "submit.receiver_licence": _l("The receiver holds no valid hazardous-waste operating licence for this"),
    "licence.annual_scale": _l("The receiver's licensed annual scale would be exceeded"),
    "submit.carrier_licence": _l("The carrier holds no valid road dangerous-goods transport licence"),
    "submit.cross_province_approval": _l("A cross-province transfer needs an approval with quota left"),
    "pickup.container_set": _l("The scanned containers are not exactly the manifest's"),
    "arrival.container_set": _l("The arriving containers are not exactly the manifest's"),
    "pickup.vehicle_qualification": _l("The vehicle's certificate has lapsed"),
    "pickup.driver_qualification": _l("The driver's qualification has lapsed"),
    "dispatch.picked_up": _l("Only a leg waiting for pick-up gets another vehicle or driver"),
    "dispatch.carrier_fleet": _l("The vehicle and the driver must belong to the leg's carrier"),
    "dispatch.vehicle_qualification": _l("The vehicle's certificate lapses before the transfer date"),
    "dispatch.driver_qualification": _l("The driver's qualification lapses before the transfer date"),
    "arrival.receiver_storage_capacity": _l("The receiver's store would exceed its capacity"),
    "pickup.receiver_licence": _l(
        "At pick-up the receiver holds no valid hazardous-waste operating licence for this"
    ),
    "redirect.receiver_licence": _l(
        "The alternate receiver holds no valid hazardous-waste operating licence for this"
    ),
    "pickup.carrier_licence": _l(
        "At pick-up the carrier holds no valid road dangerous-goods transport licence"
    ),
    "receiver.cannot_receive": _l(
        "The receiving facility has neither a storage capacity nor a direct-feed intake rate"
    ),
    "receiver.free_capacity": _l(
        "The receiving facility's free capacity, less what manifests in flight reserved, is too small"
    ),
    "receiver.method_facility": _l("The receiving facility cannot perform the planned treatment method"),
    "transport.vehicle_dg_class": _l("The vehicle is not approved for the waste's dangerous-goods class"),
    "transport.stream_unclassified": _l("The waste stream has no dangerous-goods transport data"),
    "receipt.weight_tolerance": _l("Weights differ from the declared ones beyond the tolerance: add a note"),
    "treatment.method_scope": _l("The treatment method is outside the licence scope"),
    "manifest.one_waste_code": _l("A manifest carries one waste code"),
    "manifest.containers_stored": _l("Only stored containers go on a manifest"),
    "manifest.container_taken": _l("A container is already on another manifest"),
    "manifest.cancel_before_pickup": _l("A manifest can be cancelled only before pick-up"),
    "manifest.status": _l("The manifest's status does not allow this"),
    "container.status": _l("The container's status does not allow this"),
    "licence.status": _l("The licence's status does not allow this"),
    "revision.section_not_sealed": _l("Only signed sections are revised"),
    "correction.revision_section": _l("A correction is answered by revising the section it concerns"),
    "correction.status": _l("The correction request's status does not allow this"),
    "stock.insufficient": _l("The storage unit holds less than that"),
    "stock.facility_capacity": _l("The facility would exceed its storage capacity"),
    "stock.facility_chemical_capacity": _l(
        "The facility would exceed its designed quantity of this chemical"
    ),
    "stock.unit_capacity": _l("The storage unit would exceed its capacity"),
    "stock.segregation": _l("Incompatible chemicals may not share a storage unit"),
    "permit.toxic_purchase": _l("Receiving a highly toxic chemical needs a valid purchase permit"),
    "permit.quantity": _l("The purchase permit's quantity would be exceeded"),
    "permit.explosive_registration": _l(
        "Receiving an explosive precursor needs the enterprise's registration"
    ),
    "licence.licensed_quantity": _l("The enterprise would hold more than its licence allows"),
    "redirect.same_receiver": _l("The waste cannot be redirected to the facility that refused it"),
    "redirect.cross_province": _l("A redirect cannot cross a provincial border: return the waste instead"),
    "redirect.proposal_open": _l("A redirect proposal already waits for the generator's decision"),
    "return.container_set": _l("The returned containers are not exactly the manifest's"),
    "leg.container_set": _l("The containers moved to the new vehicle are not exactly the manifest's"),
    "leg.carrier_licence": _l("The new carrier holds no valid road dangerous-goods transport licence"),
    "cancel.request_open": _l("A cancellation request already waits for the regulator's decision"),
    "custody_request.status": _l("This request has already been decided"),
}

CODE_HEADLINES = {
    errors.InvalidInput.code: _l("The input is not valid"),
    errors.TooLarge.code: _l("The request is larger than this server accepts"),
    errors.NotFound.code: _l("Not found"),
    errors.Forbidden.code: _l("Your role may not do this"),
    errors.Conflict.code: _l("This conflicts with an existing record"),
    errors.NotAuthenticated.code: _l("Please log in"),
    errors.RuleViolation.code: _l("Refused by a regulatory rule"),
    errors.InvalidTransition.code: _l("The current status does not allow this"),
}


# Problems a detail names by code (`problem`), each said in the reader's language with its value.
PROBLEM_MESSAGES = {
    "calendar.year_range": _l("%(value)s is not a year hazchem keeps arrangements for"),
    "calendar.not_a_date": _l("%(value)s is not a date (YYYY-MM-DD)"),
    "calendar.outside_year": _l("%(value)s is not in %(year)s"),
    "calendar.duplicate": _l("%(value)s is listed twice"),
    "calendar.both": _l("%(value)s is both a rest day and a make-up working day"),
    "calendar.no_holidays": _l("list the year's rest days"),
}


def _problems(exc: errors.HazchemError) -> str:
    """The details that name a known problem, in the reader's language ("" when none does)."""
    said = []
    for detail in exc.details:
        message = PROBLEM_MESSAGES.get(str(detail.get("problem", "")))
        if message is not None:
            said.append(str(message) % {"value": detail.get("value", ""), "year": detail.get("year", "")})
    return _("; ").join(said)


# Errors that refuse an action the user may otherwise take: a rule, the record's status or the role.
# Only these open with "Refused:" in the error box; a wrong password or a typo is not a refusal.
REFUSALS = (errors.RuleViolation, errors.InvalidTransition, errors.Forbidden)


class Explanation(str):
    """An explained error, knowing whether it is a refusal (the error box then says so first)."""

    refused: bool = False


def explain(exc: errors.HazchemError) -> Explanation:
    """A headline in the UI language naming the rule or error, followed by the figures and names."""
    rule = getattr(exc, "rule", "")
    headline = RULE_HEADLINES.get(rule) or CODE_HEADLINES.get(exc.code) or _l("Refused")
    problems = _problems(exc)
    if problems:
        text = _("%(headline)s: %(details)s", headline=headline, details=problems)
    elif rule:
        text = _("%(headline)s (%(rule)s): %(details)s", headline=headline, rule=rule, details=say(exc.said))
    else:
        text = _("%(headline)s: %(details)s", headline=headline, details=say(exc.said))
    explanation = Explanation(text)
    explanation.refused = isinstance(exc, REFUSALS)
    return explanation
