"""Messages of the platform services (access, accounts, audit, calendar, clock, keys), by code."""

from __future__ import annotations

from hazchem.domain import common_messages as common
from hazchem.domain.errors import Message
from hazchem.domain.oversight import Area

# --- Access -----------------------------------------------------------------------------------------
ONLY_ADMIN = Message("access.only_admin", "only a park administrator may %(what)s")
ONLY_ADMIN_OF_PARK = Message(
    "access.only_admin_of_park", "only a park administrator of the account's park may %(what)s"
)
ONLY_LICENCE_WRITER = Message(
    "access.only_licence_writer",
    "only the park administrator or the issuing department may change this licence",
)
REGIONAL_READ_ONLY = Message(
    "access.regional_read_only",
    "a city or province regulator reads the parks of its region and changes nothing in them",
)
NOT_OVERSEEN = Message("access.not_overseen", "your department does not oversee %(area)s")
EMERGENCY_READERS_ONLY = Message(
    "access.emergency_readers_only", "drivers do not keep emergency plans or emergency resources"
)
EMERGENCY_PARK_WRITER = Message(
    "access.emergency_park_writer",
    "only the park administrator or the emergency-management department keeps the park's emergency plans "
    "and resources",
)
EMERGENCY_OWN_ENTERPRISE = Message(
    "access.emergency_own_enterprise",
    "only the enterprise's own EHS officer keeps its emergency plans and resources",
)

# What a department oversees, named where a refusal or a page speaks of it.
AREA_NAMES: dict[Area, Message] = {
    Area.WASTE_MANIFESTS: Message("access.area.waste_manifests", "waste manifests"),
    Area.WASTE_LICENCES: Message("access.area.waste_licences", "hazardous-waste licences"),
    Area.WASTE_STORAGE: Message("access.area.waste_storage", "waste storage"),
    Area.CHEMICAL_LICENCES: Message("access.area.chemical_licences", "hazardous-chemical licences"),
    Area.CHEMICAL_STOCK: Message("access.area.chemical_stock", "chemical stock"),
    Area.CONTROLLED_PERMITS: Message(
        "access.area.controlled_permits", "highly-toxic and explosive-precursor permits"
    ),
    Area.CONTROLLED_HOLDINGS: Message(
        "access.area.controlled_holdings", "highly-toxic and explosive-precursor holdings"
    ),
    Area.CARRIERS: Message("access.area.carriers", "carriers"),
    Area.VEHICLES: Message("access.area.vehicles", "vehicles"),
    Area.DRIVERS: Message("access.area.drivers", "drivers"),
    Area.TRANSPORT_LEGS: Message("access.area.transport_legs", "transport legs"),
    Area.EMERGENCY_CHEMICAL: Message(
        "access.area.emergency_chemical", "chemical-accident emergency plans and resources"
    ),
    Area.EMERGENCY_ENVIRONMENT: Message(
        "access.area.emergency_environment", "environmental-emergency plans and resources"
    ),
}

# --- Accounts and login ----------------------------------------------------------------------------
LOGIN_FAILED = Message("auth.login_failed", "wrong username or password")
TOO_MANY_ATTEMPTS = Message(
    "auth.too_many_attempts", "too many failed logins from this address; try again in %(seconds)s seconds"
)
TOKEN_INVALID = Message("auth.token_invalid", "invalid or expired token")
TOKEN_NOT_FOUND = Message("auth.token_not_found", "token not found")
TOKEN_ID_NOT_FOUND = Message("auth.token_id_not_found", "token %(token_id)s not found")
UNKNOWN_ROLE = Message("account.unknown_role", "unknown role '%(role)s'")
ROLE_NEEDS = Message("account.role_needs", "role %(role)s needs %(field)s")
BINDING_MISSING = Message("account.binding_missing", "%(field)s %(value)s does not exist")
DISPATCHER_NEEDS_CARRIER = Message(
    "account.dispatcher_needs_carrier",
    "a carrier dispatcher is bound to a carrier; %(enterprise)s carries no waste",
)
USERNAME_REQUIRED = Message("account.username_required", "username is required (at most 60 characters)")
USERNAME_TAKEN = Message("account.username_taken", "username %(username)s is taken")
USER_NOT_FOUND = Message("account.not_found", "user %(user)s not found")
PASSWORD_TOO_SHORT = Message("account.password_too_short", "password must have at least %(count)s characters")
CURRENT_PASSWORD_WRONG = Message("account.current_password_wrong", "the current password is wrong")
# What an administrator alone may do with accounts (said inside ONLY_ADMIN and ONLY_ADMIN_OF_PARK).
CREATE_ACCOUNTS = Message("account.action.create", "create accounts")
SET_PASSWORDS = Message("account.action.set_passwords", "set passwords")
DEACTIVATE_ACCOUNTS = Message("account.action.deactivate", "deactivate accounts")

# --- Audit chain -----------------------------------------------------------------------------------
ANCHOR_MALFORMED = Message(
    "audit.anchor_malformed",
    "an anchor is <event id>:<64 hex digits> as `audit anchor` prints it, not '%(text)s'",
)
ONLY_AUDITOR = Message(
    "audit.only_auditor", "only a park administrator or a regulator may verify the audit chain"
)

# --- Calendar and clock ----------------------------------------------------------------------------
CALENDAR_NOT_A_LIST = Message("calendar.file_not_a_list", "%(file)s: '%(key)s' must be a list")
CALENDAR_NOT_A_DATE = Message(
    "calendar.file_not_a_date", "%(file)s: '%(key)s' holds '%(value)s', not a date (YYYY-MM-DD)"
)
CALENDAR_NOT_JSON = Message("calendar.file_not_json", "%(file)s is not valid JSON: %(error)s")
CALENDAR_NOT_OBJECT = Message("calendar.file_not_object", "%(file)s must hold a JSON object")
CALENDAR_YEARS_NOT_A_LIST = Message("calendar.file_years", "%(file)s: 'years' must be a list of years")
CALENDAR_SOURCE_TOO_LONG = Message("calendar.source_too_long", "source is longer than %(max)s characters")
ENTER_HOLIDAYS = Message("calendar.action.arrange", "enter holiday arrangements")
UNKNOWN_ZONE = Message(
    "clock.unknown_zone", "unknown time zone '%(name)s' (an IANA name such as Asia/Shanghai)"
)

# --- Idempotency keys ------------------------------------------------------------------------------
KEY_LENGTH = Message("idempotency.key_length", "Idempotency-Key must be 1–%(max)s characters")
KEY_REUSED = common.SCAN_KEY_REUSED
KEY_PENDING = Message(
    "idempotency.key_pending",
    "a scan with this Idempotency-Key is still being processed; look the container up",
)

CHAIN_BREAKS_FROM_PREDECESSOR = Message(
    "audit.chain_breaks_from_predecessor", "does not follow its predecessor"
)
CHAIN_HASH_MISMATCH = Message("audit.chain_hash_mismatch", "content does not match its hash")
CHAIN_ANCHOR_DIFFERS = Message("audit.chain_anchor_differs", "differs from the anchor recorded for it")
CHAIN_ANCHOR_MISSING = Message("audit.chain_anchor_missing", "the anchored event is missing")
CHAIN_SUCCESSOR_BREAKS = Message("audit.chain_successor_breaks", "its successor does not follow it")
