"""Template helpers: vocabulary labels, tonnes, names in the chosen language, the page's actor."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Flask, current_app, has_request_context, request, url_for
from flask_babel import get_locale, get_translations
from flask_babel import gettext as _
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from hazchem.appctx import current_actor
from hazchem.domain.errors import Message, Said, Term, _Uncoded
from hazchem.domain.lifecycle import licence_in_force
from hazchem.domain.oversight import FACILITY_AREAS, Area
from hazchem.domain.units import format_tonnes
from hazchem.domain.vocab import Role
from hazchem.i18n import say, say_term
from hazchem.services.platform import Actor, may_read, park_today
from hazchem.services.registry import LicenceView
from hazchem.web.labels import LABELS, STATUS_ACTIONS, choices, label


def ui_locale() -> str:
    """The UI language in use: "zh_Hans_CN" or "en"."""
    locale = get_locale()
    return "en" if locale is not None and locale.language == "en" else "zh_Hans_CN"


def html_lang() -> str:
    """The BCP 47 tag for <html lang>."""
    return "en" if ui_locale() == "en" else "zh-CN"


def localized(obj: Any) -> str:
    """An object's name in the UI language: name_en in English when it has one, else the name."""
    if obj is None:
        return ""
    if ui_locale() == "en" and getattr(obj, "name_en", ""):
        return obj.name_en
    return getattr(obj, "name", str(obj))


_CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


@pass_context
def zh_mark(context: Context, value: Any) -> Markup | str:
    """Text as entered (a name, an address, a number issued in Chinese), marked lang="zh-CN" on English
    pages when it holds Chinese, so that readers and screen readers know its language."""
    if value is None:
        return ""
    text = str(value)
    if (context.get("ui_locale") or ui_locale()) == "en" and _CHINESE.search(text):
        return Markup('<span lang="zh-CN">%s</span>') % text
    return text


def say_marked(message: Said | Message) -> Markup:
    """A message said in the page's language as HTML, its Chinese parameters (names, numbers issued in
    Chinese) marked lang="zh-CN" on English pages, as `zh_mark` marks a value shown on its own."""
    if isinstance(message, Message):
        message = message()
    if isinstance(message.message, _Uncoded):
        return Markup("%s") % say(message)
    english = ui_locale() == "en"

    def marked(value: Any) -> Any:
        if isinstance(value, Message):
            value = value()
        if isinstance(value, Said):
            return say_marked(value)
        if isinstance(value, Term):
            return say_term(value)
        if isinstance(value, list | tuple) and value and all(isinstance(v, Said | Message) for v in value):
            return Markup("; ").join(marked(v) for v in value)
        if english and isinstance(value, str) and _CHINESE.search(value):
            return Markup('<span lang="zh-CN">%s</span>') % value
        return value

    template = Markup.escape(_(message.message.template))
    if not message.params:
        return template
    return template % {name: marked(value) for name, value in message.params.items()}


@pass_context
def localized_filter(context: Context, obj: Any) -> Markup | str:
    """The `localized` filter: the name in the UI language, marked lang="zh-CN" when only a Chinese
    name exists on an English page (a title block takes it through `striptags`)."""
    return zh_mark(context, localized(obj))


@pass_context
def list_join(context: Context, items: Any) -> Markup | str:
    """Items joined with the UI language's list separator ("、" in Chinese, ", " in English)."""
    separator = ", " if (context.get("ui_locale") or ui_locale()) == "en" else "、"
    return Markup(separator).join(items)


def tonnes(kg: int | None) -> str:
    """Kilograms shown as tonnes with thousands separators (blank when unknown)."""
    return format_tonnes(kg)


def expires_soon(view: LicenceView, today: date) -> bool:
    """Whether a licence in force ends within the warning period (EXPIRY_WARNING_DAYS)."""
    lic = view.licence
    days = current_app.config.get("EXPIRY_WARNING_DAYS", 60)
    return (
        licence_in_force(lic.status, lic.valid_from, lic.valid_to, today)
        and (lic.valid_to - today).days <= days
    )


def nav_items(actor: Actor | None) -> list[tuple[str, str, dict[str, Any]]]:
    """The navigation links for the actor's role: (endpoint, label, url arguments)."""
    if actor is None:
        return []
    from hazchem.web.custody_pages import custody_nav
    from hazchem.web.dashboard_pages import oversight_nav

    items: list[tuple[str, str, dict[str, Any]]] = [("web.dashboard", _("Home"), {})]
    items.extend(custody_nav(actor))
    items.extend(oversight_nav(actor))
    from hazchem.web.chemical_pages import chemical_nav

    items.extend(chemical_nav(actor))
    from hazchem.web.emergency_pages import emergency_nav

    items.extend(emergency_nav(actor))
    bound = sorted(actor.enterprise_ids)
    if actor.is_admin or actor.is_regulator:
        items.append(("web.registry.enterprises", _("Enterprises"), {}))
    elif len(bound) == 1:
        items.append(("web.registry.enterprise", _("My enterprise"), {"enterprise_id": bound[0]}))
    if actor.role != Role.DRIVER:
        items.append(("web.registry.licences", _("Licences"), {}))
        if any(may_read(actor, a) for a in FACILITY_AREAS):
            items.append(("web.registry.facilities", _("Facilities"), {}))
    if may_read(actor, Area.VEHICLES):
        items.append(("web.registry.vehicles", _("Vehicles"), {}))
    # A driver's menu keeps its pick-ups, the scanner, its carrier and vehicles and the waste catalogue:
    # the park's registers of people, chemicals and departments are others' work.
    if may_read(actor, Area.DRIVERS) and actor.role != Role.DRIVER:
        items.append(("web.registry.drivers", _("Drivers"), {}))
    if (actor.is_admin or actor.is_regulator) and may_read(actor, Area.TRANSPORT_LEGS):
        items.append(("web.oversight.oversight_transport_legs", _("Transport legs"), {}))
    if actor.role != Role.DRIVER:
        # Alerts are the enterprises' officers' and the regulators' work, not a dispatcher's.
        if actor.role != Role.CARRIER_DISPATCHER:
            items.append(("web.alerts.oversight_alerts", _("Alerts"), {}))
        items.append(("web.deadlines.oversight_deadlines", _("Deadlines"), {}))
    from hazchem.web.incident_pages import incident_nav

    items.extend(incident_nav(actor))
    items.append(("web.catalogue.catalogue_search", _("Catalogue"), {}))
    if actor.role != Role.DRIVER:
        items.append(("web.cheminfo.park_catalogue", _("Park catalogue"), {}))
        items.append(("web.cheminfo.chemicals_centre", _("Chemicals centre"), {}))
        items.append(("web.cheminfo.supervision_grades", _("Supervision grades"), {}))
        items.append(("web.registry.departments", _("Departments"), {}))
        items.append(("web.registry.responsibilities", _("Responsibilities"), {}))
    return items


# Each role's few main entries, in the order its menu shows them before the rest; an endpoint named
# twice takes the role's next entry to it (a receiver's arrivals, then all its manifests).
MAIN_ENTRIES: dict[str, tuple[str, ...]] = {
    Role.DRIVER: ("web.dashboard", "web.manifests.manifests", "web.custody.scan"),
    Role.CARRIER_DISPATCHER: (
        "web.dashboard",
        "web.manifests.manifests",
        "web.manifests.manifests",
        "web.oversight.oversight_transport_legs",
    ),
    Role.RECEIVER_OPERATOR: (
        "web.dashboard",
        "web.custody.scan",
        "web.manifests.manifests",
        "web.manifests.manifests",
        "web.custody.storage",
    ),
    Role.EHS_OFFICER: (
        "web.dashboard",
        "web.custody.scan",
        "web.custody.containers_new",
        "web.custody.containers",
        "web.custody.storage",
        "web.manifests.manifests",
    ),
    Role.REGULATOR: (
        "web.dashboard",
        "web.oversight.oversight_manifests",
        "web.manifests.manifests",
        "web.alerts.oversight_alerts",
        "web.dashboards.oversight_dashboard",
        "web.chemicals.chem_major_hazards",
        "web.chemicals.chem_controlled",
    ),
    Role.PARK_ADMIN: (
        "web.dashboard",
        "web.oversight.oversight_manifests",
        "web.alerts.oversight_alerts",
        "web.dashboards.oversight_dashboard",
        "web.registry.enterprises",
        "web.registry.licences",
    ),
}


def main_first(
    role: str, items: list[tuple[str, str, dict[str, Any]]]
) -> tuple[list[tuple[str, str, dict[str, Any]]], list[tuple[str, str, dict[str, Any]]]]:
    """The role's main entries in their order, and the rest in theirs: a phone's menu shows the few
    a role works from before the long tail."""
    rest = list(items)
    main = []
    for endpoint in MAIN_ENTRIES.get(role, ("web.dashboard",)):
        found = next((item for item in rest if item[0] == endpoint), None)
        if found is not None:
            rest.remove(found)
            main.append(found)
    return main, rest


def nav_links(actor: Actor | None) -> list[tuple[str, str, str, bool]]:
    """The navigation as (endpoint, label, URL, main entry), the role's main entries first, built once
    per kind of actor and language.

    The links depend only on the role, department kind, bound enterprises and language, so every
    page after the first reuses them instead of rebuilding and routing two dozen URLs.
    """
    if actor is None:
        return []
    return _nav(actor).links


@dataclass(frozen=True)
class _Nav:
    """One kind of actor's menu in one language: its links, and the two lists as HTML with no entry
    marked current, beside each endpoint's entries as written plain and as written current."""

    links: list[tuple[str, str, str, bool]]
    html: Markup
    current: dict[str, list[tuple[str, str]]]


def _nav_entry(href: str, text: str, current: bool) -> str:
    mark = 'aria-current="page"' if current else ""
    return str(Markup('      <li><a href="%s" %s>%s</a></li>\n') % (href, Markup(mark), text))


def _nav(actor: Actor) -> _Nav:
    """The actor's menu, built once per kind of actor and language (see nav_links)."""
    key = (request.script_root, actor.role, actor.department_kind, actor.enterprise_ids, ui_locale())
    cache: dict[tuple, _Nav] = current_app.extensions.setdefault("hazchem.nav", {})
    nav = cache.get(key)
    if nav is None:
        main, rest = main_first(actor.role, nav_items(actor))
        links = [
            (endpoint, str(text), url_for(endpoint, **a), is_main)
            for is_main, part in ((True, main), (False, rest))
            for endpoint, text, a in part
        ]
        current: dict[str, list[tuple[str, str]]] = {}
        for endpoint, text, href, _main in links:
            current.setdefault(endpoint, []).append(
                (_nav_entry(href, text, False), _nav_entry(href, text, True))
            )
        html = "".join(
            f'    <ul class="{part}">\n'
            + "".join(_nav_entry(href, text, False) for _e, text, href, main in links if main == is_main)
            + "    </ul>\n"
            for part, is_main in (("main-entries", True), ("more-entries", False))
        )
        nav = cache[key] = _Nav(links, Markup(html), current)
    return nav


def nav_entries(actor: Actor | None, endpoint: str | None) -> Markup:
    """The menu's two lists (the role's main entries, then the rest) as HTML, the page's own entries
    marked current.

    Written once per kind of actor and language, since every page of a session shows the same menu;
    a page only swaps in the marked form of its own entries.
    """
    if actor is None:
        return Markup("")
    nav = _nav(actor)
    html = str(nav.html)
    for plain, marked in nav.current.get(endpoint or "", ()):
        html = html.replace(plain, marked)
    return Markup(html)


# The links every page's header carries, whoever looks at it: (name in templates, endpoint, arguments).
SITE_LINKS = (
    ("stylesheet", "static", {"filename": "hazchem.css"}),
    ("layout_script", "static", {"filename": "layout.js"}),
    ("web_manifest", "static", {"filename": "manifest.webmanifest"}),
    ("touch_icon", "static", {"filename": "icons/icon-192.png"}),
    ("offline_script", "static", {"filename": "offline.js"}),
    ("home", "web.dashboard", {}),
    ("set_language", "web.set_language", {}),
    ("logout", "web.logout", {}),
    ("change_password", "web.change_password", {}),
)


def site_links() -> dict[str, str]:
    """The header's fixed URLs, routed once per script root rather than on every page."""
    if not has_request_context():
        return {name: url_for(endpoint, **args) for name, endpoint, args in SITE_LINKS}
    cache: dict[str, dict[str, str]] = current_app.extensions.setdefault("hazchem.site_links", {})
    links = cache.get(request.script_root)
    if links is None:
        links = {name: url_for(endpoint, **args) for name, endpoint, args in SITE_LINKS}
        cache[request.script_root] = links
    return links


def label_table() -> dict[str, dict[str, str]]:
    """Every vocabulary label translated into this request's language, built once per language.

    A page shows dozens of labels; resolving each lazy string through Babel on every use cost more
    than the page's database reads, while the translated table never changes for a language.
    """
    tables: dict[str, dict[str, dict[str, str]]] = current_app.extensions.setdefault("hazchem.labels", {})
    key = str(get_locale())
    table = tables.get(key)
    if table is None:
        table = {vocab: {v: str(text) for v, text in values.items()} for vocab, values in LABELS.items()}
        tables[key] = table
    return table


@pass_context
def label_filter(context: Context, value: str | None, vocabulary: str) -> str:
    """The `label` filter: the display label from the render's table (see label_table), as label() gives."""
    table = context.get("label_table")
    if table is None:  # a macro imported without context
        return label(value, vocabulary)
    if value is None:
        return ""
    found = table.get(vocabulary, {}).get(value)
    return str(value) if found is None else found


def bound_gettext() -> dict[str, Any]:
    """`_`, gettext and ngettext for one render, bound to the request's catalogue once.

    They behave as Jinja's new-style callables that Flask-Babel installs (escaped, %-formatted with
    the keyword arguments), but skip Flask-Babel's context lookups on each of a page's many strings.
    """
    translations = get_translations()
    ugettext, ungettext = translations.ugettext, translations.ungettext
    # A page's fixed strings, translated and formatted once per language: most `_()` calls take no
    # variables, and their answer never changes for a language (kept apart for autoescaped output).
    catalogues: dict[str, dict[tuple[str, bool], str]] = current_app.extensions.setdefault(
        "hazchem.gettext", {}
    )
    fixed = catalogues.setdefault(str(get_locale()), {})

    @pass_context
    def gettext(context: Context, string: str, **variables: Any) -> str:
        autoescape = context.eval_ctx.autoescape
        if not variables:
            found = fixed.get((string, autoescape))
            if found is not None:
                return found
        text = ugettext(string)
        if autoescape:
            text = Markup(text)
        text = text % variables
        if not variables:
            fixed[(string, autoescape)] = text
        return text

    @pass_context
    def ngettext(context: Context, singular: str, plural: str, num: int, **variables: Any) -> str:
        variables.setdefault("num", num)
        text = ungettext(singular, plural, num)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}


def init(app: Flask) -> None:
    """Register the filters and the values every template sees."""
    app.add_template_filter(label_filter, "label")
    app.add_template_filter(tonnes, "tonnes")
    app.add_template_filter(localized_filter, "localized")
    app.add_template_filter(zh_mark, "zh_mark")
    app.add_template_filter(list_join, "list_join")
    app.add_template_filter(expires_soon, "expires_soon")
    app.add_template_global(choices, "choices")
    app.add_template_global(ui_locale, "current_locale")
    app.add_template_global(STATUS_ACTIONS, "status_actions")
    app.add_template_global(say_marked, "say")

    @app.context_processor
    def _page_context() -> dict[str, Any]:
        actor = current_actor()
        locale = ui_locale()
        return {
            "actor": actor,
            "nav_entries": lambda endpoint: nav_entries(actor, endpoint),
            "may_read": (lambda area: may_read(actor, Area(area))) if actor else (lambda area: False),
            "ui_locale": locale,
            "list_separator": ", " if locale == "en" else "、",
            "html_lang": "en" if locale == "en" else "zh-CN",
            "today": park_today(actor),
            "label_table": label_table(),
            "site_links": site_links(),
            **bound_gettext(),
        }
