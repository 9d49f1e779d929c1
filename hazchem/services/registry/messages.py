"""Messages of the park registry (fields, parks, enterprises, facilities, carriers, licences), by code."""

from __future__ import annotations

from hazchem.domain import common_messages as common
from hazchem.domain.errors import Message

# --- Fields and paging -----------------------------------------------------------------------------
LIMIT_RANGE = common.LIMIT_RANGE
REQUIRED = common.FIELD_REQUIRED
TOO_LONG = Message("field.too_long", "%(field)s is longer than %(max)s characters")
NOT_ONE_OF = Message("field.not_one_of", "%(field)s '%(value)s' is not one of: %(allowed)s")
NEGATIVE = Message("field.negative", "%(field)s must not be negative")
ALREADY_EXISTS = Message("field.already_exists", "%(what)s already exists")

# --- Parks and departments -------------------------------------------------------------------------
NO_SUCH_PARK = Message("park.not_found", "no such park")
PARK_MISSING = Message("park.missing", "park %(park_id)s does not exist")
DEPARTMENT_NOT_FOUND = Message("park.department_not_found", "department %(department_id)s not found")
DEPARTMENT_NAME_TAKEN = Message(
    "park.department_name_taken", "a department named %(name)s already exists in this park"
)
PARK = Message("park.label", "park")
DEPARTMENT = Message("park.department", "department %(name)s")
CREATE_PARKS = Message("park.action.create", "create parks")
CONFIGURE_DEPARTMENTS = Message("park.action.configure_departments", "configure departments")
REGION_NOT_FOUND = Message("region.not_found", "no region with code %(code)s")
REGION_PARENT = Message("region.parent", "only a city lies within a region, and only within a province")
REGION = Message("region.label", "region %(code)s")
CREATE_REGIONS = Message("region.action.create", "set up cities and provinces")

# --- Licence types and the responsibility matrix ---------------------------------------------------
LICENCE_TYPE_NOT_FOUND = Message("duty.licence_type_not_found", "licence type %(licence_type)s not found")
VALIDITY_POSITIVE = Message("duty.validity_positive", "validity_years must be positive")
UNKNOWN_REQUIRED_TYPES = Message("duty.unknown_requires", "required licence types do not exist: %(codes)s")
CELL_NOT_FOUND = Message("duty.cell_not_found", "department or licence type not found")
LICENCE_TYPE = Message("duty.licence_type", "licence type %(code)s")
RESPONSIBILITY = Message("duty.responsibility", "responsibility")
DEFINE_LICENCE_TYPES = Message("duty.action.define_types", "define licence types")
CHANGE_MATRIX = Message("duty.action.change_matrix", "change the responsibility matrix")

# --- Enterprises -----------------------------------------------------------------------------------
ENTERPRISE_NOT_FOUND = common.ENTERPRISE_NOT_FOUND
ENTERPRISE_MISSING = common.ENTERPRISE_MISSING
MISSING_FIELDS = Message("enterprise.missing_fields", "missing fields: %(fields)s")
UNKNOWN_FIELDS = Message("enterprise.unknown_fields", "unknown fields: %(fields)s")
USCC_TAKEN = Message("enterprise.uscc_taken", "an enterprise with USCC %(uscc)s is already registered")
CONTACT_ONLY = Message(
    "enterprise.contact_only", "only a park administrator may change this; officers change their contact"
)
ENTERPRISE = Message("enterprise.label", "enterprise %(uscc)s")
REGISTER_ENTERPRISES = Message("enterprise.action.register", "register enterprises")

# --- Facilities ------------------------------------------------------------------------------------
ONLY_OWNER_OR_ADMIN = Message(
    "facility.only_owner_or_admin", "only a park administrator or the enterprise's own officer may %(what)s"
)
FACILITIES_NOT_OVERSEEN = Message(
    "facility.not_overseen",
    "your department does not oversee waste storage, chemical stock or controlled holdings",
)
FACILITY_NOT_FOUND = common.FACILITY_NOT_FOUND
NEEDS_CAPACITY = Message(
    "facility.needs_capacity", "a facility needs at least one capacity (stored t, t/a or t/d)"
)
CHEMICAL_UNKNOWN = Message("facility.chemical_unknown", "chemical %(chemical_id)s is not in the catalogue")
FACILITY = Message("facility.label", "facility %(name)s")
FACILITY_CHEMICAL = Message("facility.chemical_link", "this chemical on this facility")
REGISTER_FACILITIES = Message("facility.action.register", "register facilities")
CHANGE_FACILITIES = Message("facility.action.change", "change facilities")

# --- Carriers' vehicles and drivers ----------------------------------------------------------------
NOT_A_CARRIER = Message("carrier.not_a_carrier", "%(name)s is not registered as a carrier")
BAD_PLATE = Message("carrier.bad_plate", "plate '%(plate)s' is not a Chinese licence plate (e.g. 浙D12345)")
BAD_DG_CLASSES = Message(
    "carrier.bad_dg_classes", "dangerous-goods classes %(classes)s are not like 3 or 6.1"
)
NO_DG_CLASSES = Message("carrier.no_dg_classes", "dangerous-goods classes (none) are not like 3 or 6.1")
VEHICLE_TAKEN = Message("carrier.vehicle_taken", "vehicle %(plate)s is already registered")
DRIVER_TAKEN = Message("carrier.driver_taken", "driver certificate %(certificate_no)s is already registered")
VEHICLE = Message("carrier.vehicle", "vehicle %(plate)s")
DRIVER = Message("carrier.driver", "driver %(certificate_no)s")
REGISTER_VEHICLES = Message("carrier.action.register_vehicles", "register vehicles")
REGISTER_DRIVERS = Message("carrier.action.register_drivers", "register drivers")

# --- Licences --------------------------------------------------------------------------------------
LICENCE_NOT_FOUND = Message("licence.not_found", "licence %(licence_id)s not found")
TYPE_LICENCES = Message("licence.type_licences", "%(licence_type)s licences")
UNKNOWN_TYPE = Message("licence.unknown_type", "unknown licence type '%(code)s'")
VALID_TO_REQUIRED = Message("licence.valid_to_required", "valid_to is required for this licence type")
VALID_TO_BEFORE = Message(
    "licence.valid_to_before", "valid_to %(valid_to)s is before valid_from %(valid_from)s"
)
DEPARTMENT_MISSING = Message("licence.department_missing", "department %(department_id)s does not exist")
WRONG_ISSUER = Message(
    "licence.wrong_issuer", "%(licence_type)s is issued by %(issuer_kind)s, not by %(department)s"
)
NUMBER_TAKEN = Message("licence.number_taken", "licence number %(number)s is already recorded for this type")
LICENCE = Message("licence.label", "licence %(number)s")
ANY_LICENCE = Message("licence.any", "licence")
LINE_KIND = Message(
    "licence.line_kind",
    "scope line %(line)s: a %(scope_kind)s licence takes %(scope_kind)s lines, not %(kind)s",
)
LINE_CODE_OR_CATEGORY = Message(
    "licence.line_code_or_category", "scope line %(line)s: give either a waste code or a waste category"
)
LINE_CODE_UNLISTED = Message(
    "licence.line_code_unlisted",
    "scope line %(line)s: waste code %(code)s is in no edition of the waste list",
)
LINE_CATEGORY_UNLISTED = Message(
    "licence.line_category_unlisted",
    "scope line %(line)s: category %(category)s is in no edition of the waste list",
)
LINE_NO_MODE = Message(
    "licence.line_no_mode",
    "scope line %(line)s: at least one mode (collect, store, utilise, dispose) is needed",
)
LINE_UNKNOWN_METHODS = Message(
    "licence.line_unknown_methods", "scope line %(line)s: unknown method codes %(codes)s"
)
LINE_SCALE = Message(
    "licence.line_scale", "scope line %(line)s: the licensed annual scale (t/a) must be positive"
)
LINE_CHEMICAL = Message(
    "licence.line_chemical", "scope line %(line)s: chemical %(chemical_id)s is not in the catalogue"
)
LINE_DG_CLASS = Message(
    "licence.line_dg_class", "scope line %(line)s: dangerous-goods class '%(dg_class)s' is not like 3 or 6.1"
)
LINE_NO_SCOPE = Message(
    "licence.line_no_scope", "scope line %(line)s: licences of this type have no scope lines"
)
LINE_REFUSED = Message("licence.line_refused", "scope line %(line)s: %(reason)s")
