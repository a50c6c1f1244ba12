"""Who is calling the API: a personal bearer token, or the browser's session (with its CSRF check).

Both answer with the `User`, which ninja puts on `request.auth`; every endpoint then asks
`dudao.accounts.access` exactly as the pages do.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from dudao.accounts.models import ApiToken, User

# Writing last_used_at on every call would turn each read into a write; a minute is precise enough.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <key>`: looked up by the key's SHA-256, never by the key itself."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        token = token.strip()
        api_token = (
            ApiToken.objects.select_related("user", "user__unit")
            .filter(key_hash=ApiToken.hash(token))
            .first()
            if token
            else None
        )
        if api_token is None or not api_token.user.is_active:
            # A wrong token is an error even when a session cookie rides along: the caller meant the token.
            raise AuthenticationError
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.user = api_token.user
        return api_token.user


class ActiveSessionAuth(SessionAuth):
    """The signed-in browser user; unsafe methods pass Django's CSRF check first."""

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        if user.is_authenticated and user.is_active:
            return user  # type: ignore[return-value]
        return None


def current_user(request: HttpRequest) -> User:
    """The authenticated caller; endpoints read it here rather than from `request.user`."""
    return request.auth  # type: ignore[attr-defined,no-any-return]
