"""Message codes of the work list: each item's title, in English; pages say them in their language."""

from __future__ import annotations

from hazchem.domain.errors import Message

# --- Generators: storage, drafts, refused loads ---------------------------------------------------

PUT_AWAY = Message("work.put_away", "Labelled containers waiting to be put into storage: %(count)s")
STORAGE_LIMIT = Message(
    "work.storage_limit", "Container %(container)s in %(facility)s nears its one-year storage limit"
)
STORAGE_BREACH = Message(
    "work.storage_breach", "Container %(container)s in %(facility)s is past its one-year storage limit"
)
SUBMIT_DRAFT = Message("work.submit_draft", "Submit draft manifest %(number)s")
REFUSED_LOAD = Message("work.refused_load", "Redirect or take back manifest %(number)s, refused at the gate")
ANSWER_CORRECTION = Message("work.answer_correction", "Answer the correction request on manifest %(number)s")

# --- Filings and licences -------------------------------------------------------------------------

MANAGEMENT_PLAN = Message("work.management_plan", "File the %(year)s hazardous waste management plan")
ANNUAL_DECLARATION = Message("work.annual_declaration", "Declare the hazardous waste of %(year)s")
PERIODIC_DECLARATION = Message(
    "work.periodic_declaration", "File the hazardous waste declaration of %(period)s"
)
PAPER_BACKFILL = Message("work.paper_backfill", "Enter paper manifest %(reference)s electronically")
APPROVAL_EXPIRY = Message("work.approval_expiry", "Cross-province transfer approval %(number)s runs out")
LICENCE_RENEWAL = Message("work.licence_renewal", "Apply to renew licence %(number)s")
LICENCE_EXPIRY = Message("work.licence_expiry", "Licence %(number)s expires")
LICENCE_RENEWAL_DUE = Message("work.licence_renewal_due", "Licence %(number)s is due for renewal")

# --- Carriers and receivers -----------------------------------------------------------------------

PICK_UP = Message("work.pick_up", "Pick up manifest %(number)s")
ON_THE_ROAD = Message("work.on_the_road", "Manifest %(number)s is on the road: deliver it")
ON_THE_WAY = Message("work.on_the_way", "Manifest %(number)s is on the way: scan it in on arrival")
WEIGH = Message("work.weigh", "Weigh and sign the receipt of manifest %(number)s")
TREAT = Message("work.treat", "Record the treatment of manifest %(number)s")
INCOMING = Message(
    "work.incoming",
    "Manifest %(number)s coming from %(park)s: %(waste_code)s, %(tonnes)s, expected %(arrival)s",
)

# --- Regulators and the park ----------------------------------------------------------------------

RECEIPT_OVERDUE = Message("work.receipt_overdue", "Receipt of manifest %(number)s is not confirmed in time")
CORRECTION_WAITING = Message(
    "work.correction_waiting", "Correction request on manifest %(number)s awaits the party's answer"
)
CORRECTION_ANSWERED = Message(
    "work.correction_answered", "Close the answered correction request on manifest %(number)s"
)

# --- The list itself ------------------------------------------------------------------------------

MORE = Message("work.more", "%(count)s more")
