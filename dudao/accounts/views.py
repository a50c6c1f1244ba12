"""The signed-in user's own pages: personal API tokens."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from dudao.accounts.models import ApiToken, User
from dudao.api.tokens import MAX_TOKENS_PER_USER, TooManyTokens, issue_token, revoke_token


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("用途"),
        max_length=100,
        help_text=gettext_lazy("写明令牌用在哪里，例如“季度报送脚本”，便于日后识别和吊销。"),
        error_messages={
            "required": gettext_lazy("请填写令牌的用途。"),
            "max_length": gettext_lazy("用途不能超过 %(limit_value)d 个字。"),
        },
    )


class RevokeForm(forms.Form):
    token = forms.IntegerField(min_value=1)


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """List the user's tokens; POST creates one and shows its key on this response only."""
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = issue_token(request.user, form.cleaned_data["name"], request=request)  # type: ignore[arg-type]
        except TooManyTokens:
            form.add_error(
                None, _("每人最多持有 %(n)d 个令牌，请先吊销不再使用的令牌。") % {"n": MAX_TOKENS_PER_USER}
            )
        else:
            form = TokenForm()
    context = {
        "form": form,
        "new_key": new_key,
        "tokens": ApiToken.objects.filter(user=cast(User, request.user)).order_by("-created_at"),
    }
    response = render(request, "accounts/tokens.html", context)
    if new_key:
        response["Cache-Control"] = "no-store"  # the key must not linger in any cache
    return response


@login_required
@require_POST
def revoke(request: HttpRequest) -> HttpResponse:
    form = RevokeForm(request.POST)
    if not form.is_valid():
        return redirect("accounts:tokens")
    token = revoke_token(request.user, form.cleaned_data["token"], request=request)  # type: ignore[arg-type]
    messages.success(request, _("令牌“%(name)s”已吊销，使用它的程序将无法再访问。") % {"name": token.name})
    return redirect("accounts:tokens")
