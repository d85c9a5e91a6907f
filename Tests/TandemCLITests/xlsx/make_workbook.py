"""Writes a workbook as a spreadsheet program would, from a folder of Tandem's CSV tables.

    python3 make_workbook.py TABLES_DIR OUT.xlsx [formula|merged]

openpyxl (an independent writer) stores dates as serial numbers with a date style, numbers as
numbers, booleans as booleans and text in the shared-strings table — what Excel and LibreOffice
write — so the test reads Tandem's import against a real producer, not against its own writer.
With `formula` or `merged`, people!B3 becomes a formula, or people!B2:C2 merged cells.
"""
import csv, datetime, os, re, sys
import openpyxl

tables, out = sys.argv[1], sys.argv[2]
defect = sys.argv[3] if len(sys.argv) > 3 else None


def sheet_name(table):
    parts = table.split(".")
    while len(parts) > 1 and len(".".join(parts)) > 31:
        parts.pop(0)
    return ".".join(parts)[:31]


def typed(text):
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return datetime.date.fromisoformat(text)
    if text in ("true", "false"):
        return text == "true"
    if re.fullmatch(r"-?\d+", text) and not text.startswith("0") or text == "0":
        return int(text)
    return text


book = openpyxl.Workbook()
book.remove(book.active)
for name in sorted(os.listdir(tables)):
    if not name.endswith(".csv"):
        continue
    sheet = book.create_sheet(sheet_name(name[:-4]))
    with open(os.path.join(tables, name), newline="", encoding="utf-8") as handle:
        for r, row in enumerate(csv.reader(handle)):
            sheet.append([typed(v) if r > 0 and v != "" else (v if v != "" else None) for v in row])
            if r > 0:
                for cell in sheet[r + 1]:
                    if isinstance(cell.value, datetime.date):
                        cell.number_format = "yyyy-mm-dd"
if defect == "formula":
    book["people"]["B3"] = '=CONCATENATE("Ben", " ", "Morissette")'
if defect == "merged":
    book["people"].merge_cells("B2:C2")
book.save(out)
