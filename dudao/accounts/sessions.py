"""Session time limits (会话超时): a signed-in session ends after 30 minutes without a request (15 for
office administrators, who hold the most rights), and 8 hours after sign-in whatever the activity.
Settings `DUDAO_SESSION_*`. Django itself gives a new session key at sign-in and flushes the session
at sign-out; this adds the limits GB/T 22239 level 3 asks for.

Sign-in stamps the session (`stamp_sign_in`, connected to Django's `user_logged_in`: the one moment
a session becomes a user's, whichever way the sign-in happened). The time of the last request is
written back at most once a minute, so that browsing does not write the session row on every page.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from dudao.accounts.models import User
from dudao.audit.services import record

STARTED = "dudao_signed_in_at"
SEEN = "dudao_last_seen_at"
_WRITE_EVERY = 60


@receiver(user_logged_in, dispatch_uid="dudao.accounts.sessions.stamp_sign_in")
def stamp_sign_in(sender: object, request: HttpRequest | None, user: User, **kwargs: object) -> None:
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[STARTED] = now
        request.session[SEEN] = now


def idle_limit(user: User) -> int:
    if user.role == User.Role.OFFICE_ADMIN:
        return settings.DUDAO_SESSION_IDLE_ADMIN_SECONDS
    return settings.DUDAO_SESSION_IDLE_SECONDS


class SessionLimitsMiddleware:
    """Ends a session that was idle too long or is older than the absolute limit, then asks to sign in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            expired = self._expired(request, user)  # type: ignore[arg-type]
            if expired:
                return self._end(request, user, expired)  # type: ignore[arg-type]
        return self.get_response(request)

    def _expired(self, request: HttpRequest, user: User) -> str:
        now = time.time()
        session = request.session
        started = session.setdefault(STARTED, now)  # a session from before the limits: from now on
        seen = session.get(SEEN, started)
        if now - started > settings.DUDAO_SESSION_ABSOLUTE_SECONDS:
            return "absolute"
        if now - seen > idle_limit(user):
            return "idle"
        if now - seen >= _WRITE_EVERY:
            session[SEEN] = now
        return ""

    def _end(self, request: HttpRequest, user: User, why: str) -> HttpResponse:
        record(
            user,
            "auth.session_expired",
            user,
            summary=_("会话超时退出：%(why)s")
            % {"why": _("长时间未操作") if why == "idle" else _("超过最长登录时间")},
            request=request,
        )
        logout(request)
        messages.info(request, _("您已较长时间未操作或登录时间已满，为保障安全已自动退出，请重新登录。"))
        # After signing in again, a page asked for by GET opens again; a form's post is not replayed.
        login = (
            redirect_to_login(request.get_full_path()) if request.method == "GET" else redirect_to_login("/")
        )
        if getattr(request, "htmx", False):  # a partial request: send the whole page to the sign-in screen
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login["Location"]
            return response
        return login
