"""Login-failure lockout (登录失败处理): five wrong passwords within fifteen minutes lock the account
for thirty minutes (settings `DUDAO_LOCKOUT_*`). Counted per account, not per address: many units sign
in through one government network exit, and locking an address would lock them all. Every failure,
every lock and every refusal of a locked account is audited.

The login form (`LockoutAuthenticationForm`) asks here before it checks a password and tells here
after it failed; a locked account is refused even with the right password, so guessing on is useless.
"""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.accounts.models import LoginFailure, User
from dudao.audit.services import record


def _address(request: HttpRequest | None) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def is_locked(user: User, now: datetime.datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now


def record_failure(user: User, *, request: HttpRequest | None = None) -> bool:
    """Count a wrong password; lock the account when the window holds too many. True when it locked."""
    now = timezone.now()
    window_start = now - datetime.timedelta(seconds=settings.DUDAO_LOCKOUT_WINDOW_SECONDS)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        LoginFailure.objects.create(user=locked, at=now, address=_address(request))
        record(locked, "auth.login_failed", locked, summary=_("登录失败：密码错误"), request=request)
        failures = LoginFailure.objects.filter(user=locked, at__gt=window_start).count()
        if failures < settings.DUDAO_LOCKOUT_FAILURES or is_locked(locked, now):
            return False
        locked.locked_until = now + datetime.timedelta(seconds=settings.DUDAO_LOCKOUT_SECONDS)
        locked.save(update_fields=["locked_until"])
        record(
            locked,
            "auth.lock",
            locked,
            summary=_("连续登录失败 %(n)d 次，账号锁定至 %(until)s")
            % {"n": failures, "until": timezone.localtime(locked.locked_until).strftime("%H:%M")},
            changes={"locked_until": locked.locked_until.isoformat()},
            request=request,
        )
    user.locked_until = locked.locked_until
    return True


def clear_failures(user: User) -> None:
    """A right password ends the run of failures."""
    LoginFailure.objects.filter(user=user).delete()


class LockoutAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing locked accounts and counting wrong passwords per account."""

    def clean(self) -> dict[str, object]:
        username = self.cleaned_data.get("username")
        user = User.objects.filter(username=username).first() if username else None
        if user is not None and is_locked(user, timezone.now()):
            record(user, "auth.login_refused", user, summary=_("账号锁定期间尝试登录"), request=self.request)
            until = timezone.localtime(user.locked_until).strftime("%H:%M")  # type: ignore[arg-type]
            raise forms.ValidationError(
                _("该账号因连续登录失败已被锁定，请于 %(until)s 后再试，或联系督导办管理员。")
                % {"until": until},
                code="locked",
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            # Only a wrong password of an existing, active account counts (an unknown name locks nobody).
            if user is not None and user.is_active and record_failure(user, request=self.request):
                until = timezone.localtime(user.locked_until).strftime("%H:%M")  # type: ignore[arg-type]
                raise forms.ValidationError(
                    _("密码连续错误 %(n)d 次，账号已锁定，请于 %(until)s 后再试。")
                    % {"n": settings.DUDAO_LOCKOUT_FAILURES, "until": until},
                    code="locked",
                ) from None
            raise
        if user is not None:
            clear_failures(user)
        return cleaned
