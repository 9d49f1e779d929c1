"""The licence-coverage function every later check calls: valid, expired, wrong scope, suspended."""

from datetime import date

import pytest

from hazchem.domain.errors import InvalidInput, InvalidTransition
from hazchem.domain.licensing import (
    ChemicalSubject,
    LicenceFacts,
    ScopeLine,
    TransportSubject,
    WasteSubject,
    check_coverage,
)
from hazchem.domain.lifecycle import (
    LICENCE_TRANSITIONS,
    LicenceStatus,
    check_licence_transition,
    effective_licence_status,
    licence_in_force,
)
from hazchem.domain.units import format_tonnes, kg_to_tonnes, tonnes_to_kg

HW_LINE = ScopeLine(kind="waste", waste_category="HW08", modes=("store", "dispose"), method_codes=("D10",))
CODE_LINE = ScopeLine(kind="waste", waste_code="900-041-49", modes=("collect",))


def hw_licence(status="valid", valid_from=date(2024, 1, 1), valid_to=date(2028, 12, 31), lines=(HW_LINE,)):
    return LicenceFacts(
        id=1,
        number="HW-1",
        type_code="hw_operating",
        status=status,
        valid_from=valid_from,
        valid_to=valid_to,
        lines=lines,
    )


ON = date(2026, 6, 1)


def test_valid_licence_covers_by_category_mode_and_method():
    result = check_coverage([hw_licence()], "hw_operating", ON, WasteSubject("900-249-08", "dispose", "D10"))
    assert result.covered and result.line is HW_LINE and result.reasons == ()


def test_line_by_code_covers_only_that_code():
    licence = hw_licence(lines=(CODE_LINE,))
    assert check_coverage([licence], "hw_operating", ON, WasteSubject("900-041-49", "collect"))
    refused = check_coverage([licence], "hw_operating", ON, WasteSubject("900-039-49", "collect"))
    assert not refused and refused.reasons[0].code == "out_of_scope"


@pytest.mark.parametrize(
    "subject",
    [
        WasteSubject("900-300-34", "dispose"),  # other category
        WasteSubject("900-249-08", "utilise"),  # mode not licensed
        WasteSubject("900-249-08", "dispose", "D1"),  # method not licensed
    ],
)
def test_wrong_scope_is_refused_with_reason(subject):
    result = check_coverage([hw_licence()], "hw_operating", ON, subject)
    assert not result.covered
    assert result.reasons[0].code == "out_of_scope"
    assert "HW-1" in result.reasons[0].message


def test_expired_licence_says_when_it_expired():
    result = check_coverage([hw_licence()], "hw_operating", date(2029, 1, 1), WasteSubject("900-249-08"))
    assert not result.covered
    assert result.reasons[0].code == "expired"
    assert "2028-12-31" in result.reasons[0].message


def test_last_day_of_validity_still_covers():
    assert check_coverage([hw_licence()], "hw_operating", date(2028, 12, 31), WasteSubject("900-249-08"))


def test_not_yet_valid():
    result = check_coverage([hw_licence()], "hw_operating", date(2023, 12, 31), WasteSubject("900-249-08"))
    assert result.reasons[0].code == "not_yet_valid"


@pytest.mark.parametrize("status", ["suspended", "revoked"])
def test_suspended_or_revoked_licence_does_not_cover(status):
    result = check_coverage([hw_licence(status=status)], "hw_operating", ON, WasteSubject("900-249-08"))
    assert not result.covered and result.reasons[0].code == status


def test_no_licence_of_the_type():
    result = check_coverage([hw_licence()], "road_dg_transport", ON, TransportSubject("3"))
    assert not result.covered and result.reasons[0].code == "no_licence"


def test_a_second_valid_licence_covers_when_the_first_is_expired():
    old = hw_licence(valid_to=date(2025, 12, 31))
    new = LicenceFacts(
        id=2,
        number="HW-2",
        type_code="hw_operating",
        status="valid",
        valid_from=date(2026, 1, 1),
        valid_to=date(2030, 12, 31),
        lines=(HW_LINE,),
    )
    result = check_coverage([old, new], "hw_operating", ON, WasteSubject("900-249-08"))
    assert result.covered and result.licence.number == "HW-2"


def test_chemical_quantity_limit():
    line = ScopeLine(kind="chemical", chemical_id=7, max_quantity_kg=50_000)
    licence = LicenceFacts(
        id=3,
        number="AQ-1",
        type_code="hc_safe_use",
        status="valid",
        valid_from=date(2024, 1, 1),
        valid_to=date(2027, 1, 1),
        lines=(line,),
    )
    assert check_coverage([licence], "hc_safe_use", ON, ChemicalSubject(7, 50_000))
    assert not check_coverage([licence], "hc_safe_use", ON, ChemicalSubject(7, 50_001))
    assert not check_coverage([licence], "hc_safe_use", ON, ChemicalSubject(8))


def test_transport_class_covers_its_divisions():
    line = ScopeLine(kind="transport", dg_class="6")
    licence = LicenceFacts(
        id=4,
        number="YS-1",
        type_code="road_dg_transport",
        status="valid",
        valid_from=date(2024, 1, 1),
        valid_to=date(2030, 1, 1),
        lines=(line,),
    )
    assert check_coverage([licence], "road_dg_transport", ON, TransportSubject("6.1"))
    assert not check_coverage([licence], "road_dg_transport", ON, TransportSubject("3"))


def test_licence_without_subject_needs_only_to_be_in_force():
    licence = LicenceFacts(
        id=5,
        number="PW-1",
        type_code="pollutant_discharge",
        status="valid",
        valid_from=date(2024, 1, 1),
        valid_to=date(2029, 1, 1),
    )
    assert check_coverage([licence], "pollutant_discharge", ON)


class TestLicenceLifecycle:
    @pytest.mark.parametrize("src", list(LicenceStatus))
    @pytest.mark.parametrize("dst", list(LicenceStatus))
    def test_every_pair_follows_the_table(self, src, dst):
        if dst in LICENCE_TRANSITIONS[src]:
            assert check_licence_transition(src.value, dst.value) is dst
        else:
            with pytest.raises(InvalidTransition):
                check_licence_transition(src.value, dst.value)

    def test_unknown_status(self):
        with pytest.raises(InvalidTransition):
            check_licence_transition("valid", "paused")

    def test_valid_licence_past_its_end_is_expired(self):
        assert effective_licence_status("valid", date(2024, 1, 1), date(2025, 1, 1), date(2025, 1, 2)) is (
            LicenceStatus.EXPIRED
        )
        assert not licence_in_force("valid", date(2024, 1, 1), date(2025, 1, 1), date(2025, 1, 2))


class TestUnits:
    def test_tonnes_round_trip(self):
        assert tonnes_to_kg("30000") == 30_000_000
        assert tonnes_to_kg("1.5") == 1500
        assert tonnes_to_kg(None) is None
        assert kg_to_tonnes(1500) == kg_to_tonnes(1500).normalize()
        assert format_tonnes(30_000_000) == "30,000"

    @pytest.mark.parametrize("bad", ["-1", "abc", "0.0001", "NaN"])
    def test_refusals(self, bad):
        with pytest.raises(InvalidInput):
            tonnes_to_kg(bad)
