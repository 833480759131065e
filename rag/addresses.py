"""E-mail and web addresses: what a question asking for one needs a sentence to give ("What email
address should I send bug reports to?" is not answered by "See the Bugs section for my address.")."""

import re

# An e-mail address, also as people write it against harvesters: "bugs@example.org", "amc at nicemice
# dot net", "jo [at] example [dot] org".
EMAIL = re.compile(
    r"[\w.+-]+\s*(?:@|\s(?:at|AT)\s|\[at\]|\(at\)|<at>)\s*[\w-]+(?:\s*(?:\.|\s(?:dot|DOT)\s|\[dot\]|\(dot\))\s*[\w-]+)+"
)
# A web address: "https://www.linux-on-laptops.com/", "www.example.org/docs".
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'`()\[\]]*[^\s<>\"'`()\[\].,;:!?]")
# Nouns by which a question asks for a web address.
WEB_NOUNS = frozenset("website websites site url urls link links homepage page address".split())
# Questions that ask for an address of either kind by name: "What is the e-mail address of ...?",
# "What URL ...?", "What is the web address ...?" ("Which website ...?" may ask for a name: "BBC News").
_ASKS_EMAIL = re.compile(r"\be-?mail\s+address(?:es)?\b", re.IGNORECASE)
# Not "What URL scheme ...?", which asks for a part ("s3://").
_ASKS_URL = re.compile(
    r"\b(?:urls?|web\s+address(?:es)?)\b(?!\s+(?:scheme|format|prefix|parameter|path|pattern|syntax|encoding))",
    re.IGNORECASE,
)


def asked_address(question: str) -> re.Pattern[str] | None:
    """The pattern of the address the question asks for by name, or None."""
    if _ASKS_EMAIL.search(question):
        return EMAIL
    if _ASKS_URL.search(question):
        return URL
    return None


def lacks_asked_address(question: str, text: str) -> bool:
    """Whether the question asks for an e-mail or web address and ``text`` gives none it does not
    give itself."""
    pattern = asked_address(question)
    return pattern is not None and not any(m.group() not in question for m in pattern.finditer(text))
