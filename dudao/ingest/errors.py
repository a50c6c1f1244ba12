"""Why a document could not be parsed: one exception type per cause, each with a one-line message.

The message is bilingual (Chinese first) because the same text reaches the web page and the CLI.
"""

from __future__ import annotations


class IngestError(ValueError):
    """Base class: the document cannot become a plan. `str(error)` is the one-line message."""

    message = "无法解析该文件 / the document cannot be parsed"

    def __init__(self, detail: str | None = None) -> None:
        self.detail = detail
        super().__init__(f"{self.message}: {detail}" if detail else self.message)


class EmptyDocument(IngestError):
    message = "文件为空或没有可读文字 / the document is empty"


class TooLarge(IngestError):
    message = "文件过大 / the file is too large"


class UnsupportedFormat(IngestError):
    message = "不支持的文件格式,请上传 txt、docx、html 或带文字层的 pdf / unsupported file format"


class UndecodableText(IngestError):
    message = "无法识别文本编码(支持 UTF-8 与 GB18030/GBK)/ the text encoding cannot be determined"


class MixedEncoding(IngestError):
    message = "文本混用了多种编码,请另存为统一的 UTF-8 后再上传 / the text mixes several encodings"


class NoTextLayer(IngestError):
    message = "PDF 没有文字层(可能是扫描件),请先做文字识别或上传原始文档 / the PDF has no text layer"


class EncryptedDocument(IngestError):
    message = "文件已加密,请解除密码保护后再上传 / the document is encrypted"


class CorruptDocument(IngestError):
    message = "文件已损坏或格式不正确 / the document is damaged or malformed"


class ZipBomb(IngestError):
    message = "文档解压后体积异常,已拒绝处理 / the document expands to an implausible size (zip bomb)"


class NotANotice(IngestError):
    message = "未在文件中找到任何带责任单位的工作任务,这似乎不是任务分工通知 / no tasks found: not a task-division notice"


class UnreadableFile(IngestError):
    message = "无法读取文件 / the file cannot be read"


class BadDirectory(IngestError):
    message = "单位名录文件格式不正确 / the unit directory file is malformed"
