"""Every closed vocabulary the pages label is the domain's own: no value missing, none invented."""

import pytest

from hazchem.domain import lifecycle, vocab
from hazchem.web.labels import LABELS

PAIRS = [
    ("department_kind", vocab.DepartmentKind),
    ("role", vocab.Role),
    ("enterprise_role", vocab.EnterpriseRole),
    ("licence_status", lifecycle.LicenceStatus),
    ("waste_mode", vocab.WasteMode),
    ("facility_kind", vocab.FacilityKind),
    ("scope_kind", vocab.ScopeKind),
    ("duty", vocab.Duty),
    ("characteristic", vocab.HAZARD_CHARACTERISTICS),
    ("container_status", lifecycle.ContainerStatus),
    ("manifest_status", lifecycle.ManifestStatus),
    ("physical_form", vocab.PhysicalForm),
    ("storage_state", vocab.StorageState),
    ("gate_refusal_reason", vocab.GateRefusalReason),
    ("incident_kind", vocab.IncidentKind),
    ("custody_request_kind", lifecycle.CustodyRequestKind),
    ("custody_request_status", lifecycle.CustodyRequestStatus),
]


@pytest.mark.parametrize(("vocabulary", "values"), PAIRS, ids=[p[0] for p in PAIRS])
def test_labels_cover_exactly_the_domain_values(vocabulary, values):
    assert set(LABELS[vocabulary]) == {str(v) for v in values}


def test_every_physical_form_has_its_printed_name():
    printed = {vocab.PhysicalForm.printed(f) for f in vocab.PhysicalForm}
    assert printed == {"固态", "半固态", "液态", "气态"}
    assert vocab.PhysicalForm.printed("slurry") == "slurry"
