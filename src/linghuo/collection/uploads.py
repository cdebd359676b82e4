"""An uploaded file is never kept beyond the upload limit while the request is read.

Django spools an uploaded file to a temporary file as it arrives, whatever its size; the limit
(``LINGHUO_MAX_UPLOAD_BYTES``) is checked only once the request is read (``services.upload_check``). This
handler, first in ``FILE_UPLOAD_HANDLERS``, passes on at most one byte more than the limit of each file
and drops the rest, so a file of gigabytes takes at most the limit on disk and is still refused as too
large, with the same message, on the page and the API.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class UploadSizeLimitHandler(FileUploadHandler):
    """Pass each file's first ``LINGHUO_MAX_UPLOAD_BYTES + 1`` bytes to the next handlers, no more."""

    received = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        room = int(settings.LINGHUO_MAX_UPLOAD_BYTES) + 1 - self.received
        if room <= 0:
            return None  # dropped: the next handlers never see it
        kept = raw_data[:room]
        self.received += len(kept)
        return kept

    def file_complete(self, file_size: int) -> UploadedFile | None:
        return None  # the next handler makes the file
