"""Bump the impact data version whenever a record behind the figures changes, and keep
each activity log's count of members present up to date."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from matching.models import Match, SelfRelianceScore

from .models import ActivityLog, NetworkIntroduction
from .report import data_changed

WATCHED = (ActivityLog, NetworkIntroduction, Match, SelfRelianceScore)


@receiver(post_save)
@receiver(post_delete)
def record_changed(sender, **kwargs):
    if sender in WATCHED:
        data_changed()


@receiver(m2m_changed, sender=ActivityLog.members_present.through)
@receiver(m2m_changed, sender=ActivityLog.life_domains.through)
def links_changed(sender, instance, action, reverse, **kwargs):
    if not action.startswith("post_"):
        return
    if sender is ActivityLog.members_present.through:
        # Keep each log's present_count equal to its presences, whoever wrote them.
        logs = (
            ActivityLog.objects.filter(pk__in=kwargs.get("pk_set") or [])
            if reverse
            else ActivityLog.objects.filter(pk=instance.pk)
        )
        for log in logs:
            ActivityLog.objects.filter(pk=log.pk).update(
                present_count=sender.objects.filter(activitylog=log.pk).count()
            )
    data_changed()
