"""The generative answerer's own logic on real passages: packing, verification policies, errors.

What the model writes is given here (``finish`` takes the generated text), so each case is exact;
tests/llm/ runs the same code with real models behind it.
"""

from collections.abc import Callable

import pytest
from langchain_core.embeddings import Embeddings

from prompts import load_chat_prompt
from rag.backends import BackendUnavailableError, build_answerer
from rag.config import Settings
from rag.context import QuestionTooLongError, fence, pack_passages, prompt_tokens, truncated
from rag.followup import Exchange
from rag.generative import NOTHING_SUPPORTED, GenerativeAnswerer, ShortAnswerLine, is_abstention
from rag.llm import build_llm, wordpiece_counter
from rag.schema import Answer, Passage
from rag.service import CorpusChat
from tests.conftest import ARTICLE

QUESTION = "Which bases did Erdogan threaten to close?"
SUPPORTED = "If necessary Turkey may close the Incirlik and Kureci installations [{n}]."
UNSUPPORTED = "Erdogan also promised to buy forty Patriot batteries from Germany [{n}]."


@pytest.fixture(scope="module")
def passages(seed_engine: CorpusChat) -> list[Passage]:
    return seed_engine.ask(QUESTION, k=4).passages


@pytest.fixture
def answerer(embeddings: Embeddings) -> Callable[..., GenerativeAnswerer]:
    """A generative answerer whose model is never called (``finish`` is given the text)."""

    def make(**overrides: object) -> GenerativeAnswerer:
        settings = Settings(
            backend="openai", openai_model="unused", openai_base_url="http://127.0.0.1:9/v1", **overrides
        )  # type: ignore[arg-type]
        built = build_answerer("openai", settings, embeddings)
        assert isinstance(built, GenerativeAnswerer)
        return built

    return make


def rank_of_bases(passages: list[Passage]) -> int:
    return next(p.rank for p in passages if "Incirlik and Kureci" in p.text)


def test_flag_keeps_and_marks_drops_bad_markers_and_cites_spans(answerer, passages) -> None:
    n = rank_of_bases(passages)
    text = f"{SUPPORTED.format(n=n)} {UNSUPPORTED.format(n=n)} It is in passage [42]."
    answer = answerer(verification="flag").finish(QUESTION, passages, passages, text)
    assert answer.backend == "openai" and not answer.abstained
    assert answer.dropped_markers == [42] and "[42]" not in answer.answer
    assert [s.supported for s in answer.sentences] == [True, False, False]
    assert answer.supported_rate == pytest.approx(1 / 3)
    (citation,) = answer.citations
    assert citation.marker == n and citation.chunk_id == passages[n - 1].chunk_id
    assert ARTICLE.read_text(encoding="utf-8")[citation.start : citation.end] == citation.quote
    assert "Incirlik and Kureci" in citation.quote
    assert [p.cited for p in answer.passages] == [p.rank == n for p in passages]


def test_strip_drops_unsupported_sentences(answerer, passages) -> None:
    n = rank_of_bases(passages)
    strip = answerer(verification="strip")
    answer = strip.finish(QUESTION, passages, passages, f"{UNSUPPORTED.format(n=n)} {SUPPORTED.format(n=n)}")
    assert answer.answer == SUPPORTED.format(n=n)
    assert [s.supported for s in answer.sentences] == [True]
    assert answer.supported_rate == 0.5
    nothing = strip.finish(QUESTION, passages, passages, UNSUPPORTED.format(n=n))
    assert nothing.abstained and nothing.answer == NOTHING_SUPPORTED and nothing.citations == []


def test_fallback_answers_extractively_when_too_little_is_supported(answerer, passages) -> None:
    n = rank_of_bases(passages)
    fallback = answerer(verification="fallback", fallback_below=0.6)
    answer = fallback.finish(
        QUESTION, passages, passages, f"{SUPPORTED.format(n=n)} {UNSUPPORTED.format(n=n)}"
    )
    assert answer.fallback_from == "openai" and answer.backend == "extractive"
    assert answer.supported_rate == 0.5  # the generated answer's, which caused the fallback
    assert answer.citations and all(s.supported for s in answer.sentences)
    kept = fallback.finish(QUESTION, passages, passages, SUPPORTED.format(n=n))
    assert kept.fallback_from is None and kept.backend == "openai"


@pytest.mark.parametrize("text", ["Not found in the corpus.", '"Not found in the corpus."', "  "])
def test_the_model_saying_not_found_is_an_abstention(answerer, passages, text: str) -> None:
    answer = answerer().finish(QUESTION, passages, passages, text)
    assert answer.abstained and answer.sentences == [] and answer.citations == []
    assert is_abstention(answer.answer)


def streamed_through(deltas: list[str]) -> tuple[str, str]:
    """The text a ShortAnswerLine passes on for ``deltas``, and the short answer it kept."""
    lead = ShortAnswerLine()
    text = "".join(lead.feed(d) for d in deltas) + lead.close()
    return text, lead.value


def test_the_short_answer_line_is_held_out_of_the_streamed_text() -> None:
    deltas = ["Sho", "rt answ", "er: Incirlik", " and Kureci [2].", "\n\n", "Turkey may close ", "them [2]."]
    assert streamed_through(deltas) == ("Turkey may close them [2].", "Incirlik and Kureci")
    assert streamed_through(["**Short answer:** ", '"1952."', "\nIt joined in 1952 [1]."]) == (
        "It joined in 1952 [1].",
        "1952",
    )


@pytest.mark.parametrize(
    "deltas",
    [["Turkey may ", "close them [2]."], ["Short", "ly after, Turkey closed them [2]."], ["  ", "No [1]."]],
)
def test_a_reply_without_the_short_answer_line_streams_unchanged(deltas: list[str]) -> None:
    assert streamed_through(deltas) == ("".join(deltas), "")


def test_an_answer_that_goes_on_on_the_short_answer_line_keeps_its_first_sentence_only() -> None:
    deltas = ["Short answer: Incirlik and Kureci [2]. Turkey may ", "close them [2].\nIt said so [1]."]
    assert streamed_through(deltas) == ("Turkey may close them [2].\nIt said so [1].", "Incirlik and Kureci")
    assert streamed_through(["Short answer: 1952. It joined in 1952 [1]."]) == (
        "It joined in 1952 [1].",
        "1952",
    )


@pytest.mark.parametrize(
    ("deltas", "expected"),
    [
        (["**Short answer**: 1952\n", "It joined in 1952 [1]."], ("It joined in 1952 [1].", "1952")),
        (["Short answer: 1952\r\n", "It joined in 1952 [1]."], ("It joined in 1952 [1].", "1952")),
        (
            ["Short answer: Washington, D.C.\nIt is the capital [1]."],
            ("It is the capital [1].", "Washington, D.C."),
        ),
    ],
)
def test_the_short_answer_line_in_other_spellings(deltas: list[str], expected: tuple[str, str]) -> None:
    assert streamed_through(deltas) == expected


def test_an_answer_on_the_short_answer_line_streams_once_its_second_sentence_starts() -> None:
    lead = ShortAnswerLine()
    assert lead.feed("Short answer: 1952 [1]. Turkey ") == "Turkey "  # before the reply ends
    assert lead.value == "1952"


@pytest.mark.parametrize("reply", ["Short answer: Incirlik [2].", "Short answer: Incirlik [2].\n"])
def test_a_reply_that_is_only_the_short_answer_line_keeps_it_as_text(reply: str) -> None:
    assert streamed_through([reply]) == ("Incirlik [2].", "Incirlik")
    assert streamed_through(["Short answer: Not found in the corpus."])[0] == "Not found in the corpus."


BASES_ASKED_YES_OR_NO = "Did Erdogan threaten to close the Incirlik base?"


@pytest.mark.parametrize(
    ("question", "context", "short", "expected"),
    [
        (QUESTION, None, "Incirlik and Kureci installations", "Incirlik and Kureci installations"),
        (BASES_ASKED_YES_OR_NO, None, "yes", "Yes"),
        # a follow-up's is checked against the standalone question the model was asked
        ("And did he threaten to close it?", BASES_ASKED_YES_OR_NO, "yes", "Yes"),
    ],
)
def test_the_short_answer_is_the_models_when_the_cited_passage_holds_it(
    answerer, passages, question: str, context: str | None, short: str, expected: str
) -> None:
    n = rank_of_bases(passages)
    answer = answerer(verification="flag").finish(
        question, passages, passages, SUPPORTED.format(n=n), context, short=short
    )
    assert answer.short_answer == expected


def test_a_short_answer_the_passages_do_not_hold_is_taken_from_the_supported_sentence(
    answerer, passages
) -> None:
    n = rank_of_bases(passages)
    flag = answerer(verification="flag")
    invented = flag.finish(
        QUESTION, passages, passages, SUPPORTED.format(n=n), short="forty Patriot batteries"
    )
    assert invented.short_answer and "Patriot" not in invented.short_answer
    assert invented.short_answer in SUPPORTED.format(n=n)
    unsupported = flag.finish(QUESTION, passages, passages, UNSUPPORTED.format(n=n), short="forty batteries")
    assert unsupported.short_answer == ""  # no supported sentence: no short answer either


def test_a_short_answer_saying_not_found_is_an_abstention(answerer, passages) -> None:
    n = rank_of_bases(passages)
    answer = answerer().finish(
        QUESTION, passages, passages, SUPPORTED.format(n=n), short="Not found in the corpus"
    )
    assert answer.abstained and answer.citations == [] and answer.short_answer == ""


def test_passages_are_packed_most_relevant_first_within_the_budget(passages: list[Passage]) -> None:
    count = wordpiece_counter(Settings().embedding_model)
    prompt = load_chat_prompt("answer")
    costs = [count(fence(p)) + 2 for p in passages]
    fixed = sum(count(str(m.content)) + 8 for m in prompt.format_messages(question=QUESTION, passages=""))
    window = fixed + 100 + costs[0] + costs[2] + 1  # room for passages 1 and 3 only if 2 is bigger
    big = passages[1].model_copy(update={"text": passages[1].text * 3})
    ranked = [passages[0], big, passages[2], passages[3]]
    packed = pack_passages(prompt, QUESTION, ranked, count, window, reserve=100)
    assert [p.rank for p in packed] == [1, 3]
    assert pack_passages(prompt, QUESTION, passages, count, 100_000, reserve=100) == passages


def test_an_over_long_question_is_a_clear_error(answerer, passages) -> None:
    with pytest.raises(QuestionTooLongError, match=r"question too long: .* 8192-token context window"):
        list(answerer().stream("why " * 9000, passages))
    with pytest.raises(QuestionTooLongError, match="no room for a passage"):
        list(answerer(openai_context_window=800, llm_max_tokens=300).stream("why " * 125, passages))


def test_a_long_text_is_cut_at_a_word_from_either_end() -> None:
    count = wordpiece_counter(Settings().embedding_model)
    text = "Incirlik and Kureci are bases. " * 2000 + "Which bases did Erdogan threaten to close?"
    start, end = truncated(text, 50, count), truncated(text, 50, count, keep_end=True)
    assert text.startswith(start) and text.endswith(end) and end.endswith("threaten to close?")
    for kept in (start, end):
        assert 40 < count(kept) <= 50 and kept == kept.strip()
    one_more = text[: text.index(" ", len(start) + 1)]  # the next word would not fit
    assert count(one_more) > 50
    assert truncated("short text", 50, count) == "short text" and truncated("", 50, count) == ""


def test_the_condense_prompt_keeps_the_recent_turns_that_fit(answerer) -> None:
    """An earlier turn longer than the window is cut to its end, the turns before it left out, and the
    prompt then fits beside the reply's tokens: a long conversation is not an error."""
    small = answerer(openai_context_window=600, llm_max_tokens=100)
    count = small.llm.count_tokens
    pasted = "Turkey bought the S-400 from Russia. " * 400 + "Which bases did Erdogan threaten to close?"
    history = ["What is the S-400?", pasted, "Who sold it?"]
    follow_up = "And what did the US suspend?"
    turns = small.recent_turns(follow_up, history)
    first, last = turns.split("\n")
    assert last == "User: Who sold it?" and first.endswith("Which bases did Erdogan threaten to close?")
    assert "What is the S-400?" not in turns
    needs = prompt_tokens(small.condense_prompt, count, question=follow_up, history=turns)
    assert 500 - 40 < needs <= 500  # the window less the reply's 100 tokens, nearly filled
    assert small.recent_turns(follow_up, ["Who sold it?"]) == "User: Who sold it?"
    # what was answered follows its question; it is left out before any question is
    answered = [Exchange("Who sold it?", "Russia [1]")]
    assert small.recent_turns(follow_up, answered) == "User: Who sold it?\nAssistant: Russia [1]"
    turns = small.recent_turns(follow_up, [Exchange(pasted, "Incirlik and Kureci."), "Who sold it?"])
    assert "Assistant" not in turns and turns.endswith("User: Who sold it?")
    with pytest.raises(QuestionTooLongError, match="600-token context window"):
        small.recent_turns("why " * 600, history)


def test_a_question_with_no_passages_is_answered_not_found(answerer) -> None:
    events = list(answerer().stream(QUESTION, []))
    assert isinstance(events[-1], Answer) and events[-1].abstained


def test_an_unreachable_model_server_is_a_clear_error(answerer, passages) -> None:
    with pytest.raises(
        BackendUnavailableError,
        match=r"^backend 'openai' \(http://127\.0\.0\.1:9/v1\): OpenAIConnectionError",
    ):
        list(answerer().stream(QUESTION, passages))


def test_unconfigured_back_ends_say_what_to_set(embeddings: Embeddings) -> None:
    with pytest.raises(BackendUnavailableError, match="set openai_model"):
        build_answerer("openai", Settings(), embeddings)
    with pytest.raises(BackendUnavailableError, match=r"llamacpp_model_path|needs llama-cpp-python"):
        build_answerer("llamacpp", Settings(), embeddings)
    with pytest.raises(BackendUnavailableError, match="unknown"):
        build_answerer("gpt5", Settings(), embeddings)


def test_reasoning_models_are_sent_no_temperature() -> None:
    # OpenAI refuses temperature 0 for its o-series models: theirs is left to the server
    assert build_llm("openai", Settings(openai_model="o4-mini")).model.temperature is None
    assert build_llm("openai", Settings(openai_model="gpt-4o-mini")).model.temperature == 0
    assert build_llm("openai", Settings(openai_model="gpt-5-mini")).model.temperature is None


@pytest.mark.parametrize(
    ("model", "limit"),
    [("o4-mini", 100 + 900), ("openai/o3", 100 + 900), ("gpt-5.1", 100 + 900), ("gpt-5-chat-latest", 100)],
)
def test_reasoning_models_get_tokens_to_reason_with(model: str, limit: int) -> None:
    settings = Settings(openai_model=model, llm_max_tokens=100, llm_reasoning_tokens=900)
    assert build_llm("openai", settings).model.max_tokens == limit


@pytest.mark.parametrize(
    ("base_url", "legacy"),
    [
        (None, False),
        ("https://api.openai.com/v1", False),
        ("https://corp.openai.azure.com/openai/v1", False),
        ("http://127.0.0.1:8080/v1", True),
    ],
)
def test_only_other_servers_are_sent_the_legacy_max_tokens(base_url: str | None, legacy: bool) -> None:
    """llama-cpp-python's server reads only ``max_tokens``; OpenAI refuses it for reasoning models."""
    settings = Settings(openai_model="gpt-4o-mini", openai_base_url=base_url, llm_max_tokens=123)
    extra_body = build_llm("openai", settings).model.extra_body
    assert extra_body == ({"max_tokens": 123} if legacy else None)
