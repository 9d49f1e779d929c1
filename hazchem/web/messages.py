"""Messages only the web pages say: form fields parsed and refusals of the pages themselves."""

from __future__ import annotations

from hazchem.domain import common_messages as common
from hazchem.domain.errors import Message

NOT_A_NUMBER = Message("form.not_a_number", "%(field)s: '%(text)s' is not a number")
NUMBER_TOO_LARGE = Message("form.number_too_large", "%(field)s: %(text)s is larger than %(max)s")
REQUIRED = common.FIELD_REQUIRED
NOT_A_DATE = Message("form.not_a_date", "%(field)s: '%(text)s' is not a date (YYYY-MM-DD)")
PLEASE_LOG_IN = Message("web.please_log_in", "please log in")
ONLY_LICENCE_RECORDERS = Message(
    "web.only_licence_recorders", "only the park administrator or an issuing department records licences"
)
