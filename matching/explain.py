"""Words for the engine's keys, so every proposal can be explained in Dutch (and English)."""

from django.utils.translation import gettext_lazy as _

CRITERION_LABELS = {
    "placement": _("koppeling"),
    "language": _("gedeelde taal"),
    "expertise": _("expertise bij de doelen"),
    "composition": _("samenstelling (kinderen, leeftijd)"),
    "interests": _("gedeelde interesses"),
    "availability": _("beschikbaarheid"),
    "distance": _("reisafstand"),
    "waiting": _("wachttijd"),
}

HARD_REASON_LABELS = {
    "household_not_ready": _("het huishouden is niet klaar"),
    "municipality": _("andere gemeente"),
    "group_not_screened": _("niet alle leden hebben een geldige VOG of de training"),
    "group_not_ready": _("de groep is niet klaar"),
    "capacity": _("de groep heeft geen plaats"),
    "language": _("geen gedeelde taal en geen tolk"),
    "veto": _("veto van een coördinator"),
    "required_woman_led": _("het huishouden wil een groep geleid door vrouwen"),
    "required_with_children": _("het huishouden wil een groep met kinderen"),
    "required_nearby": _("het huishouden wil een groep dichtbij"),
}


def contribution_rows(contributions: dict, weights: dict) -> list[dict]:
    """One row per criterion: its label, its contribution and the most it could add."""
    return [
        {
            "key": key,
            "label": label,
            "value": contributions.get(key, 0.0),
            "max": weights.get(key, 0.0),
        }
        for key, label in CRITERION_LABELS.items()
    ]
