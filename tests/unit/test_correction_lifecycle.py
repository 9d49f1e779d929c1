"""The correction-request transition table, cell by cell."""

from __future__ import annotations

import pytest

from hazchem.domain.errors import InvalidInput, InvalidTransition
from hazchem.domain.lifecycle import (
    CorrectionAction,
    CorrectionStatus,
    Section,
    correction_actions,
    correction_section,
    next_correction_status,
)

ALLOWED = {
    (CorrectionStatus.OPEN, CorrectionAction.ANSWER): CorrectionStatus.ANSWERED,
    (CorrectionStatus.OPEN, CorrectionAction.WITHDRAW): CorrectionStatus.WITHDRAWN,
    (CorrectionStatus.ANSWERED, CorrectionAction.CLOSE): CorrectionStatus.CLOSED,
}


@pytest.mark.parametrize("status", list(CorrectionStatus))
@pytest.mark.parametrize("action", list(CorrectionAction))
def test_every_cell_of_the_table(status, action):
    if (status, action) in ALLOWED:
        assert next_correction_status(status.value, action.value) is ALLOWED[(status, action)]
    else:
        with pytest.raises(InvalidTransition) as refused:
            next_correction_status(status.value, action.value)
        assert refused.value.rule == "correction.status"
        assert status.value in refused.value.message and action.value in refused.value.message


def test_closed_and_withdrawn_requests_are_final():
    assert correction_actions("closed") == [] and correction_actions("withdrawn") == []
    assert set(correction_actions("open")) == {CorrectionAction.ANSWER, CorrectionAction.WITHDRAW}


def test_unknown_status_is_refused():
    with pytest.raises(InvalidTransition):
        next_correction_status("lost", "answer")


@pytest.mark.parametrize("section", ["generator", "carrier", "receiver"])
def test_sections_a_correction_can_address(section):
    assert correction_section(section) is Section(section)


@pytest.mark.parametrize("section", ["treatment", "driver", ""])
def test_other_sections_are_refused(section):
    with pytest.raises(InvalidInput, match="generator, carrier, receiver"):
        correction_section(section)


@pytest.mark.parametrize("status", list(CorrectionStatus))
def test_only_an_open_request_waits_for_its_answer(status):
    from hazchem.domain.lifecycle import correction_is_open

    assert correction_is_open(status.value) is (status is CorrectionStatus.OPEN)
