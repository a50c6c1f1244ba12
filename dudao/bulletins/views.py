"""The bulletin pages: the list, asking for a bulletin, the detail page (editor for the office's drafts,
reader for issued ones), the status the page polls while generating, and the Word download.

Every view goes through `_get_bulletin` (the bulletins the user may read, 404 for any other id) and,
for writes, `_office` (403 for anyone but the office administrator). Drafts, failures and bulletins
still generating are the office's: to leaders and units they do not exist.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dudao.accounts.access import acts_for_office, bulletins_for, get_visible
from dudao.accounts.models import User
from dudao.bulletins import forms, services
from dudao.bulletins.models import Bulletin, BulletinStatus
from dudao.bulletins.word import build_docx


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def _office(request: HttpRequest) -> User:
    user = _user(request)
    if not acts_for_office(user):
        raise PermissionDenied
    return user


def _get_bulletin(
    request: HttpRequest, bulletin_id: uuid.UUID, *, write: bool = False
) -> tuple[User, Bulletin]:
    """The bulletin the URL names if the user may read it (404 otherwise); `write` needs the office (403)."""
    user = _user(request)
    bulletin = get_visible(
        bulletins_for(user).select_related("requested_by", "edited_by", "issued_by"), bulletin_id
    )
    if write and not acts_for_office(user):
        raise PermissionDenied
    return user, bulletin


def _add_error(form: Any, error: services.BulletinError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.messages)


@login_required
@require_safe
def bulletin_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.role == User.Role.AUDITOR:
        raise PermissionDenied
    bulletins = bulletins_for(user).select_related("issued_by").defer("content")
    context = {"bulletins": bulletins, "can_edit": acts_for_office(user)}
    return render(request, "bulletins/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def bulletin_create(request: HttpRequest) -> HttpResponse:
    user = _office(request)
    form = forms.RequestForm(request.POST or None, initial={"period": "q3"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            bulletin = services.request_bulletin(
                data["plan"], data["start"], data["end"], by=user, request=request
            )
        except services.BulletinError as error:
            _add_error(form, error)
        else:
            messages.success(
                request, _("已开始生成通报%(label)s，完成后可在本页编辑。") % {"label": bulletin.label}
            )
            return redirect("bulletins:detail", bulletin.pk)
    return render(request, "bulletins/create.html", {"form": form}, status=400 if form.errors else 200)


def _body_context(user: User, bulletin: Bulletin, **extra: Any) -> dict[str, Any]:
    can_edit = acts_for_office(user)
    context: dict[str, Any] = {
        "bulletin": bulletin,
        "can_edit": can_edit,
        "stuck": bulletin.is_stuck(timezone.now()),
        "version_form": forms.VersionForm(initial={"version": bulletin.version}),
    }
    if can_edit and bulletin.status == BulletinStatus.DRAFT and "form" not in extra:
        context["form"] = forms.ContentForm(bulletin)
    context.update(extra)
    return context


@login_required
@require_safe
def bulletin_detail(request: HttpRequest, bulletin_id: uuid.UUID) -> HttpResponse:
    user, bulletin = _get_bulletin(request, bulletin_id)
    return render(request, "bulletins/detail.html", _body_context(user, bulletin))


@login_required
@require_safe
def bulletin_status(request: HttpRequest, bulletin_id: uuid.UUID) -> HttpResponse:
    """The page's body, polled every two seconds while the bulletin is generating (the same partial)."""
    user, bulletin = _get_bulletin(request, bulletin_id, write=True)
    return render(request, "bulletins/_body.html", _body_context(user, bulletin))


@login_required
@require_POST
def bulletin_edit(request: HttpRequest, bulletin_id: uuid.UUID) -> HttpResponse:
    user, bulletin = _get_bulletin(request, bulletin_id, write=True)
    if bulletin.status != BulletinStatus.DRAFT:
        messages.error(request, services.status_refusal(bulletin))
        return redirect("bulletins:detail", bulletin.pk)
    form = forms.ContentForm(bulletin, request.POST)
    if form.is_valid():
        blocks = form.blocks()
        message = _("修改已保存。")
        if (delete := _place(request, "delete", blocks)) is not None:
            del blocks[delete]
            message = _("修改已保存，已删除一段。")
        elif (after := _place(request, "add_after", blocks)) is not None:
            blocks.insert(after + 1, {"kind": "paragraph", "text": ""})
            message = _("修改已保存，已在后面添加一个空段落，请填写。")
        try:
            services.save_draft(
                bulletin,
                title=form.cleaned_data["title"],
                issuer=form.cleaned_data["issuer"],
                blocks=blocks,
                by=user,
                version=form.cleaned_data["version"],
                request=request,
            )
        except services.BulletinError as error:
            _add_error(form, error)
        else:
            messages.success(request, message)
            return redirect(reverse("bulletins:detail", args=[bulletin.pk]) + "#editor")
    context = _body_context(user, bulletin, form=form)
    return render(request, "bulletins/detail.html", context, status=400)


def _place(request: HttpRequest, name: str, blocks: list[dict[str, Any]]) -> int | None:
    try:
        index = int(request.POST.get(name, ""))
    except ValueError:
        return None
    return index if 0 <= index < len(blocks) else None


def _versioned_write(request: HttpRequest, bulletin_id: uuid.UUID, call: Any, done: str) -> HttpResponse:
    user, bulletin = _get_bulletin(request, bulletin_id, write=True)
    form = forms.VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            call(bulletin, by=user, version=form.cleaned_data["version"], request=request)
        except services.BulletinError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done % {"label": bulletin.label})
    return redirect("bulletins:detail", bulletin.pk)


@login_required
@require_POST
def bulletin_issue(request: HttpRequest, bulletin_id: uuid.UUID) -> HttpResponse:
    return _versioned_write(request, bulletin_id, services.issue, _("通报%(label)s已印发，正文不能再修改。"))


@login_required
@require_POST
def bulletin_retry(request: HttpRequest, bulletin_id: uuid.UUID) -> HttpResponse:
    return _versioned_write(request, bulletin_id, services.regenerate, _("已重新开始生成通报%(label)s。"))


@login_required
@require_safe
def bulletin_docx(request: HttpRequest, bulletin_id: uuid.UUID) -> HttpResponse:
    """The Word file: issued bulletins for every reader, drafts for the office marked （草稿）."""
    bulletin = _get_bulletin(request, bulletin_id)[1]
    if bulletin.status not in (BulletinStatus.DRAFT, BulletinStatus.ISSUED):
        messages.error(request, _("通报还没有生成好，暂时不能下载。"))
        return redirect("bulletins:detail", bulletin.pk)
    draft = bulletin.status == BulletinStatus.DRAFT
    when = timezone.localtime(bulletin.issued_at).date() if bulletin.issued_at else timezone.localdate()
    data = build_docx(
        title=bulletin.title,
        label=bulletin.label,
        blocks=bulletin.blocks(),
        issuer=bulletin.issuer,
        date=when,
        draft=draft,
    )
    name = f"{bulletin.label}{bulletin.title}{_('（草稿）') if draft else ''}.docx"
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = (
        f"attachment; filename=\"bulletin.docx\"; filename*=UTF-8''{quote(name)}"
    )
    return response
