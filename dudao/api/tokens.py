"""Personal API tokens: issue one (the key is shown once, only its hash is kept) and revoke it."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from dudao.accounts.models import ApiToken, User
from dudao.audit.services import record

MAX_TOKENS_PER_USER = 20


class TooManyTokens(Exception):
    """The user already holds `MAX_TOKENS_PER_USER` tokens; revoking one makes room."""


@transaction.atomic
def issue_token(user: User, name: str, *, request: HttpRequest | None = None) -> tuple[ApiToken, str]:
    """Create a token named `name` for `user`; returns it with the plain key, which nobody can read again."""
    # Lock the user's row so two concurrent requests cannot both pass the count check.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if ApiToken.objects.filter(user=user).count() >= MAX_TOKENS_PER_USER:
        raise TooManyTokens
    token, key = ApiToken.issue(user, name)
    record(
        user, "token.create", token, summary=_("创建 API 令牌“%(name)s”") % {"name": name}, request=request
    )
    return token, key


@transaction.atomic
def revoke_token(user: User, token_id: int | str, *, request: HttpRequest | None = None) -> ApiToken:
    """Delete one of `user`'s own tokens; another user's token id answers 404 like a missing one."""
    token = get_object_or_404(ApiToken.objects.select_for_update().filter(user=user), pk=token_id)
    record(
        user,
        "token.revoke",
        token,
        summary=_("吊销 API 令牌“%(name)s”") % {"name": token.name},
        request=request,
    )
    token.delete()
    return token
