"""Word-level text helpers shared by lexical retrieval, answer extraction and citation checks."""

import re
from functools import cache

import Stemmer
from bm25s.stopwords import STOPWORDS_EN

from index.bm25 import OPTION_PATTERN

# Function words that carry no content in a question, beyond Lucene's stop list that bm25s ships.
_QUESTION_WORDS = frozenset(
    """what which who whom whose when where why how did does do done doing has have had having am been
    being can could would should shall may might must also about after before from into over than then
    there these those this that its it's he she they them their his her him our we you your i me my
    said says say tell told many much more most some any all one ones both each other such only
    very""".split()
)
STOPWORDS = frozenset(STOPWORDS_EN) | _QUESTION_WORDS
# Irregular past forms, which no stemmer brings to their verb: "When did she leave?" is answered by
# "She left in 1982". Forms that are also other words ("found", "saw", "lay", "rose") are left out.
_IRREGULAR_PAST = {
    past: verb
    for verb, forms in (
        line.split(":")
        for line in """arise:arose,arisen awake:awoke,awoken become:became begin:began,begun bend:bent
        blow:blew,blown break:broke,broken breed:bred bring:brought
        build:built burn:burnt buy:bought catch:caught choose:chose,chosen come:came creep:crept
        deal:dealt dig:dug do:did,done draw:drew,drawn drink:drank,drunk drive:drove,driven eat:ate,eaten
        fall:fell,fallen feed:fed feel:felt fight:fought flee:fled fly:flew,flown
        forbid:forbade,forbidden forget:forgot,forgotten forgive:forgave,forgiven freeze:froze,frozen
        get:got,gotten give:gave,given go:went,gone grow:grew,grown hang:hung hear:heard hide:hid,hidden
        hold:held keep:kept know:knew,known lead:led leave:left lend:lent lose:lost make:made mean:meant
        meet:met pay:paid ride:rode,ridden ring:rang,rung rise:risen run:ran seek:sought sell:sold
        send:sent shake:shook,shaken shine:shone shoot:shot sing:sang,sung sink:sank,sunk sit:sat
        sleep:slept slide:slid speak:spoke,spoken spend:spent stand:stood steal:stole,stolen stick:stuck
        strike:struck swear:swore,sworn sweep:swept swim:swam,swum swing:swung take:took,taken
        teach:taught tear:tore,torn tell:told think:thought throw:threw,thrown understand:understood
        wake:woke,woken wear:wore,worn weep:wept win:won withdraw:withdrew,withdrawn write:wrote,written
        undertake:undertook,undertaken overcome:overcame uphold:upheld withhold:withheld""".split()
    )
    for past in forms.split(",")
    if past != verb
}
# Superlatives that say a maximum or a minimum, read as that word: "What is the biggest message size?"
# is answered by "the maximum UDP message size of 8192 bytes" ("most" and "least" are stop words).
_EXTREMES = {
    word: extreme
    for extreme, forms in (
        ("maximum", "biggest largest highest greatest max maximal"),
        ("minimum", "smallest lowest fewest min minimal"),
    )
    for word in forms.split()
}
_SAME_WORD = _IRREGULAR_PAST | _EXTREMES
_WORD = re.compile(r"\w+", re.UNICODE)
# A possessive's "'s", which would be a word "s" that any other possessive matches.
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
_OPTION = re.compile(OPTION_PATTERN)


@cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def words(text: str) -> list[str]:
    """Lower-cased word tokens, then the command-line options among them as written ("-i", "--color";
    "-i" is not "-I"): "-i" is what "What does grep -i do?" asks about, not the pronoun "i" (a stop
    word), and a sentence holding "-i" must count as matching it."""
    return _WORD.findall(_POSSESSIVE.sub("", text.lower())) + _OPTION.findall(text)


def content_terms(text: str) -> list[str]:
    """Stemmed words of ``text`` without stop words (duplicates kept), an irregular past form as its
    verb's, a superlative that says a maximum or minimum as that word."""
    return _stemmer().stemWords([_SAME_WORD.get(w, w) for w in words(text) if w not in STOPWORDS])


# A question about what happens when a setting is left alone, which asks for its default: "Which
# format does it use when I don't pass tablefmt?" is answered by "`simple` is the default format".
LEFT_UNSET = re.compile(
    r"\b(?:do|does|did)(?:n['’]t| not)\s+(?:\w+\s+)?(?:set|pass|specify|give|provide|configure|choose|select"
    r"|supply|change)\b|\bwithout\s+(?:setting|passing|specifying|giving|providing|configuring|choosing"
    r"|selecting|supplying|changing)\b|\b(?:is|are)\s+(?:omitted|left out|not set|not given|unset)\b",
    re.IGNORECASE,
)


def question_terms(question: str) -> set[str]:
    """The content terms of ``question``, with "default" for one about a setting left unset."""
    terms = set(content_terms(question))
    return terms | {stem("default")} if LEFT_UNSET.search(question) else terms


def stem(word: str) -> str:
    """The English stem of one lower-cased word (an irregular past form's as its verb's, a superlative's
    as "maximum" or "minimum")."""
    return _stemmer().stemWord(_SAME_WORD.get(word, word))
