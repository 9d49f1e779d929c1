"""Configuration: environment overrides are parsed, and a bad setting stops start-up with its name."""

import pytest

from hazchem.config import load_config


def test_defaults_load_and_environment_overrides_them(monkeypatch):
    monkeypatch.setenv("HAZCHEM_LOGIN_FAILURE_RETENTION_DAYS", "30")
    config = load_config()
    assert config["LOGIN_FAILURE_RETENTION_DAYS"] == 30
    assert config["LOGIN_WINDOW_MINUTES"] == 15


def test_a_whole_number_setting_that_is_not_one_is_named(monkeypatch):
    monkeypatch.setenv("HAZCHEM_LOGIN_WINDOW_MINUTES", "quarter-hour")
    with pytest.raises(ValueError, match=r"^HAZCHEM_LOGIN_WINDOW_MINUTES must be a whole number"):
        load_config()


@pytest.mark.parametrize(
    "key", ["LOGIN_FAILURES_PER_ACCOUNT", "LOGIN_FAILURES_PER_ADDRESS", "LOGIN_WINDOW_MINUTES"]
)
def test_throttle_limits_must_be_positive(key):
    with pytest.raises(ValueError, match=f"^HAZCHEM_{key} must be at least 1"):
        load_config({key: 0})


def test_tokens_expire_after_a_positive_lifetime(monkeypatch):
    assert load_config()["TOKEN_TTL_HOURS"] == 12
    monkeypatch.setenv("HAZCHEM_TOKEN_TTL_HOURS", "8")
    assert load_config()["TOKEN_TTL_HOURS"] == 8
    with pytest.raises(ValueError, match=r"^HAZCHEM_TOKEN_TTL_HOURS must be at least 1"):
        load_config({"TOKEN_TTL_HOURS": 0})


def test_failures_must_be_kept_as_long_as_they_count():
    with pytest.raises(ValueError, match="RETENTION_DAYS must cover"):
        load_config({"LOGIN_FAILURE_RETENTION_DAYS": 1, "LOGIN_WINDOW_MINUTES": 24 * 60 + 1})
    assert load_config({"LOGIN_FAILURE_RETENTION_DAYS": 1, "LOGIN_WINDOW_MINUTES": 24 * 60})


def test_a_weight_tolerance_outside_zero_to_one_is_refused():
    with pytest.raises(ValueError, match="between 0 and 1"):
        load_config({"WEIGHT_TOLERANCE": "1.5"})
