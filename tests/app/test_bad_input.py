"""Bad input gets a clear message and nothing is lost (issue 7).

Files: every kind of bad file goes through `assistant ingest` (a real subprocess) and through the
web upload handler in one batch with good files. Each gets a line naming the file and the
reason, the good files of the batch are indexed, and what was indexed before still answers.

Questions: empty, blank, very long, with control characters, with HTML/Markdown meant for the
page, in English; plus property-based tests of ``clean_question``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import assistant_env, free_port

from assistant.ingest.uploads import safe_name
from assistant.user_input import QuestionError, clean_question

pytestmark = [
    pytest.mark.filterwarnings("ignore:.*no_silent_downcasting"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
BOOK = "000_ad1089ded3aa0d40.txt"  # 'Reset de gemeentelijke ICT!': 352 gemeenten since 2021
SKETCH = "003_54facddaf16a0947.txt"  # 'Schets domein Bedrijfsvoering ICT'
BOOK_QUESTION = (
    "Hoeveel gemeenten waren er in Nederland rond 1900, en hoeveel zijn het er sinds 1 januari 2021?"
)
ODD_NAME = "Notitie <img src=x onerror=alert(1)> café;rm -rf ~.txt"
GOOD_TEXT = (
    "Cloudstrategie Kwelderdam\n\nDe gemeente Kwelderdam heeft in 2024 een cloudstrategie vastgesteld. "
    "Het cloudplatform van Kwelderdam kost 48.213 euro per jaar.\n"
)
ODD_TEXT = (
    "Notitie over Zuiderhoek\n\nDe gemeente Zuiderhoek vervangt in 2025 haar zaaksysteem. "
    "De vervanging van het zaaksysteem van Zuiderhoek kost 71.940 euro.\n"
)
CP1252_TEXT = (
    "Notitie uit Windows\n\nHet café-netwerk van de gemeente Oosterveld kost € 3.125 per maand; "
    "de leverancier heet Café Digitaal.\n"
)
TWIN_TEXT = "Dubbele notitie\n\nDe gemeente Twindorp koopt 17 nieuwe printers voor het stadhuis.\n"


# --- the bad files ---------------------------------------------------------------------------


def blank_pdf(path: Path, password: str | None = None) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(user_password=password, owner_password=password, algorithm="RC4-128")
    with path.open("wb") as fh:
        writer.write(fh)


def make_bad_batch(folder: Path, corpus: Path, big_mb: float) -> dict[str, str]:
    """Write every case into ``folder``; returns file name -> expected reason (None = indexed)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kapot.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\nrommel zonder einde")
    blank_pdf(folder / "versleuteld.pdf", password="geheim")
    blank_pdf(folder / "scan.pdf")  # a page without a text layer, like a scan
    (folder / "leeg.txt").write_bytes(b"")
    (folder / "binair.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "windows.txt").write_bytes(CP1252_TEXT.encode("cp1252"))
    with (folder / "groot.txt").open("w", encoding="utf-8") as fh:
        line = "Een regel tekst over de gemeentelijke ICT die vaak herhaald wordt.\n"
        fh.write(line * int(big_mb * 1024 * 1024 / len(line) + 10))
    (folder / "presentatie.pptx").write_bytes(b"PK\x03\x04 geen echte presentatie")
    shutil.copy(corpus / BOOK, folder / "kopie-van-het-boek.txt")  # indexed before under its own name
    (folder / "dubbel-a.txt").write_text(TWIN_TEXT, encoding="utf-8")  # twice in one batch
    (folder / "dubbel-b.txt").write_text(TWIN_TEXT, encoding="utf-8")
    (folder / "goed.txt").write_text(GOOD_TEXT, encoding="utf-8")
    return {
        "kapot.pdf": "de PDF is beschadigd of onleesbaar",
        "versleuteld.pdf": "de PDF is versleuteld",
        "scan.pdf": "de PDF bevat geen uitleesbare tekst",
        "leeg.txt": "het bestand is leeg",
        "binair.txt": "het bestand is binair, geen tekst",
        "groot.txt": "te groot",
        "presentatie.pptx": "wordt niet ondersteund",
        "kopie-van-het-boek.txt": f"zelfde inhoud als '{BOOK}'",
        "dubbel-b.txt": "zelfde inhoud als",
    }


FAILING = [
    "kapot.pdf",
    "versleuteld.pdf",
    "scan.pdf",
    "leeg.txt",
    "binair.txt",
    "groot.txt",
    "presentatie.pptx",
    "kopie-van-het-boek.txt",
    "dubbel-b.txt",
]


def small_corpus_in(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in (BOOK, SKETCH, "catalog.yaml"):
        shutil.copy(CORPUS / name, folder / name)
    return folder


# --- through the CLI ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli_batch(tmp_path_factory):
    """Index a small corpus, then ingest a folder of bad and good files plus an oddly named one."""
    base = tmp_path_factory.mktemp("cli-batch")
    corpus = small_corpus_in(base / "corpus")
    env = assistant_env(corpus, base / "data", ASSISTANT_MAX_FILE_MB="1")

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "assistant.app.cli", *args],
            cwd=base,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def ask(question: str) -> dict:
        result = cli("ask", "--json", question)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    first = cli("ingest")
    assert first.returncode == 0, first.stderr
    before = ask(BOOK_QUESTION)
    incoming = base / "incoming"
    expected = make_bad_batch(incoming, corpus, big_mb=1.5)
    elsewhere = base / "elders" / "sub"
    elsewhere.mkdir(parents=True)
    (elsewhere / ODD_NAME).write_text(ODD_TEXT, encoding="utf-8")
    odd_arg = f"elders/sub/../sub/{ODD_NAME}"  # a path with '..' in it, relative to cwd
    batch = cli("ingest", "incoming", odd_arg)
    return SimpleNamespace(
        base=base,
        corpus=corpus,
        cli=cli,
        ask=ask,
        before=before,
        batch=batch,
        expected=expected,
        lines=batch.stdout.splitlines(),
    )


@pytest.mark.parametrize("name", FAILING)
def test_cli_names_each_bad_file_and_its_reason(cli_batch, name):
    reason = cli_batch.expected[name]
    lines = [line for line in cli_batch.lines if line.startswith(f"Mislukt: {name}: ")]
    assert len(lines) == 1, cli_batch.batch.stdout
    assert reason in lines[0], lines[0]


def test_cli_batch_goes_on_and_reports_the_failure(cli_batch):
    batch = cli_batch.batch
    assert batch.returncode == 1  # some files failed: the exit code says so
    assert "Traceback" not in batch.stderr
    # goed, windows, dubbel-a and the oddly named note were indexed, the rest reported
    assert "4 (her)geïndexeerd" in batch.stdout and f"{len(FAILING)} mislukt" in batch.stdout
    answer = cli_batch.ask("Wat kost het cloudplatform van Kwelderdam per jaar?")
    assert "48.213 euro" in answer["answer"] and answer["citations"][0]["doc"] == "goed.txt"


def test_cli_earlier_documents_still_answer(cli_batch):
    after = cli_batch.ask(BOOK_QUESTION)
    assert after["answer"] == cli_batch.before["answer"]
    assert "352" in after["answer"] and after["citations"][0]["doc"] == BOOK


def test_cli_windows_1252_is_read_with_a_note(cli_batch):
    assert "Let op: windows.txt: gelezen als Windows-1252 (geen geldige UTF-8)" in cli_batch.lines
    answer = cli_batch.ask("Wat kost het café-netwerk van de gemeente Oosterveld per maand?")
    assert "€ 3.125" in answer["answer"] and "café" in answer["answer"]


def test_cli_odd_file_name_is_stored_safely_inside_the_corpus(cli_batch):
    stored = safe_name(ODD_NAME)
    assert stored == "Notitie_img_src_x_onerror_alert_1_cafe_rm_-rf_.txt"
    assert f"Let op: {ODD_NAME}: opgeslagen als '{stored}'" in cli_batch.lines
    assert (cli_batch.corpus / stored).read_text(encoding="utf-8") == ODD_TEXT
    assert not (cli_batch.base / "elders" / stored).exists()
    answer = cli_batch.ask("Wat kost de vervanging van het zaaksysteem van Zuiderhoek?")
    assert "71.940 euro" in answer["answer"] and answer["citations"][0]["doc"] == stored


def test_cli_failed_copies_do_not_stay_in_the_corpus(cli_batch):
    names = {p.name for p in cli_batch.corpus.iterdir()}
    assert {"goed.txt", "windows.txt", "dubbel-a.txt"} <= names
    assert not names & set(FAILING)
    assert "(niet aan het corpus toegevoegd)" in cli_batch.batch.stdout
    again = cli_batch.cli("ingest")  # the whole corpus again: nothing left that fails
    assert again.returncode == 0, again.stdout + again.stderr
    assert "0 mislukt" in again.stdout


def test_cli_missing_path_copies_nothing(cli_batch):
    (cli_batch.base / "nog-een.txt").write_text("Een notitie.\n", encoding="utf-8")
    result = cli_batch.cli("ingest", "nog-een.txt", "bestaat-niet.txt")
    assert result.returncode == 1
    assert result.stderr.strip() == "Fout: 'bestaat-niet.txt' bestaat niet."
    assert not (cli_batch.corpus / "nog-een.txt").exists()


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\windows\\win.ini.txt", "win.ini.txt"),
        ("/tmp/../x/../..", "document"),
        ("..verborgen.md", "verborgen.md"),
        ("rapport\x00.pdf", "rapport_.pdf"),
        ("notitie\nregel.txt", "notitie_regel.txt"),
        ("Ärger über Überstunden.PDF", "Arger_uber_Uberstunden.pdf"),
    ],
)
def test_safe_name_never_leaves_the_folder(given, stored):
    name = safe_name(given)
    assert name == stored
    assert "/" not in name and "\\" not in name and not name.startswith(".")


# --- through the web upload handler -------------------------------------------------------------


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    from assistant.app.web.layout import create_app
    from assistant.app.web.serve import launch
    from assistant.service import Assistant, prepare_index
    from assistant.settings import Settings

    base = tmp_path_factory.mktemp("web-batch")
    corpus = small_corpus_in(base / "corpus")
    settings = Settings(
        corpus_dir=corpus,
        data_dir=base / "data",
        embeddings="fake",
        upload_enabled=True,
        upload_max_mb=1,
        host="127.0.0.1",
        port=free_port(),
    )
    assistant = Assistant(settings)
    prepare_index(assistant, staged=False)
    app = create_app(assistant)
    url = launch(app, settings)
    handler = next(f.fn for f in app.fns.values() if f.api_name == "upload")
    yield SimpleNamespace(base=base, settings=settings, assistant=assistant, app=app, url=url, upload=handler)
    app.close()


def web_client(web):
    from gradio_client import Client

    return Client(web.url, verbose=False)


def text_of(message: dict) -> str:
    content = message["content"]
    return content if isinstance(content, str) else "".join(p.get("text", "") for p in content)


def web_ask(client, question: str) -> tuple[list[dict], dict]:
    """A question in a new conversation (a follow-up would be read against the previous one)."""
    client.predict(api_name="/new_chat")
    _, chat, _, _, answer = client.predict(question, [], api_name="/ask")
    return chat, answer


@pytest.fixture(scope="module")
def web_batch(web):
    """All files of the batch through the page's API (what the browser sends), in one upload."""
    from gradio_client import handle_file

    client = web_client(web)
    _, before = web_ask(client, BOOK_QUESTION)
    folder = web.base / "incoming"
    expected = make_bad_batch(folder, web.settings.corpus_dir, big_mb=0.1)
    (folder / ODD_NAME).write_text(ODD_TEXT, encoding="utf-8")
    # The API refuses a whole call with a file of another type or over the size limit: those two
    # are sent to the handler directly (test_web_too_big_and_unsupported_files_...).
    files = sorted(p for p in folder.iterdir() if p.name not in ("presentatie.pptx", "groot.txt"))
    report, status, _, _ = client.predict([handle_file(str(p)) for p in files], api_name="/upload")
    return SimpleNamespace(client=client, before=before, expected=expected, report=report, status=status)


WEB_FAILING = [n for n in FAILING if n not in ("presentatie.pptx", "groot.txt")]


@pytest.mark.parametrize("name", WEB_FAILING)
def test_web_names_each_bad_file_and_its_reason(web_batch, name):
    from assistant.app.web.render import md_text

    reason = web_batch.expected[name]
    lines = [line for line in web_batch.report.splitlines() if line.startswith(f"- {md_text(name)}: ")]
    assert len(lines) == 1, web_batch.report
    assert reason in lines[0].replace("\\", ""), lines[0]


def test_web_batch_goes_on_and_earlier_documents_still_answer(web, web_batch):
    assert "4 document(en) toegevoegd" in web_batch.report  # goed, windows, dubbel-a and the odd name
    assert "windows\\.txt: let op, gelezen als Windows\\-1252" in web_batch.report
    _, after = web_ask(web_batch.client, BOOK_QUESTION)
    assert after["answer"] == web_batch.before["answer"] and "352" in after["answer"]
    _, answer = web_ask(web_batch.client, "Wat kost het cloudplatform van Kwelderdam per jaar?")
    assert "48.213 euro" in answer["answer"]
    stored = sorted(p.name for p in (web.settings.data_dir / "uploads").iterdir())
    assert len(stored) == 4  # what failed is not kept
    assert not any(name.endswith(tuple(WEB_FAILING)) for name in stored)


def test_web_odd_file_name_gets_a_generated_safe_name(web, web_batch):
    stored = [p for p in (web.settings.data_dir / "uploads").iterdir() if "Zuiderhoek" not in p.name]
    odd = [p for p in stored if p.read_text(encoding="utf-8", errors="replace") == ODD_TEXT]
    assert len(odd) == 1
    name = odd[0].name
    assert odd[0].parent == web.settings.data_dir / "uploads"
    assert "<" not in name and ";" not in name and " " not in name and name.endswith(".txt")


def test_web_too_big_and_unsupported_files_are_named_and_the_batch_goes_on(web):
    """The page refuses these before upload (Gradio's own check); the handler itself, given them
    in a batch, names each and indexes the rest."""
    folder = web.base / "direct"
    folder.mkdir()
    (folder / "enorm.txt").write_bytes(b"tekst " * 300_000)  # 1.8 MB > 1 MB
    (folder / "brief.docx").write_bytes(b"PK\x03\x04")
    (folder / "fijn.txt").write_text(
        "Notitie Haverlo\n\nDe gemeente Haverlo betaalt 2.468 euro voor het archief.\n", encoding="utf-8"
    )
    report, _, _, _ = web.upload([str(p) for p in sorted(folder.iterdir())])
    assert "- enorm\\.txt: niet toegevoegd, groter dan 1 MB" in report
    assert "- brief\\.docx: niet toegevoegd, bestandstype '\\.docx' wordt niet ondersteund" in report
    assert "1 document(en) toegevoegd" in report and "fijn\\.txt" in report
    answer = web.assistant.ask("Wat betaalt de gemeente Haverlo voor het archief?")
    assert "2.468 euro" in answer.answer


def test_web_http_limits_refuse_before_anything_is_stored(web):
    import httpx
    from gradio_client import handle_file

    big = web.base / "te-groot.txt"
    big.write_bytes(b"tekst " * 300_000)
    response = httpx.post(
        f"{web.url.rstrip('/')}/gradio_api/upload", files={"files": (big.name, big.read_bytes())}
    )
    assert response.status_code == 413
    with pytest.raises(ValueError, match=r"te-groot\.txt"):
        web_client(web).predict([handle_file(str(big))], api_name="/upload")
    assert not any(p.name.endswith("te-groot.txt") for p in (web.settings.data_dir / "uploads").iterdir())


# --- questions ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_assistant(tmp_path_factory):
    from assistant.service import Assistant
    from assistant.settings import Settings

    base = tmp_path_factory.mktemp("questions")
    settings = Settings(
        corpus_dir=small_corpus_in(base / "corpus"), data_dir=base / "data", embeddings="fake"
    )
    assistant = Assistant(settings)
    assert not assistant.ingest().failures
    return assistant


@pytest.mark.parametrize("question", ["", "   ", "\n\t \r\n", "\x00\x07\x1b", "?!... ---"])
def test_empty_or_blank_question_is_refused_with_a_reason(small_assistant, question):
    with pytest.raises(QuestionError, match="Stel een vraag"):
        small_assistant.ask(question)


def test_empty_question_on_the_cli_is_one_line(cli_batch):
    result = cli_batch.cli("ask", "   ")
    assert result.returncode == 2
    assert result.stderr.strip() == "Fout: Stel een vraag: de invoer is leeg."


def test_very_long_question_is_shortened_and_answered(small_assistant):
    question = BOOK_QUESTION + " " + "en verder " * 1000  # about 10,000 characters
    assert len(question) >= 10_000
    answer = small_assistant.ask(question)
    limit = small_assistant.settings.max_question_chars
    assert len(answer.question) <= limit
    assert f"De vraag is ingekort tot {limit} tekens." in answer.notes
    assert "352" in answer.answer


def test_control_characters_are_removed(small_assistant):
    question = "Hoeveel\x00 gemeenten\x1b[31m waren\x07 er in Nederland\x7f rond 1900\u0085?\r\n"
    answer = small_assistant.ask(question)
    assert answer.question == "Hoeveel gemeenten [31m waren er in Nederland rond 1900 ?"
    assert not any(unicodedata.category(c) == "Cc" for c in answer.question)
    assert "1121" in answer.answer


INJECTION = (
    "<script>alert('x')</script> <img src=x onerror=alert(1)> **vet** [klik](javascript:alert(1)) "
    "![beeld](http://example.com/x.png) <b>Hoeveel gemeenten</b> waren er in 1900?"
)


def test_markup_in_a_question_is_shown_as_text(web):
    from assistant.app.web.render import md_text

    chat, answer = web_ask(web_client(web), INJECTION)
    texts = [text_of(m) for m in chat]
    user = [text_of(m) for m in chat if m["role"] == "user"][-1]
    assert user == md_text(INJECTION)
    assert "<" not in user and ">" not in user  # no tag can reach the page
    assert "\\[klik\\]\\(javascript" in user and "\\!\\[beeld\\]" in user and "\\*\\*vet\\*\\*" in user
    assert not any("<script" in t or "<img" in t for t in texts)
    assert answer["answer"] and answer["retrieved"]  # an answer, found in the documents
    assert answer["question"].startswith("<script>")  # JSON keeps the text as typed: data, not markup


def test_markup_in_a_question_is_escaped_in_the_export(small_assistant):
    from assistant.app.web.state import conversation_markdown, new_state

    state = new_state()
    state.turns.append(
        {
            "question": INJECTION,
            "standalone": None,
            "docs": [],
            "answer": "<b>x</b>",
            "sources": [],
            "abstained": True,
        }
    )
    exported = conversation_markdown(state, small_assistant.settings)
    assert "<script" not in exported and "<img" not in exported and "<b>" not in exported


def test_question_in_english_is_not_refused(small_assistant):
    """Accepted and searched in the Dutch documents: the book is found. The extractive answerer
    either quotes its Dutch sentence (the asked year is in it) or lists the book as 'mogelijk
    relevant'; a language model answers it too, see below."""
    question = "How many municipalities were there in the Netherlands around 1900?"
    assert clean_question(question, 2000)[0] == question
    answer = small_assistant.ask(question)
    assert answer.retrieved and answer.retrieved[0].doc == BOOK
    assert "1121" in answer.answer or "Reset de gemeentelijke ICT" in answer.answer


def test_question_in_english_is_answered_by_a_language_model(make_settings):
    from assistant.service import Assistant

    settings = make_settings(llm="fake")
    assistant = Assistant(settings)
    assistant.ingest([CORPUS / BOOK])
    answer = assistant.ask("How many municipalities were there in the Netherlands around 1900?")
    assert not answer.abstained and answer.citations and answer.citations[0].doc == BOOK
    assert "1121" in answer.answer


# --- clean_question, property-based ---------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.none(), st.text(max_size=3000)), limit=st.integers(min_value=1, max_value=2500))
def test_clean_question_never_crashes_and_bounds_its_output(text, limit):
    try:
        cleaned, notes = clean_question(text, limit)
    except QuestionError as exc:
        assert str(exc).startswith("Stel een vraag")
        return
    assert 0 < len(cleaned) <= limit
    assert not any(unicodedata.category(c) == "Cc" for c in cleaned)
    assert cleaned == cleaned.strip() and "  " not in cleaned
    assert any(c.isalnum() or c == "_" for c in cleaned)
    if notes:  # only when it was shortened, to exactly the limit
        assert notes == [f"De vraag is ingekort tot {limit} tekens."]


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(
        alphabet=st.characters(
            codec="utf-8", categories=["Cc", "Zs", "Zl", "Zp", "Ll", "Lu", "Nd", "Po", "Sm"]
        ),
        max_size=500,
    )
)
def test_clean_question_removes_every_control_character(text):
    try:
        cleaned, _ = clean_question(text, 2000)
    except QuestionError:
        return
    assert not any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in cleaned)
    assert "\n" not in cleaned and "\t" not in cleaned


@settings(max_examples=100, deadline=None)
@given(
    words=st.lists(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyzéë0123456789", min_size=1, max_size=12), min_size=1
    )
)
def test_clean_question_keeps_ordinary_questions(words):
    question = " ".join(words) + "?"
    cleaned, notes = clean_question(question, 10_000)
    assert cleaned == question and notes == []
