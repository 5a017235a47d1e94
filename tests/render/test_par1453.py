"""The reference note №PAR/1453 rendered from examples/par-1453.toml, read back from the PDFs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli import main as cli_main

ROOT = Path(__file__).resolve().parents[2]

# The note paragraphs of the reference, word for word.
EXPECTED = {
    "en": [
        "The Secretariat of the Conference on Interaction and Confidence Building Measures in "
        "Asia (CICA) presents its compliments to the CICA Member States and has the honour to "
        "submit the draft Action Plan for the Implementation of the Memorandum of Understanding "
        "between the Secretariat of the Conference on Interaction and Confidence Building "
        "Measures in Asia and the Secretariat of the Shanghai Cooperation Organisation "
        "(hereinafter referred to as the Plan) for consideration of the Member States.",
        "In the absence of objections from the Member States by 29 December 2023 at the latest, "
        "the draft Plan will be submitted to the Senior Officials Committee for approval.",
        "The CICA Secretariat avails itself of this opportunity to renew to the CICA Member "
        "States the assurances of its highest consideration.",
        "Astana, 29 November 2023",
        "MEMBER STATES OF THE CONFERENCE ON INTERACTION AND CONFIDENCE BUILDING MEASURES IN ASIA",
        "№PAR/1453",
    ],
    "ru": [
        "Секретариат Совещания по взаимодействию и мерам доверия в Азии (СВМДА) свидетельствует "
        "свое уважение государствам-членам СВМДА и имеет честь направить на рассмотрение "
        "государств-членов проект Плана мероприятий по реализации Меморандума о "
        "взаимопонимании между Секретариатом Совещания по взаимодействию и мерам доверия в Азии "
        "и Секретариатом Шанхайской организации сотрудничества (далее – План).",
        "В случае отсутствия возражений со стороны государств-членов в срок не позднее "
        "29 декабря 2023 года проект Плана будет вынесен на рассмотрение Комитета старших "
        "должностных лиц для его утверждения.",
        "Секретариат СВМДА пользуется случаем, чтобы возобновить государствам-членам СВМДА "
        "уверения в своем весьма высоком уважении.",
        "город Астана, 29 ноября 2023 года",
        "ГОСУДАРСТВА-ЧЛЕНЫ СОВЕЩАНИЯ ПО ВЗАИМОДЕЙСТВИЮ И МЕРАМ ДОВЕРИЯ В АЗИИ",
    ],
    "kk": [
        "Азиядағы өзара іс-қимыл және сенім шаралары кеңесінің (Азия Кеңесінің) Хатшылығы "
        "Азия Кеңесіне мүше мемлекеттерге өзінің зор ілтипатын білдіре отырып, мүше "
        "мемлекеттердің қарауына Азиядағы өзара іс-қимыл және сенім шаралары кеңесінің "
        "Хатшылығы мен Шанхай ынтымақтастық ұйымы Хатшылығының арасындағы Өзара түсіністік "
        "туралы меморандумды жүзеге асыру жөніндегі Іс-шаралар жоспарының (бұдан әрі – "
        "Жоспар) жобасын жолдауды өзіне мәртебе санайды.",
        "Мүше мемлекеттер 2023 жылғы 29 желтоқсаннан кешіктірмей қарсылық білдірмеген "
        "жағдайда Жоспардың жобасы Аға лауазымды тұлғалар комитетінің отырысында бекіту үшін "
        "ұсынылатын болады.",
        "Азия Кеңесінің Хатшылығы осы мүмкіндікті пайдалана отырып, Азия Кеңесіне мүше "
        "мемлекеттерге өзінің зор ілтипатын тағы да растайды.",
        "Астана қаласы, 2023 жылғы 29 қараша",
        "АЗИЯДАҒЫ ӨЗАРА ІС-ҚИМЫЛ ЖӘНЕ СЕНІМ ШАРАЛАРЫ КЕҢЕСІНЕ МҮШЕ МЕМЛЕКЕТТЕР",
    ],
}


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(path: Path) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(path).pages))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("par1453")
    assert cli_main(["render", str(ROOT / "examples" / "par-1453.toml"), "--out", str(out)]) == 0
    return out


def test_render_writes_each_language_and_the_combined_file(rendered: Path) -> None:
    names = sorted(path.name for path in rendered.iterdir())
    for name in ("PAR-1453_en.pdf", "PAR-1453_ru.pdf", "PAR-1453_kk.pdf", "PAR-1453_all.pdf"):
        assert name in names
    assert not [name for name in names if name.endswith(".tmp")]


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_paragraphs_match_the_reference_word_for_word(rendered: Path, language: str) -> None:
    text = pdf_text(rendered / f"PAR-1453_{language}.pdf")
    for paragraph in EXPECTED[language]:
        assert flat(paragraph) in text


def test_combined_file_holds_en_ru_kk_in_order(rendered: Path) -> None:
    text = pdf_text(rendered / "PAR-1453_all.pdf")
    positions = [text.index(flat(EXPECTED[language][0])) for language in ("en", "ru", "kk")]
    assert positions == sorted(positions)


def test_metadata_names_number_language_and_sender(rendered: Path) -> None:
    meta = PdfReader(rendered / "PAR-1453_ru.pdf").metadata
    assert meta is not None
    assert "№PAR/1453" in str(meta.title) and "(ru)" in str(meta.title)
    assert "СЕКРЕТАРИАТ СОВЕЩАНИЯ" in str(meta.author)


def test_render_only_the_languages_asked_for(tmp_path: Path) -> None:
    args = ["render", str(ROOT / "examples" / "par-1453.toml"), "--out", str(tmp_path)]
    assert cli_main([*args, "--lang", "ru,en"]) == 0
    names = {path.name for path in tmp_path.iterdir()}
    assert "PAR-1453_kk.pdf" not in names
    assert {"PAR-1453_en.pdf", "PAR-1453_ru.pdf", "PAR-1453_all.pdf"} <= names


def test_enclosure_line_counts_the_plan_pages_actually_rendered(rendered: Path) -> None:
    # The CICA profile counts every language version of the plan (en + ru).
    pages = sum(
        len(PdfReader(rendered / f"PAR-1453_plan-1_{language}.pdf").pages)
        for language in ("en", "ru")
    )
    lines = {
        "en": f"Enclosure: as stated, on {pages} p.",
        "ru": f"Приложение: упомянутое, на {pages} л.",
        "kk": f"Қосымша: аталған, {pages} п.",
    }
    for language, line in lines.items():
        assert line in pdf_text(rendered / f"PAR-1453_{language}.pdf")


def test_combined_file_binds_the_notes_then_the_plan(rendered: Path) -> None:
    combined = len(PdfReader(rendered / "PAR-1453_all.pdf").pages)
    parts = [
        "PAR-1453_en.pdf",
        "PAR-1453_ru.pdf",
        "PAR-1453_kk.pdf",
        "PAR-1453_plan-1_en.pdf",
        "PAR-1453_plan-1_ru.pdf",
    ]
    assert combined == sum(len(PdfReader(rendered / name).pages) for name in parts)
    assert "Action Plan" in pdf_text(rendered / "PAR-1453_all.pdf")
