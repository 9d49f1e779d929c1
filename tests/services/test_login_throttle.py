"""Login throttling: a few wrong guesses per account and address, then a pause, recorded in the database."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import func, select

from hazchem.domain.errors import NotAuthenticated, TooManyAttempts
from hazchem.models import LoginFailure
from hazchem.services.platform import auth
from tests.conftest import PASSWORD

THROTTLE = auth.LoginThrottle(per_account=3, per_address=5, window_minutes=15)
HOME, ELSEWHERE = "203.0.113.7", "198.51.100.9"


def _fail(session, username: str, addr: str = HOME, times: int = 1) -> None:
    for _ in range(times):
        with pytest.raises(NotAuthenticated, match=r"^wrong username or password$"):
            auth.authenticate(
                session=session, username=username, password="wrong", remote_addr=addr, throttle=THROTTLE
            )


def _login(session, username: str, addr: str = HOME):
    return auth.authenticate(
        session=session, username=username, password=PASSWORD, remote_addr=addr, throttle=THROTTLE
    )


def test_each_failure_is_recorded_and_a_success_is_not(session, registry):
    _fail(session, "officer_a", times=2)
    assert _login(session, "officer_a").username == "officer_a"
    rows = session.exec(select(LoginFailure)).all()
    assert [(r.username, r.remote_addr) for r in rows] == [("officer_a", HOME)] * 2


def test_under_the_account_limit_the_right_password_still_works(session, registry):
    _fail(session, "officer_a", times=THROTTLE.per_account - 1)
    assert _login(session, "officer_a").username == "officer_a"


def test_at_the_account_limit_even_the_right_password_is_refused(session, registry):
    _fail(session, "officer_a", times=THROTTLE.per_account)
    with pytest.raises(TooManyAttempts, match="too many failed logins") as refused:
        _login(session, "officer_a")
    assert 0 < refused.value.retry_after <= 15 * 60 + 1
    # The refusal itself is not counted, and checks no password.
    assert session.exec(select(func.count()).select_from(LoginFailure)).one() == THROTTLE.per_account


def test_the_account_limit_is_per_address_so_others_cannot_lock_a_user_out(session, registry):
    _fail(session, "officer_a", addr=ELSEWHERE, times=THROTTLE.per_account)
    assert _login(session, "officer_a", addr=HOME).username == "officer_a"
    with pytest.raises(TooManyAttempts):
        _login(session, "officer_a", addr=ELSEWHERE)


def test_the_address_limit_counts_failures_on_every_account(session, registry):
    for name in ("admin", "officer_b", "driver", "nobody"):
        _fail(session, name)
    assert _login(session, "officer_a").username == "officer_a"  # 4 failures: under the limit of 5
    _fail(session, "regulator_eco")
    with pytest.raises(TooManyAttempts):
        _login(session, "officer_a")
    assert _login(session, "officer_a", addr=ELSEWHERE).username == "officer_a"


def test_failures_older_than_the_window_no_longer_count(session, registry):
    old = datetime.now(UTC) - timedelta(minutes=THROTTLE.window_minutes, seconds=5)
    session.add_all(
        LoginFailure(username="officer_a", remote_addr=HOME, at=old) for _ in range(THROTTLE.per_address)
    )
    session.commit()
    assert _login(session, "officer_a").username == "officer_a"


def test_retry_after_is_when_the_oldest_counted_failure_leaves_the_window(session, registry):
    now = datetime.now(UTC)
    ages = (14, 10, 5)  # minutes ago; with a limit of 3 the one 14 minutes old frees the account
    session.add_all(
        LoginFailure(username="officer_a", remote_addr=HOME, at=now - timedelta(minutes=m)) for m in ages
    )
    session.commit()
    with pytest.raises(TooManyAttempts) as refused:
        _login(session, "officer_a")
    assert 55 <= refused.value.retry_after <= 62


def test_a_failure_purges_records_past_retention_and_keeps_the_rest(session, registry):
    now = datetime.now(UTC)
    kept_days = THROTTLE.retention_days - 1
    session.add_all(
        [
            LoginFailure(username="officer_a", remote_addr=ELSEWHERE, at=now - timedelta(days=kept_days)),
            LoginFailure(username="officer_b", remote_addr=ELSEWHERE, at=now - timedelta(days=400)),
            LoginFailure(username="driver", remote_addr="192.0.2.1", at=now - timedelta(days=91)),
        ]
    )
    session.commit()
    _fail(session, "officer_a")
    kept = select(LoginFailure.username, LoginFailure.remote_addr).order_by(LoginFailure.id)
    left = session.exec(kept).all()
    assert left == [("officer_a", ELSEWHERE), ("officer_a", HOME)]


def test_a_success_purges_nothing(session, registry):
    session.add(LoginFailure(username="driver", remote_addr=HOME, at=datetime.now(UTC) - timedelta(days=400)))
    session.commit()
    _login(session, "officer_a")
    assert session.exec(select(func.count()).select_from(LoginFailure)).one() == 1
