"""Web archives (.mht, saved by IE and 360 as "网页,单个文件"): the page inside a MIME message.

Offices that saved a notice from a portal with an older browser send these; the HTML part is
read exactly like a saved .html page.
"""

from __future__ import annotations

import email
import email.policy

from dudao.ingest.errors import CorruptDocument
from dudao.ingest.model import SourceText
from dudao.ingest.readers.html import read_html


def read_mht(data: bytes) -> SourceText:
    """The first text/html part of the archive, read as a web page."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() != "text/html":
            continue
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes) and payload.strip():
            return read_html(payload, charset=part.get_content_charset())
    raise CorruptDocument("网页存档中没有 HTML 内容 / the web archive holds no HTML page")
