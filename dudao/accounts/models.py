"""People and what they may do: one role each, and for unit roles the unit they act for."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from dudao.directory.models import Unit


class User(AbstractUser):
    class Role(models.TextChoices):
        OFFICE_ADMIN = "office_admin", _("督导办管理员")
        LIAISON = "liaison", _("单位联络员")
        HEAD = "head", _("单位负责人")
        COUNTY_OFFICE = "county_office", _("县区法治办")
        LEADER = "leader", _("领导")
        AUDITOR = "auditor", _("审计员")

    # Roles that act for one unit and see only that unit's work.
    UNIT_ROLES = frozenset({Role.LIAISON, Role.HEAD, Role.COUNTY_OFFICE})

    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.LIAISON)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    # Set when too many passwords failed in a row (dudao.accounts.lockout); the account signs in again
    # once it has passed.
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                name="user_unit_role_has_unit",
                condition=~models.Q(role__in=["liaison", "head", "county_office"])
                | models.Q(unit__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_office_admin(self) -> bool:
        return self.role == self.Role.OFFICE_ADMIN

    @property
    def reads_everything(self) -> bool:
        """Office administrators and leaders read every unit's submitted work (leaders never write)."""
        return self.role in (self.Role.OFFICE_ADMIN, self.Role.LEADER)


class ApiToken(models.Model):
    """A bearer token for the JSON API; only its SHA-256 is stored, the key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("用途"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.user} · {self.name}"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str) -> tuple[ApiToken, str]:
        """Create a token; returns it with the plain key, which is never stored."""
        key = secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, key_hash=cls.hash(key)), key


class LoginFailure(models.Model):
    """A wrong password for an existing account: counted per account, not per address, because many
    units reach the platform through one government network exit."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_failures")
    at = models.DateTimeField()
    address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("登录失败记录")
        verbose_name_plural = _("登录失败记录")
        # The lockout counts an account's failures in the last minutes.
        indexes = [models.Index(fields=["user", "at"], name="login_failure_user_at")]

    def __str__(self) -> str:
        return f"{self.user} {self.at:%Y-%m-%d %H:%M}"
