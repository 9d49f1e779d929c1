"""Emergency preparedness: the park's and enterprises' emergency plans and the emergency resources."""

from hazchem.services.emergency.alerts import alert_conditions, deadline_facts
from hazchem.services.emergency.organisation import (
    PlanView,
    add_contact,
    add_notification_rule,
    notification_rules_for,
    plan_contacts,
    plan_rules,
    plan_view,
    record_drill,
    record_review,
)
from hazchem.services.emergency.plans import (
    attach_file,
    create_plan,
    get_plan,
    list_plans,
    plan_file,
    plan_in_force,
    plan_versions,
    put_in_force,
    revise_plan,
    update_plan,
)
from hazchem.services.emergency.plans import may_edit as may_edit_plan
from hazchem.services.emergency.resources import (
    NearbyResource,
    ResourceState,
    create_resource,
    get_resource,
    list_resources,
    nearest_resources,
    record_inspection,
    resource_state,
    update_resource,
)
from hazchem.services.emergency.resources import may_edit as may_edit_resource

__all__ = [
    "NearbyResource",
    "PlanView",
    "ResourceState",
    "add_contact",
    "add_notification_rule",
    "alert_conditions",
    "attach_file",
    "create_plan",
    "create_resource",
    "deadline_facts",
    "get_plan",
    "get_resource",
    "list_plans",
    "list_resources",
    "may_edit_plan",
    "may_edit_resource",
    "nearest_resources",
    "notification_rules_for",
    "plan_contacts",
    "plan_file",
    "plan_in_force",
    "plan_rules",
    "plan_versions",
    "plan_view",
    "put_in_force",
    "record_drill",
    "record_inspection",
    "record_review",
    "resource_state",
    "revise_plan",
    "update_plan",
    "update_resource",
]
