"""Samen Hier: the project package and its cross-cutting core (users, roles, places)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
