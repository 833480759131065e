"""End to end: the real app in headless Debian Chromium, driven with Playwright.

One app server and one browser for the module, over the session's engine. Set ``UPDATE_SCREENSHOT=1``
to refresh ``docs/screenshot.png`` from the chat test (otherwise it is written only when missing).
"""

import json
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from eval.runner import run_eval
from rag.service import CorpusChat
from tests.conftest import CORPUS, REPO
from ui import eval_tab
from ui.app import build_app
from ui.chat_settings import SETTINGS_KEY

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOT = REPO / "docs" / "screenshot.png"
ANSWER_TIMEOUT_MS = 60_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="browser tests skipped: /usr/bin/chromium is missing and could not be installed "
        "(scripts/ensure-chromium.sh installs Debian's chromium with apt; `make test` runs it)",
    ),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
expect = sync_api.expect


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def app_url(ui_engine: CorpusChat) -> Iterator[str]:
    app = build_app(ui_engine).queue()
    port = _free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{port}/"
    app.close()


@pytest.fixture(scope="module")
def browser() -> Iterator["sync_api.Browser"]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: "sync_api.Browser", app_url: str) -> Iterator["sync_api.Page"]:
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    page = context.new_page()
    page.goto(app_url)
    expect(page.locator("#question textarea")).to_be_editable()
    yield page
    context.close()


def ask(page: "sync_api.Page", question: str, turn: int) -> "sync_api.Locator":
    """Send ``question``; returns the ``turn``-th answer once its citation links are in."""
    box = page.locator("#question textarea")
    expect(box).to_be_editable(timeout=ANSWER_TIMEOUT_MS)
    box.fill(question)
    box.press("Enter")
    answer = page.locator('#chatbot [data-testid="bot"]').nth(turn)
    expect(answer.locator("a.citation-link").first).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    return answer


def test_citation_click_highlights_the_cited_span(page: "sync_api.Page", ui_engine: CorpusChat) -> None:
    question = "Which bases did Erdogan threaten to close?"
    expected = ui_engine.ask(question)  # the same chain the app streams from
    answer = ask(page, question, turn=0)
    expect(answer).to_contain_text("Incirlik")

    top = page.evaluate("window.scrollY")
    answer.locator("a.citation-link").first.click()
    mark = page.locator("#doc-viewer mark.focus")
    expect(mark).to_have_count(1)
    expect(mark).to_have_class("cited focus")
    assert mark.text_content() == expected.citations[0].quote
    expect(mark).to_be_in_viewport()
    assert page.evaluate("window.scrollY") == top  # the document's box scrolled, not the page
    expect(page.locator("#doc-viewer")).to_contain_text(expected.citations[0].source)

    follow_up = ask(page, "And what did the US suspend?", turn=1)
    expect(follow_up).to_contain_text("suspended")
    sources = page.locator("#sources-panel")
    expect(sources.locator(".source-card mark.quote").first).to_be_visible()
    expect(sources).to_contain_text("Retrieved, not cited")

    if os.environ.get("UPDATE_SCREENSHOT") or not SCREENSHOT.exists():
        page.screenshot(path=str(SCREENSHOT), full_page=True)


@pytest.fixture
def uploaded(ui_engine: CorpusChat, note: Path) -> Iterator[Path]:
    """The note to upload; removed from the shared corpus afterwards so other tests see the default."""
    yield note
    ui_engine.delete_document(note.name)


def test_uploaded_markdown_is_answered_from(page: "sync_api.Page", uploaded: Path) -> None:
    page.locator("#corpus-tab-button").click()
    page.locator("#upload input[type=file]").set_input_files(str(uploaded))
    expect(page.locator("#documents-table")).to_contain_text("ferries.md", timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator("#corpus-log")).to_contain_text("1 added")

    page.locator("#chat-tab-button").click()
    answer = ask(page, "When does the ferry to Bozcaada leave?", turn=0)
    expect(answer).to_contain_text("Geyikli")
    answer.locator("a.citation-link").first.click()
    expect(page.locator("#doc-viewer")).to_contain_text("ferries.md")
    expect(page.locator("#doc-viewer mark.focus")).to_contain_text("Geyikli harbour at nine")


def test_the_corpus_log_tells_each_upload_and_deletion(
    page: "sync_api.Page", app_url: str, uploaded: Path, tmp_path: Path
) -> None:
    page.locator("#corpus-tab-button").click()
    log = page.locator("#corpus-log")
    page.locator("#upload input[type=file]").set_input_files(str(uploaded))
    expect(log).to_contain_text("added: ferries.md", timeout=ANSWER_TIMEOUT_MS)  # named, not only counted
    table = page.locator("#documents-table")
    expect(table).to_contain_text("ferries.md")

    # refused by Gradio in the browser (a toast only): the log said nothing and kept "1 added"
    rejected = tmp_path / "notes.csv"
    rejected.write_text("a,b\n1,2\n")
    page.locator("#upload input[type=file]").set_input_files(str(rejected))
    expect(log).to_contain_text("Nothing uploaded.")
    expect(log).to_contain_text("notes.csv: unsupported file type '.csv'")
    expect(log).not_to_contain_text("added")

    # deleted in one tab, then in another that still offered it
    other = page.context.new_page()
    other.goto(app_url)
    other.locator("#corpus-tab-button").click()
    for tab in (page, other):
        tab.on("dialog", lambda dialog: dialog.accept())
        tab.locator("#documents-table").get_by_text("ferries.md", exact=True).locator(
            "visible=true"
        ).first.click()
        expect(tab.locator("#delete-document")).to_be_enabled()
    page.locator("#delete-document").click()
    expect(log).to_have_text("Deleted ferries.md.")
    other.locator("#delete-document").click()
    expect(other.locator("#corpus-log")).to_have_text(
        "ferries.md was already gone (deleted from another tab or outside the app)."
    )


def test_copy_answer_then_new_chat(page: "sync_api.Page", app_url: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    ask(page, "Who is Ibrahim Kalin?", turn=0)
    page.locator("#copy-answer").click()
    expect(page.get_by_text("Copied the answer and its sources.")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "Kalin" in copied and "\n[1] turkey s400 nato (turkey_s400_nato.txt): “" in copied

    page.locator("#new-chat").click()
    expect(page.locator('#chatbot [data-testid="bot"]')).to_have_count(0)
    expect(page.locator("#sources-panel")).to_contain_text("Ask a question")


LIGHTHOUSE = """# The Skarvik Lighthouse

## Keepers

The first keeper, Ola Berg, lit the lamp every evening from 1867 to 1901.
The lamp burned whale oil until a paraffin burner replaced it in the
summer of 1890, and the keeper's wages rose to 400 kroner a year.

Every night the keeper had to:
- trim the wick every four hours through the
  long winter nights
- polish the lens before sunrise
"""


@pytest.fixture
def lighthouse(ui_engine: CorpusChat) -> Iterator[str]:
    """A hard-wrapped Markdown document with headings in the shared corpus, removed afterwards."""
    ui_engine.add_file("skarvik.md", LIGHTHOUSE.encode())
    ui_engine.ingest()
    yield "skarvik.md"
    ui_engine.delete_document("skarvik.md")


def test_a_wrapped_sentence_reads_as_one_and_headings_show_as_headings(
    page: "sync_api.Page", app_url: str, lighthouse: str
) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    answer = ask(page, "When did a paraffin burner replace the whale oil?", turn=0)
    sentence = "The lamp burned whale oil until a paraffin burner replaced it in the summer of 1890"
    expect(answer).to_contain_text(sentence)  # the document's line break is a space
    short = answer.locator("strong.short-answer")
    expect(short).to_have_text("summer of 1890")
    assert "\n" not in answer.inner_text().split("summer of 1890", 1)[1].strip()  # below it, one line
    page.locator("#copy-answer").click()
    expect(page.get_by_text("Copied the answer and its sources.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()").startswith(f"summer of 1890\n\n{sentence}")

    card = page.locator("#sources-panel .source-card").first
    expect(card.locator("mark.quote").first).to_be_in_viewport()  # its box scrolled to it
    expect(card.locator(".doc-heading.h2")).to_have_text("Keepers")
    context = card.locator(".source-context").inner_text()  # what shows: the marks are hidden
    assert "#" not in context and "Keepers\n" in context and f"{sentence}," in context

    answer.locator("a.citation-link").first.click()
    viewer = page.locator("#doc-viewer .document-text")
    expect(viewer.locator(".doc-heading.h1")).to_have_text("The Skarvik Lighthouse")
    assert not viewer.inner_text().lstrip().startswith("#")
    assert "Keepers" in viewer.inner_text().splitlines()
    quote = page.locator("#doc-viewer mark.focus")
    expect(quote).to_have_count(1)
    assert quote.text_content() == sentence.replace("in the summer", "in the\nsummer") + (
        ", and the keeper's wages rose to 400 kroner a year."
    )

    # a quoted list: its items on their lines, its [n] links whole (a line break in a link's tooltip
    # made the Chatbot read "- trim ..." as a list item inside the tag and show the tag as text)
    duties = ask(page, "What duties did the keeper have?", turn=1)
    expect(duties).to_contain_text("had to:\n- trim the wick", use_inner_text=True)
    expect(duties).not_to_contain_text("citation-link")


def test_the_conversation_survives_a_reload_in_its_own_browser_until_cleared(
    page: "sync_api.Page", browser: "sync_api.Browser", app_url: str
) -> None:
    question = "Which bases did Erdogan threaten to close?"
    ask(page, question, turn=0)
    page.reload()
    answers = page.locator('#chatbot [data-testid="bot"]')
    expect(answers).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)  # the page loads anew, then restores
    expect(page.locator('#chatbot [data-testid="user"]')).to_have_text(question)
    expect(answers.first).to_contain_text("Incirlik")
    expect(page.locator("#sources-panel .source-card").first).to_contain_text("Incirlik")
    answers.first.locator("a.citation-link").first.click()  # its links still open the document
    expect(page.locator("#doc-viewer mark.focus")).to_have_count(1)
    follow_up = ask(page, "And what did the US suspend?", turn=1)  # asked with the restored history
    expect(follow_up).to_contain_text("suspended")

    other = browser.new_context(viewport={"width": 1360, "height": 900})  # another browser's storage
    elsewhere = other.new_page()
    elsewhere.goto(app_url)
    ask(elsewhere, "Who is Ibrahim Kalin?", turn=0)  # a restored conversation would have been first
    expect(elsewhere.locator('#chatbot [data-testid="user"]')).to_have_count(1)
    other.close()

    page.locator("#new-chat").click()
    expect(answers).to_have_count(0)
    page.reload()
    ask(page, "Who is Ibrahim Kalin?", turn=0)
    expect(page.locator('#chatbot [data-testid="user"]')).to_have_text(["Who is Ibrahim Kalin?"])


def test_a_source_filter_restricts_the_answer_and_the_settings_survive_a_reload(
    page: "sync_api.Page", bases: str
) -> None:
    question = "Which bases did Erdogan threaten to close?"
    filters = page.locator("#chat-filters")
    filters.get_by_text("Filters").first.click()  # re-reads the documents: bases.md came after the page
    page.locator("#chat-sources input").click()
    page.get_by_role("option", name=bases).click()
    page.keyboard.press("Escape")
    after = page.locator("#chat-after textarea")
    after.fill("2024-13-01")
    after.press("Tab")
    expect(page.locator("#chat-after")).to_contain_text("date '2024-13-01': expected YYYY-MM-DD")
    page.locator("#question textarea").fill(question)
    page.locator("#question textarea").press("Enter")  # refused, saying why
    expect(page.locator("#question")).to_contain_text("Filters: date '2024-13-01': expected YYYY-MM-DD")
    expect(page.locator('#chatbot [data-testid="user"]')).to_have_count(0)
    after.fill("2024-01-01")
    after.press("Tab")
    expect(page.locator("#chat-after")).not_to_contain_text("expected")
    page.locator("#chat-settings").get_by_text("Settings").first.click()
    kept = page.evaluate(f"localStorage.getItem('{SETTINGS_KEY}')")
    page.locator("#top-k input[type=number]").fill("3")
    page.locator("#top-k input[type=number]").press("Tab")
    expect(filters).to_contain_text(f"Filters: {bases}, on or after 2024-01-01")
    # the browser's copy is written when the server has answered the change: before the reload below
    page.wait_for_function(f"localStorage.getItem('{SETTINGS_KEY}') !== {json.dumps(kept)}")

    def cites_only_the_chosen_document(turn: int) -> None:
        answer = ask(page, question, turn)
        expect(answer).to_contain_text("Kurecik")
        sources = page.locator("#sources-panel")
        expect(sources.locator(".searched-only")).to_have_text(
            f"Searched only: {bases}, on or after 2024-01-01"
        )
        assert set(sources.locator(".source-meta code").all_inner_texts()) == {bases}

    cites_only_the_chosen_document(turn=0)
    page.reload()
    # the page loads anew and asks the server to restore its settings: more than the default 5 s on a
    # busy 2-core machine
    expect(filters).to_contain_text(f"Filters: {bases}, on or after 2024-01-01", timeout=ANSWER_TIMEOUT_MS)
    # opening the accordion re-reads the documents offered, and keeps the one restored
    filters.get_by_text("Filters").first.click()
    expect(page.locator("#chat-sources")).to_contain_text(bases)
    page.locator("#chat-settings").get_by_text("Settings").first.click()
    expect(page.locator("#top-k input[type=number]")).to_have_value("3")
    cites_only_the_chosen_document(turn=1)


def test_on_a_phone_the_documents_table_scrolls_sideways_rather_than_break_words(
    browser: "sync_api.Browser", app_url: str
) -> None:
    context = browser.new_context(viewport={"width": 400, "height": 900})
    page = context.new_page()
    page.goto(app_url)
    page.locator("#corpus-tab-button").click()
    header = page.locator("#documents-table th").filter(has_text="Chunks")
    expect(header).to_be_visible()
    line_height = header.evaluate("cell => parseFloat(getComputedStyle(cell).lineHeight) || 20")
    assert (
        header.evaluate("cell => cell.querySelector('span').getBoundingClientRect().height")
        < 1.5 * line_height
    )
    viewport = page.locator("#documents-table .virtual-table-viewport")
    assert viewport.evaluate("box => box.scrollWidth > box.clientWidth")  # the rest is a scroll away
    context.close()


def test_delete_is_enabled_only_once_a_document_is_chosen(page: "sync_api.Page") -> None:
    page.locator("#corpus-tab-button").click()
    delete = page.locator("#delete-document")
    expect(delete).to_be_disabled()
    table = page.locator("#documents-table")
    expect(table).to_contain_text("turkey_s400_nato.txt")
    table.get_by_text("turkey_s400_nato.txt", exact=True).locator("visible=true").first.click()
    expect(page.locator("#delete-choice input")).to_have_value("turkey_s400_nato.txt")
    expect(delete).to_be_enabled()


@pytest.fixture
def eval_workdir(ui_engine: CorpusChat, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory (run folders go to ./eval/runs) with one baseline run of a two-question
    set, and a sets folder of its own in place of eval/sets."""
    sets = tmp_path / "sets"
    sets.mkdir()
    questions = [
        ("Which bases did Erdogan threaten to close?", "Incirlik and Kureci"),
        ("What did the US suspend deliveries of to Turkey?", "F 35 Joint Strike Fighter"),
    ]
    lines = [
        {
            "id": f"t-{n}",
            "question": q,
            "answer": a,
            "type": "factoid",
            "corpus": os.path.relpath(CORPUS, sets),
        }
        for n, (q, a) in enumerate(questions)
    ]
    (sets / "tiny.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    monkeypatch.setattr(eval_tab, "SETS_DIR", sets)
    monkeypatch.chdir(tmp_path)  # the app's threads share the working directory
    run_eval(sets / "tiny.jsonl", profile="baseline", settings=ui_engine.settings)
    return tmp_path


def test_the_eval_tab_shows_the_newest_run_as_it_was_run_and_its_answers_as_the_chat_does(
    page: "sync_api.Page", eval_workdir: Path
) -> None:
    page.locator("#eval-tab-button").click()
    expect(page.locator("#eval-summary")).to_be_visible(timeout=ANSWER_TIMEOUT_MS)  # the newest run
    expect(page.locator("#eval-set input")).to_have_value("tiny")  # the form says how it was run
    expect(page.locator("#eval-profile input")).to_have_value("baseline")

    (eval_workdir / "sets" / "qa-mini.jsonl").write_text("")  # a set added while the app runs
    page.locator("#chat-tab-button").click()
    page.locator("#eval-tab-button").click()
    page.locator("#eval-set input").click()
    expect(page.get_by_role("option", name="qa-mini")).to_be_visible()
    page.keyboard.press("Escape")

    page.get_by_role("tab", name="Questions").click()
    table = page.locator("#eval-questions")
    table.get_by_text("Which bases did Erdogan threaten to close?").locator("visible=true").first.click()
    answer = page.locator("#eval-answer .eval-answer")
    short = answer.locator("strong.short-answer")
    expect(short).to_be_visible()
    # a paragraph of its own above the sentence, as in the chat (it ran into the sentence)
    expect(answer.locator("p").first).to_have_text(short.inner_text())
    expect(answer.locator("p").nth(1)).to_contain_text("Incirlik")
    expect(page.locator("#eval-sources .source-title").first).to_have_text("turkey s400 nato")  # its title
    answer.locator("a.citation-link").first.click()
    expect(page.locator("#eval-doc-viewer mark.focus")).to_have_count(1)
