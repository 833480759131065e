"""What an abbreviation stands for: "What does mnt stand for?" is answered by the words whose
initials spell it ("`mnt` (for Multiple NoTangle) is a back end ..." -> "Multiple NoTangle")."""

import re

# Questions that ask what an abbreviation means.
_ASKS_EXPANSION = re.compile(
    r"\b(?:stands?|stood) for\b|\bshort for\b|\b(?:abbreviation|acronym|initialism)s?\b|\bexpansion of\b",
    re.IGNORECASE,
)
# What may be an abbreviation in a question: a word of two to ten letters or digits ("mnt", "TIP",
# "U.S.A.").
_ABBREVIATION = re.compile(r"(?<![\w.])[A-Za-z](?:[A-Za-z0-9&]|\.(?=\w)){1,9}\.?(?![\w-])")
# Words an expansion may skip: "Department of Defense", "Tip Isn't Pico" spells TIP with every word.
_JOINERS = frozenset("of and the for a an in on to at by with &".split())
# A word of the sentence, with its apostrophes and hyphens ("Isn't", "Read-Only").
_WORD = re.compile(r"[A-Za-z][\w'’]*(?:-[A-Za-z][\w'’]*)*|&")
_MAX_WORDS = 12
# What introduces an expansion however it is written: "zoo which stands for Z’s ordered observations".
_INTRODUCED = re.compile(
    r"\b(?:stands?|stood|short|acronym|abbreviation)\s+(?:for|of)\s*[\"'“‘(]?$", re.IGNORECASE
)


def expansion(question: str, sentence: str) -> str | None:
    """The words of ``sentence`` whose initials spell an abbreviation the question asks the meaning of,
    or None. A word gives its first letter, or the capitals of a compound written as one ("NoTangle":
    N, T) or the first letters of its hyphenated parts; joining words ("of", "and") may give none. The
    words start with capitals ("Digital Equipment Corporation"), unless "stands for" or the like
    introduces them ("zoo which stands for Z’s ordered observations"), or they follow the abbreviation
    or precede it closely, as in "mnt (for multiple notangle)" and "random access memory (RAM)"."""
    if not _ASKS_EXPANSION.search(question):
        return None
    words = list(_WORD.finditer(sentence))
    for abbreviation in _ABBREVIATION.findall(question):
        letters = re.sub(r"[^a-z0-9&]", "", abbreviation.lower())
        if len(letters) < 2 or letters in {"what", "does", "stand", "short", "for", "name", "mean"}:
            continue
        said = [m.span() for m in re.finditer(rf"(?<![\w.]){re.escape(abbreviation)}", sentence)]
        for start in range(len(words)):
            end = _spelled(words, start, letters)
            if end is None:
                continue
            span = words[start:end]
            close = any(0 <= span[0].start() - at[1] <= 8 or 0 <= at[0] - span[-1].end() <= 3 for at in said)
            close = close or _INTRODUCED.search(sentence[: span[0].start()]) is not None
            contributing = [w.group() for w in span if w.group().lower() not in _JOINERS]
            if close or all(w[0].isupper() for w in contributing):
                return " ".join(sentence[span[0].start() : span[-1].end()].split())
    return None


def _spelled(words: list[re.Match[str]], start: int, letters: str) -> int | None:
    """The end (exclusive) of the run of ``words`` from ``start`` whose initials spell ``letters``
    exactly, every word but a joiner giving some, or None."""

    def spell(n: int, at: int) -> int | None:
        if at == len(letters):
            return n if n - start >= 2 else None  # one word is the abbreviation itself ("TIP")
        if n >= len(words) or n - start >= _MAX_WORDS:
            return None
        word = words[n].group()
        for initials in _initials(word):
            if letters.startswith(initials, at) and (end := spell(n + 1, at + len(initials))) is not None:
                return end
        if n > start and word.lower() in _JOINERS:
            return spell(n + 1, at)
        return None

    return spell(start, 0)


def _initials(word: str) -> list[str]:
    """The letters a word may give an abbreviation: its first, the capitals of a compound ("NoTangle":
    "nt"), the first of each hyphenated part ("Read-Only": "ro")."""
    options = [word[0].lower()]
    capitals = "".join(c for c in word if c.isupper()).lower()
    if len(capitals) > 1 and word[0].isupper():
        options.append(capitals)
    parts = word.split("-")
    if len(parts) > 1:
        options.append("".join(p[0] for p in parts).lower())
    return sorted(set(options), key=len, reverse=True)
