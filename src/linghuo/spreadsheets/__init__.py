"""Platform rosters (clause 十五) and contribution records: from a messy upload to validated rows.

Pure file handling, no database: open an ``.xlsx`` or ``.csv``, find its header (below any title
rows), normalise and validate every row, keep the good rows as typed records and explain each bad
one; produce the error report and the downloadable templates.

>>> result = parse_file(template_csv(ROSTER), ROSTER, filename="名册.csv")
>>> result.counts()
{'rows': 1, 'accepted': 0, 'rejected': 1}
>>> result.rejected[0].errors[0].reason
'这是模板中的示例行，请删除后再上传'

Streaming, for importers that write as they go::

    with open_table(upload, ROSTER.columns, filename=upload.name, max_bytes=limit) as table:
        for chunk in iter_chunks(table, ROSTER, chunk_size=1000, on_progress=report):
            store(chunk.accepted); remember(chunk.rejected)
"""

from linghuo.spreadsheets.contributions import CONTRIBUTIONS, ContributionRow
from linghuo.spreadsheets.errors import CellError, FileRejectedError
from linghuo.spreadsheets.reading import Source, SourceRow, Table, open_table
from linghuo.spreadsheets.report import error_report_bytes, write_error_report
from linghuo.spreadsheets.roster import EXAMPLE_ID_NUMBER, ROSTER, RosterRow
from linghuo.spreadsheets.schema import Column, RejectedRow, RowError, TableSpec
from linghuo.spreadsheets.spreadsheet_safety import formula_safe
from linghuo.spreadsheets.template import template_csv, template_xlsx
from linghuo.spreadsheets.validate import Chunk, ParseResult, iter_chunks, parse_file
from linghuo.spreadsheets.vocabulary import EmploymentForm, InsuranceType

__all__ = [
    "CONTRIBUTIONS",
    "EXAMPLE_ID_NUMBER",
    "ROSTER",
    "CellError",
    "Chunk",
    "Column",
    "ContributionRow",
    "EmploymentForm",
    "FileRejectedError",
    "InsuranceType",
    "ParseResult",
    "RejectedRow",
    "RosterRow",
    "RowError",
    "Source",
    "SourceRow",
    "Table",
    "TableSpec",
    "error_report_bytes",
    "formula_safe",
    "iter_chunks",
    "open_table",
    "parse_file",
    "template_csv",
    "template_xlsx",
    "write_error_report",
]
