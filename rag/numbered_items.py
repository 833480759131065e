"""Questions that point at an item of a list by its number or letter: "What is step 3 of installing
X?", "What does clause 2.3 say?", "What is item c)?", "the first step", "footnote 1". The words of
such an item rarely match the question's (step 3 says "Install the package ..."); its label does,
and the loaders write the labels documents show (DOCX list numbers, "(3)" in a table cell, a PDF
footnote's "1 See ...")."""

import re

_ORDINALS = {
    word: str(n)
    for n, word in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split(), start=1
    )
}
_ITEM_NOUNS = (
    r"step|clause|item|rule|point|section|article|paragraph|footnote|endnote|note|task|stage|phase|"
    r"requirement|condition|question|principle|criterion|recommendation|action"
)
# "step 3", "clause 2.3", "item c)", "rule (b)", "footnote 1"
_BY_LABEL = re.compile(rf"\b(?:{_ITEM_NOUNS})s?\s+\(?(\d{{1,3}}(?:\.\d{{1,3}})*|[a-z])\)?(?![\w.])", re.I)
# "the third step", "the first clause"
_BY_ORDINAL = re.compile(rf"\b({'|'.join(_ORDINALS)})\s+(?:{_ITEM_NOUNS})\b", re.I)


# An item the question only sets the time or condition by: "What should I do if step 6 fails?"
_CONDITION = re.compile(
    rf"\b(?:if|after|before|when|once|until|unless)\s+(?:the\s+)?(?:\w+\s+)?(?:{_ITEM_NOUNS})s?\b", re.I
)


def item_asked(question: str) -> str | None:
    """The label of the item the question points at ("3", "2.3", "c"; "note 1" for a footnote), or
    None (also for one it only sets a condition by: "What if step 6 fails?")."""
    if _CONDITION.search(question):
        return None
    if match := _BY_LABEL.search(question):
        label = match.group(1)
        # a lone capital is a name ("section A" may be), a lone lower-case letter an item's
        if not (len(label) > 1 or label.isdigit() or label.islower()):
            return None
        note = re.match(r"(?:foot|end)?notes?\b", match.group(), re.I) is not None
        return f"note {label.lower()}" if note else label.lower()
    if match := _BY_ORDINAL.search(question):
        return _ORDINALS[match.group(1).lower()]
    return None


def item_body(text: str, label: str) -> str | None:
    """The text of item ``label`` when ``text`` opens with its label ("3. Install it.", "(3) Send
    the pack", "2.3 CCTV footage is kept", "c) hotel"; for "note 1" a footnote's bare "1 See the
    minutes", not a section's "1. Scope"; a bare "3" opens "3 people came"), else None."""
    number = re.escape(label.removeprefix("note "))
    if label.startswith("note "):
        marked = rf"{number}(?=\s)"  # a footnote's label: "1 See the minutes" (not a section's "1.")
    else:  # "3.", "(3)", "c)", and a number with its parts' dots, "2.3 CCTV ..."
        marked = rf"\(\s*{number}\s*\)|{number}[.)]" + (rf"|{number}(?=\s)" if "." in label else "")
    match = re.match(rf"\s*(?:{marked})\s+(\S.*)", text, re.I | re.S)
    return match.group(1).strip() if match else None
