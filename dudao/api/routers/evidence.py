"""Evidence files: upload (multipart), read the metadata, download the verified content."""

import logging
import uuid

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from ninja import File, Router, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from dudao.accounts import access
from dudao.api.auth import current_user
from dudao.api.schemas import ErrorOut, EvidenceOut
from dudao.reports import services
from dudao.reports.evidence import TamperedFile, read_verified
from dudao.reports.models import Evidence

logger = logging.getLogger(__name__)

router = Router(tags=["佐证材料"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _evidence(request: HttpRequest) -> QuerySet[Evidence]:
    return access.evidence_for(current_user(request)).select_related("file", "unit")


@router.get("/", response=list[EvidenceOut], summary="佐证材料列表", url_name="evidence_list")
@paginate(LimitOffsetPagination)
def evidence_list(request: HttpRequest) -> QuerySet[Evidence]:
    return _evidence(request).order_by("-uploaded_at", "pk")


@router.post(
    "/",
    response={201: EvidenceOut, **ERRORS, 422: ErrorOut},
    summary="上传佐证材料（multipart，字段名 file）",
    url_name="evidence_upload",
)
def evidence_upload(request: HttpRequest, file: File[UploadedFile]) -> Status[Evidence]:
    user = current_user(request)
    access.require(access.acts_for_unit(user))
    stored = services.store_evidence(file, unit=user.unit, by=user, request=request)  # type: ignore[arg-type]
    return Status(201, access.get_visible(_evidence(request), stored.pk))


@router.get(
    "/{uuid:evidence_id}",
    response={200: EvidenceOut, **ERRORS},
    summary="佐证材料信息",
    url_name="evidence_detail",
)
def evidence_detail(request: HttpRequest, evidence_id: uuid.UUID) -> Evidence:
    return access.get_visible(_evidence(request), evidence_id)  # type: ignore[no-any-return]


@router.get(
    "/{uuid:evidence_id}/download",
    response={200: None, **ERRORS, 500: ErrorOut},
    summary="下载佐证材料",
    url_name="evidence_download",
)
def evidence_download(request: HttpRequest, evidence_id: uuid.UUID) -> HttpResponse:
    item: Evidence = access.get_visible(_evidence(request), evidence_id)
    try:
        data = read_verified(item.file)
    except TamperedFile as tampered:
        logger.error("evidence %s: stored content does not match its SHA-256 %s", item.pk, item.file.sha256)
        raise HttpError(
            500, _("文件校验失败，内容可能已被篡改，已停止下载。请联系督导办管理员。")
        ) from tampered
    except OSError as missing:
        logger.exception("evidence %s: stored content %s cannot be read", item.pk, item.file.storage_name)
        raise HttpError(500, _("文件内容缺失，无法下载。请联系督导办管理员。")) from missing
    response = HttpResponse(data, content_type=item.file.content_type)
    response["Content-Disposition"] = content_disposition_header(True, item.original_name) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
