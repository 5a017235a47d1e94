"""Clipboard tables from Excel, Word and LibreOffice read as plan rows."""

from __future__ import annotations

import pytest

from app.domain.plan import Column
from app.services.plan_paste import (
    PastedCell,
    PasteError,
    parse_clipboard,
    parse_html,
    parse_tsv,
    to_plan_rows,
)

COLUMNS = (
    Column("events", {"en": "Events", "ru": "Мероприятия"}, 5),
    Column("participants", {"en": "Participants", "ru": "Участники"}, 3),
)


def texts(table: list[list[PastedCell]]) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table]


def test_tsv_with_quoted_cells_holding_line_breaks_tabs_and_quotes() -> None:
    # What Excel puts on the clipboard for a 3x3 range; the last row ends with CRLF too.
    clipboard = (
        "No.\tEvents\tParticipants\r\n"
        '1.\t"Exchange of visits,\r\nmeetings on the margins"\tCICA and SCO Secretariats\r\n'
        '2.\t"A ""joint"" event\twith a tab"\t\r\n'
    )
    assert texts(parse_tsv(clipboard)) == [
        ["No.", "Events", "Participants"],
        ["1.", "Exchange of visits,\nmeetings on the margins", "CICA and SCO Secretariats"],
        ["2.", 'A "joint" event\twith a tab', ""],
    ]


def test_tsv_rows_of_unequal_length_are_padded_and_blank_text_is_empty() -> None:
    assert texts(parse_tsv("a\tb\tc\nd\n")) == [["a", "b", "c"], ["d", "", ""]]
    assert parse_tsv("\n") == []


EXCEL_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta name=ProgId content=Excel.Sheet><meta name=Generator content="Microsoft Excel 15">
<style><!--table {mso-displayed-decimal-separator:"\\.";} td {padding-top:1px;}
.xl65 {white-space:normal;} --></style></head>
<body link="#0563C1" vlink="#954F72">
<table border=0 cellpadding=0 cellspacing=0 width=512 style='border-collapse: collapse;width:384pt'>
<!--StartFragment-->
 <col width=64 style='width:48pt'>
 <col width=320 style='mso-width-source:userset;width:240pt'>
 <tr height=20 style='height:15.0pt'>
  <td height=20 class=xl65 width=64 style='height:15.0pt;width:48pt'>1.</td>
  <td class=xl65 width=320>Joint events on the margins<br style='mso-data-placement:same-cell'>
  of the UN General Assembly</td>
  <td rowspan=2 class=xl66 width=128 style='width:96pt'>Member States,&nbsp;CICA
  and SCO Secretariats</td>
 </tr>
 <tr height=20 style='height:15.0pt'>
  <td height=20 class=xl65 style='height:15.0pt'>2.</td>
  <td class=xl65>CICA-SCO energy event</td>
 </tr>
 <tr height=20 style='height:15.0pt'>
  <td colspan=3 height=20 class=xl67 style='height:15.0pt'>II. COOPERATION IN ECONOMIC FIELD</td>
 </tr>
<!--EndFragment-->
</table>
</body>
</html>"""

WORD_HTML = """<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
<head><meta http-equiv=Content-Type content="text/html; charset=utf-8">
<meta name=Generator content="Microsoft Word 15"><style>
<!-- p.MsoNormal {margin:0cm; font-size:12.0pt;} -->
</style><title>Plan</title></head>
<body lang=RU style='tab-interval:35.4pt'>
<!--StartFragment-->
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0
 style='border-collapse:collapse;border:none;mso-yfti-tbllook:1184'>
 <tr style='mso-yfti-irow:0;mso-yfti-firstrow:yes'>
  <td width=60 valign=top style='width:45.0pt;border:solid windowtext 1.0pt'>
  <p class=MsoNormal><b><span lang=RU>№ п/п<o:p></o:p></span></b></p>
  </td>
  <td width=300 valign=top style='width:225.0pt'>
  <p class=MsoNormal><b><span lang=RU>Мероприятия<o:p></o:p></span></b></p>
  </td>
  <td width=200 valign=top><p class=MsoNormal><b><span lang=RU>Участники</span></b></p></td>
 </tr>
 <tr style='mso-yfti-irow:1'>
  <td width=60 valign=top><p class=MsoNormal><span lang=RU>1.<o:p></o:p></span></p></td>
  <td width=300 valign=top>
  <p class=MsoNormal><span lang=RU>Обмен визитами генеральных
  секретарей СВМДА и ШОС,<o:p></o:p></span></p>
  <p class=MsoNormal><span lang=RU>проведение встреч<o:p></o:p></span></p>
  </td>
  <td width=200 rowspan=2 valign=top><p class=MsoNormal><span lang=RU>Секретариаты
  СВМДА и ШОС<o:p></o:p></span></p></td>
 </tr>
 <tr style='mso-yfti-irow:2;mso-yfti-lastrow:yes'>
  <td width=60 valign=top><p class=MsoNormal><span lang=RU>2.<o:p></o:p></span></p></td>
  <td width=300 valign=top><p class=MsoNormal><span lang=RU>Совместное
  мероприятие &laquo;СВМДА&nbsp;&amp;&nbsp;ШОС&raquo;<o:p></o:p></span></p></td>
 </tr>
</table>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<!--EndFragment-->
</body>
</html>"""

LIBREOFFICE_HTML = """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN">
<html><head><meta name="generator" content="LibreOffice 7.4"/></head><body>
<table cellspacing="0" border="0"><colgroup width="64"></colgroup>
<tr><td height="17" align="left">3.</td><td align="left">Joint sports<br>competitions</td>
<td align="left"><font face="Liberation Serif">Member States</font></td></tr>
</table></body></html>"""


def test_excel_html_with_rowspan_colspan_and_br() -> None:
    table = parse_html(EXCEL_HTML)
    assert texts(table) == [
        [
            "1.",
            "Joint events on the margins\nof the UN General Assembly",
            "Member States, CICA and SCO Secretariats",
        ],
        ["2.", "CICA-SCO energy event", ""],
        ["II. COOPERATION IN ECONOMIC FIELD", "", ""],
    ]
    assert table[0][2].rowspan == 2
    assert table[1][2].covered == "above"
    assert table[2][0].colspan == 3 and table[2][1].covered == "left"


def test_word_html_paragraphs_become_line_breaks_and_entities_are_decoded() -> None:
    table = parse_html(WORD_HTML)
    assert texts(table) == [
        ["№ п/п", "Мероприятия", "Участники"],
        [
            "1.",
            "Обмен визитами генеральных секретарей СВМДА и ШОС,\nпроведение встреч",
            "Секретариаты СВМДА и ШОС",
        ],
        ["2.", "Совместное мероприятие «СВМДА & ШОС»", ""],
    ]
    assert table[1][2].rowspan == 2


def test_libreoffice_html() -> None:
    assert texts(parse_html(LIBREOFFICE_HTML)) == [
        ["3.", "Joint sports\ncompetitions", "Member States"]
    ]


def test_clipboard_prefers_the_html_table_and_falls_back_to_text() -> None:
    assert parse_clipboard(EXCEL_HTML, "1.\tflat text")[0][0].text == "1."
    assert texts(parse_clipboard("<p>no table</p>", "a\tb")) == [["a", "b"]]
    with pytest.raises(PasteError):
        parse_clipboard(None, "  ")
    with pytest.raises(PasteError):
        parse_html("<p>just a paragraph</p>")


def test_word_table_read_as_plan_rows_skips_the_header_and_keeps_the_span() -> None:
    result = to_plan_rows(parse_html(WORD_HTML), COLUMNS, "ru")
    assert result.header_skipped and result.numbers_found
    assert [(row.kind, row.number) for row in result.rows] == [("item", "1."), ("item", "2.")]
    first, second = result.rows
    assert first.cells == {
        "events": "Обмен визитами генеральных секретарей СВМДА и ШОС,\nпроведение встреч",
        "participants": "Секретариаты СВМДА и ШОС",
    }
    assert first.rowspans == {"participants": 2}
    assert second.cells == {"events": "Совместное мероприятие «СВМДА & ШОС»"}


def test_excel_rows_with_a_section_heading_spanning_the_table() -> None:
    result = to_plan_rows(parse_html(EXCEL_HTML), COLUMNS, "en")
    assert not result.header_skipped
    kinds = [(row.kind, row.number, row.title, row.level) for row in result.rows]
    assert kinds == [
        ("item", "1.", "", 1),
        ("item", "2.", "", 1),
        ("section", "II.", "COOPERATION IN ECONOMIC FIELD", 1),
    ]
    assert result.rows[1].cells == {"events": "CICA-SCO energy event"}


def test_section_rows_by_their_heading_number_and_levels() -> None:
    clipboard = (
        "I.\tCOOPERATION IN POLITICAL FIELD\t\n"
        "2.1. Cooperation through Security Councils\t\t\n"
        "2.1.3 Working groups\t\t\n"
        "1.1.\tRegular consultations\tMinistries\n"
        "Constantly reviewed\t\t\n"
    )
    rows = to_plan_rows(parse_tsv(clipboard), COLUMNS, "en").rows
    assert [(r.kind, r.number, r.title, r.level) for r in rows] == [
        ("section", "I.", "COOPERATION IN POLITICAL FIELD", 1),
        ("section", "2.1.", "Cooperation through Security Councils", 2),
        ("section", "2.1.3", "Working groups", 3),
        ("item", "1.1.", "", 1),
        ("section", "", "Constantly reviewed", 1),
    ]
    assert rows[3].cells == {"events": "Regular consultations", "participants": "Ministries"}


def test_columns_without_numbers_map_in_order_and_extra_columns_are_reported() -> None:
    result = to_plan_rows(parse_tsv("a\tb\tc\nd\te\tf\n"), COLUMNS, "en")
    assert not result.numbers_found
    assert [row.cells for row in result.rows] == [
        {"events": "a", "participants": "b"},
        {"events": "d", "participants": "e"},
    ]
    assert result.notes and "1" in result.notes[0]


def test_a_header_in_another_order_maps_columns_by_name() -> None:
    result = to_plan_rows(parse_tsv("Participants\tEvents\nMinistries\tTalks\n"), COLUMNS, "en")
    assert result.header_skipped and not result.numbers_found
    assert result.rows[0].cells == {"participants": "Ministries", "events": "Talks"}


def test_a_single_column_paste_is_items_and_a_span_stops_at_a_section() -> None:
    rows = to_plan_rows(parse_tsv("Talks\nVisits\n"), COLUMNS, "en").rows
    assert [row.cells for row in rows] == [{"events": "Talks"}, {"events": "Visits"}]
    table = [
        [PastedCell("1."), PastedCell("Talks"), PastedCell("All", rowspan=3)],
        [PastedCell("I."), PastedCell("HEADING"), PastedCell("")],
        [PastedCell("2."), PastedCell("Visits"), PastedCell("")],
    ]
    rows = to_plan_rows(table, COLUMNS, "en").rows
    assert [row.kind for row in rows] == ["item", "section", "item"]
    assert rows[0].rowspans == {}


def test_nothing_to_paste_is_refused() -> None:
    with pytest.raises(PasteError):
        to_plan_rows([], COLUMNS, "en")
    with pytest.raises(PasteError):
        to_plan_rows(parse_tsv("Events\tParticipants\n"), COLUMNS, "en")


NEW_PLAN = (Column("events", {"en": "Events", "ru": "Мероприятия", "kk": "Іс-шаралар"}, 2),)


def test_a_header_naming_columns_the_plan_lacks_adds_them() -> None:
    pasted = "No.\tEvents\tParticipants\n1.\tTalks\tMinistries\n2.\tVisits\tEmbassies\n"
    result = to_plan_rows(parse_tsv(pasted), NEW_PLAN, "en")
    assert result.header_skipped and result.numbers_found
    assert result.new_columns == [("column_2", "Participants")]
    assert [(row.number, row.cells) for row in result.rows] == [
        ("1.", {"events": "Talks", "column_2": "Ministries"}),
        ("2.", {"events": "Visits", "column_2": "Embassies"}),
    ]
    assert not result.notes  # nothing left out


def test_a_pasted_header_names_a_column_without_a_header_in_that_language() -> None:
    # After the English paste the plan has column_2 headed "Participants" in English only.
    columns = (*NEW_PLAN, Column("column_2", {"en": "Participants"}, 2))
    pasted = "№ п/п\tМероприятия\tУчастники\n1.\tПереговоры\tМинистерства\n"
    result = to_plan_rows(parse_tsv(pasted), columns, "ru")
    assert result.new_columns == [] and result.named == {"column_2": "Участники"}
    assert result.rows[0].cells == {"events": "Переговоры", "column_2": "Министерства"}


def test_a_first_row_of_data_is_not_taken_for_a_header() -> None:
    result = to_plan_rows(parse_tsv("1.\tEvents\tParticipants\n2.\tb\tc\n"), NEW_PLAN, "en")
    assert not result.header_skipped and not result.new_columns
    assert [row.number for row in result.rows] == ["1.", "2."]


def test_columns_past_the_limit_are_left_out_and_said() -> None:
    header = "\t".join(["Events", *(f"Extra {n}" for n in range(1, 15))])
    data = "\t".join(f"text {n}" for n in range(15))
    result = to_plan_rows(parse_tsv(f"{header}\n{data}\n"), NEW_PLAN, "en")
    assert len(result.new_columns) == 11  # 12 columns at most
    assert result.notes and "3 pasted columns" in result.notes[0]
