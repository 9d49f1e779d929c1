"""USCC (GB 32100), CAS, waste code and region code validation: valid, wrong check, malformed."""

import pytest

from hazchem.domain.errors import InvalidInput
from hazchem.domain.identifiers import (
    cas_check_digit,
    category_of,
    uscc_check_char,
    validate_cas,
    validate_category,
    validate_region_code,
    validate_uscc,
    validate_waste_code,
    waste_code_digits,
)


class TestUscc:
    @pytest.mark.parametrize("uscc", ["91350100M000100Y43", "913306040000000010", " 91350100m000100y43 "])
    def test_valid_codes_are_normalised(self, uscc):
        assert validate_uscc(uscc) == uscc.strip().upper()

    def test_check_character_follows_gb_32100(self):
        assert uscc_check_char("91350100M000100Y4") == "3"
        # A remainder of zero maps to "0", not to the 31st character.
        body = next(
            f"9133060400000{n:04d}" for n in range(10000) if uscc_check_char(f"9133060400000{n:04d}") == "0"
        )
        assert validate_uscc(body + "0") == body + "0"

    def test_wrong_check_character_names_the_expected_one(self):
        with pytest.raises(InvalidInput, match="expected 3"):
            validate_uscc("91350100M000100Y44")

    @pytest.mark.parametrize(
        "bad",
        [
            "",
            "91350100M000100Y4",  # 17 characters
            "91350100M000100Y433",  # 19 characters
            "91350100M000100I43",  # I is not in the charset
            "9135O100M000100Y43",  # letter O inside the region code
            "91ABCDEFM000100Y43",  # region code must be digits
        ],
    )
    def test_malformed_codes_are_refused(self, bad):
        with pytest.raises(InvalidInput):
            validate_uscc(bad)


class TestCas:
    @pytest.mark.parametrize("cas", ["7664-41-7", "7732-18-5", "50-00-0", "1333-74-0", "68476-85-7"])
    def test_valid(self, cas):
        assert validate_cas(cas) == cas

    def test_check_digit(self):
        assert cas_check_digit("766441") == 7
        assert cas_check_digit("773218") == 5

    def test_wrong_check_digit_names_the_expected_one(self):
        with pytest.raises(InvalidInput, match="expected 7"):
            validate_cas("7664-41-8")

    @pytest.mark.parametrize(
        "bad", ["", "7664417", "7664-41", "7664-4-17", "12345678-12-3", "abc-de-f", "1-00-0"]
    )
    def test_malformed(self, bad):
        with pytest.raises(InvalidInput):
            validate_cas(bad)


class TestWasteCodes:
    def test_valid_and_category(self):
        assert validate_waste_code("900-249-08") == "900-249-08"
        assert category_of("900-249-08") == "HW08"
        assert waste_code_digits("900-041-49") == "90004149"

    def test_last_two_digits_must_match_the_category(self):
        assert validate_waste_code("900-249-08", category="HW08") == "900-249-08"
        with pytest.raises(InvalidInput, match="HW09"):
            validate_waste_code("900-249-08", category="HW09")

    @pytest.mark.parametrize("bad", ["", "900-249-8", "900249-08", "HW08", "900-249-00", "9000-249-08"])
    def test_malformed(self, bad):
        with pytest.raises(InvalidInput):
            validate_waste_code(bad)

    @pytest.mark.parametrize("bad", ["HW8", "HW00", "08", "HWAB"])
    def test_bad_categories(self, bad):
        with pytest.raises(InvalidInput):
            validate_category(bad)

    def test_category_is_normalised(self):
        assert validate_category(" hw34 ") == "HW34"


class TestRegionCodes:
    def test_valid(self):
        assert validate_region_code("330604") == "330604"

    @pytest.mark.parametrize("bad", ["", "33060", "3306041", "990604", "33O604"])
    def test_malformed_or_unknown_province(self, bad):
        with pytest.raises(InvalidInput):
            validate_region_code(bad)
