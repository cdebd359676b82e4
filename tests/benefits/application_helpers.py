"""Files and licence numbers for the application and evidence tests."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from stdnum.cn import uscc

SHANGHAI = ZoneInfo("Asia/Shanghai")
# a Monday in a normal working week (no holiday in the next three weeks)
NOW = datetime.datetime(2024, 6, 17, 10, 0, tzinfo=SHANGHAI)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def licence(body: str = "92320706MA1P4Q5R6") -> str:
    """A unified social credit code with a correct check character (GB 32100-2015, via python-stdnum)."""
    return body + uscc.calc_check_digit(body)


def upload(
    content: bytes = PDF, name: str = "营业执照.pdf", content_type: str = "application/pdf"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


# the business facts an applicant gives for the start-up subsidy (一) when the registry holds none
BUSINESS_FACTS = {
    "business_founded_on": "2024-01-10",
    "business_non_agricultural": "on",
    "business_employees": "0",
}
