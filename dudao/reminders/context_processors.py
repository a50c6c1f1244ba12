"""The unread-notification count for the nav badge."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from dudao.reminders.models import Notification


def unread_notifications(request: HttpRequest) -> dict[str, object]:
    """`unread_notifications`: the signed-in user's unread count, queried only if a template reads it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        )
    }
