"""What the impact app erases of a household (see samenhier.privacy)."""

from samenhier.privacy import collector, eraser

from .models import ActivityLog


@eraser
def erase_household_activities(refugee_code) -> None:
    # Hours, dates, life domains and who of the group was there stay: they name nobody
    # of the household and the figures rest on them. The free text may name someone.
    ActivityLog.objects.filter(trajectory__match__refugee=refugee_code).update(description="")


@collector
def collect_household_activities(refugee_code) -> dict:
    logs = ActivityLog.objects.filter(trajectory__match__refugee=refugee_code)
    return {
        "activities": [
            {
                "date": log.date,
                "hours": log.hours,
                "description": log.description,
                "life_domains": [d.key for d in log.life_domains.all()],
                "introductions": [i.kind for i in log.introductions.all()],
            }
            for log in logs.prefetch_related("life_domains", "introductions")
        ]
    }
