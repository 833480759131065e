"""The short answer of documentation: inline code and command-line options ("What error ...?" ->
`SocketBlockedError`, "How can I run Chromium as root?" -> "--no-sandbox")."""

import re

from rag.text import LEFT_UNSET, STOPWORDS

# Inline code, as documentation marks it: ``tqdm(iterable)``, `SocketBlockedError`.
_CODE = re.compile(r"``([^`]+?)``|`([^`\n]+)`")
# A command-line option, marked or not, after a space or a bracket: "--no-sandbox",
# "--track-origins=yes", "-l"; a single dash takes at most three letters ("-especially" is a dash and
# a word).
_OPTION = re.compile(r"(?<![^\s(\[\"'])(--[A-Za-z][\w-]*(?:=[^\s,;:()]+)?|-[A-Za-z]{1,3}\b(?!-))")
# Questions that ask how to do something, or name an option: their answer is often an option.
_ASKS_HOW_TO = re.compile(
    r"^\W*how (?:do|can|could|should|would|may|might|must) (?:i|you|we|one)\b|"
    r"\b(?:what|which) (?:[\w.-]+ ){0,2}?(?:option|flag|switch|argument)s?\b",  # "Which venv option ...?"
    re.IGNORECASE,
)
# Nouns by which a question asks for what documentation writes as an identifier ("Which function
# ...?", "What is the default value of ...?", "Which environment variable ...?").
IDENTIFIER_NOUNS = frozenset(
    "option flag switch argument parameter setting variable function method class command module package "
    "file directory attribute property macro keyword value default port".split()
)
# An identifier documentation leaves unmarked: a path from a variable, the home folder or the root
# ("$GIT_DIR/info/exclude", "~/.gitconfig", "/etc/gprc"), a variable ("$HOME"), a setting with its value
# ("override=True"), a dotted name whose parts are words ("functools.cmp_to_key", "core.excludesFile";
# not "e.g."), a name with an underscore ("PYTHON_DOTENV_DISABLED"; several joined by commas,
# "pch_defines,time_macros") or in camel case ("defaultImageCaching").
_IDENTIFIER = re.compile(
    r"(?<![\w$~/.=-])(?:[$~][\w{}]*(?:/[\w.-]*\w)+|(?:/[\w.-]+)+/[\w.-]*\w|\$[A-Za-z_]\w+|[A-Za-z_][\w.-]*=[^\s,;()]*[^\s,;().]"
    r"|[A-Za-z_]\w+(?:\.[A-Za-z_]\w+)+|[A-Za-z]\w*_\w+(?:,[A-Za-z]\w*_\w+)*|[a-z]+[A-Z]\w*)"
)
# A run of text without spaces, and what marks it as code: a slash, an underscore, an equals sign, a
# backtick, a dot between letters, or a leading dash ("pie.dev/redirect/3", "--follow").
_CODE_LIKE = re.compile(r"\S+")
_CODE_MARKS = re.compile(r"[/_=`]|\w\.\w|^-")
# "What is ttimeoutlen set to?", "What do I set sloppiness to?" ask for a setting's value.
_ASKS_SETTING = re.compile(r"\bset\s+(?:[\w.-]+\s+)?to\b", re.IGNORECASE)


def code_answer(
    question: str, sentence: str, anchors: list[int], head: str | None, paths: bool = False
) -> str | None:
    """The inline code span that names the question's head noun ("What error ...?" ->
    `SocketBlockedError`), else the one nearest the words the question shares with the sentence,
    among those the question does not itself give: in documentation, what a what/which/how question
    asks for (an error class, a function, a command) is marked as code, and what a where question
    asks for is a path (``paths``: "Where must modules be installed?" -> `/usr/lib/python3/...`). A
    question that asks how to do something ("How can I run Chromium as root?") also takes a
    command-line option left unmarked ("--no-sandbox")."""
    if value := _option_value(question, sentence):
        return value
    marked = list(_CODE.finditer(sentence))
    found = [(m.start(1) if m.group(1) else m.start(2), m.group(1) or m.group(2)) for m in marked]

    def unmarked(pattern: re.Pattern[str]) -> list[tuple[int, str]]:
        return [
            (m.start(), m.group(m.lastindex or 0))
            for m in pattern.finditer(sentence)
            if not any(code.start() <= m.start() < code.end() for code in marked)
        ]

    if _ASKS_HOW_TO.search(question):
        found += unmarked(_OPTION)
    if paths or head in IDENTIFIER_NOUNS or _ASKS_SETTING.search(question):
        found += unmarked(_IDENTIFIER)
    if head == "command":  # a program's name and options are the command, not its argument alone
        found = [_in_its_command_line(at, code, sentence) for at, code in found]
        found += [(line.start(1), line.group(1).rstrip(".")) for line in _COMMAND_LINE.finditer(sentence)]
    spans = [
        (at, code)
        for at, code in ((at, _set_value(code.strip(), question, head)) for at, code in found)
        if re.search(r"\w", code) and code.lower() not in question.lower() and (not paths or "/" in code)
    ]
    if not spans:
        return None
    # the question's words in the prose, not inside code ("follow" and "redirect" of "$ http --follow
    # pie.dev/redirect/3")
    coded = [(at, at + len(code)) for at, code in found]
    coded += [
        m.span() for m in _CODE_LIKE.finditer(sentence) if _CODE_MARKS.search(m.group().strip(".,;:!?()\"'"))
    ]
    anchors = [a for a in anchors if not any(start <= a < end for start, end in coded)] or anchors

    def rank(span: tuple[int, str]) -> tuple[bool, bool, int, int]:
        """Code that names the head noun first, then code the noun is said beside ("the `--follow, -F`
        option"), then code that opens a line holding more of the question's words (a help text's
        "-lc, --low-color  disable truecolor, converts 24-bit colors to 256-color"), then the code nearest
        a word of the question, by either end ("run configure with the `--disable-pie` option, then
        `make clean`")."""
        named = bool(head) and head in span[1].lower()
        start, end = span[0], span[0] + len(span[1])
        beside = bool(head) and bool(
            re.match(rf"\W{{0,2}}{head}", sentence[end:], re.I)
            or re.search(rf"\b{head}\W{{0,2}}$", sentence[:start], re.I)
        )
        line_start = sentence.rfind("\n", 0, start) + 1
        line_end = len(sentence) if (newline := sentence.find("\n", end)) < 0 else newline
        # an item of a line of its own: "  -lc, --low-color  disable truecolor ..."
        leads = sentence[line_start:start].strip(" \t-*•`") == ""
        on_its_line = sum(line_start <= a < line_end for a in anchors) if leads else 0
        nearest = min((min(abs(a - start), abs(a - end)) for a in anchors), default=0)
        return (not named, not beside, -on_its_line, nearest)

    best = min(spans, key=rank)[1]
    spellings = [option.strip() for option in best.split(",")]
    if len(spellings) > 1 and all(_OPTION.fullmatch(option) for option in spellings):  # "--follow, -F"
        return next((option for option in spellings if option.startswith("--")), spellings[0])
    return best


# Nouns of IDENTIFIER_NOUNS that ask for a value, which documentation need not write as code ("3").
VALUE_NOUNS = frozenset("value default port".split())


# Questions that ask what to give an option they name: "What value do I pass to -n ...?".
_ASKS_OPTION_VALUE = re.compile(
    r"\bwhat (?:value|number|argument)\b|\bwhat (?:do|should|must|can) (?:i|you|we) (?:pass|give|use|set)\b",
    re.IGNORECASE,
)


def _option_value(question: str, sentence: str) -> str | None:
    """The value the sentence gives an option the question names and asks the value of ("-1" of
    "saying -n -1 displays all errors" for "What value do I pass to -n so it displays all errors?"),
    not another option nor a placeholder ("-n <num>"), or None."""
    if not _ASKS_OPTION_VALUE.search(question):
        return None
    for option in _OPTION.findall(question):
        name = option.partition("=")[0]
        for given in re.finditer(rf"(?<![\w-]){re.escape(name)}(?:=|\s+)([^\s,;()]+)", sentence):
            value = given.group(1).strip("`'\"").rstrip(".")
            told = value.lower() in STOPWORDS or value.lower() in question.lower()
            if value and not told and not _OPTION.fullmatch(value) and value[0] not in "<[{":
                return value
    return None


def gives_code(question: str, sentence: str) -> bool:
    """Whether ``sentence`` marks code or writes an option that the question does not give itself."""
    given = [m.group(1) or m.group(2) for m in _CODE.finditer(sentence)] + _OPTION.findall(sentence)
    return any(code.lower() not in question.lower() for code in given)


# A command line written unmarked after a colon or at a line's start, after a shell's prompt too: a
# program, one option or more, then its arguments ("python -m rich.spinner", "git rm --cached FILE",
# "$ lsof -a +L1 /home").
_COMMAND_LINE = re.compile(
    r"(?:^|(?<=:)|(?<=\n))\s*(?:[$%#>][ \t]+)?"
    r"([a-z][\w.+-]*(?:\s+[a-z][\w.+-]*)?(?:\s+(?:-{1,2}|\+)[A-Za-z][\w-]*)+(?:\s+[\w./=<>+-]+)*)"
)


def _in_its_command_line(at: int, code: str, sentence: str) -> tuple[int, str]:
    """The command line that code at ``at`` is the argument of, or the code itself."""
    for line in _COMMAND_LINE.finditer(sentence):
        if line.start(1) <= at < line.end(1):
            return line.start(1), line.group(1).rstrip(".")
    return at, code


# Nouns by which a question asks for a setting's name, not its value ("Which option of a85encode
# ...?" - "foldspaces", not "foldspaces=False" of the signature).
_NAME_NOUNS = frozenset("option flag switch argument parameter keyword setting".split())


def _set_value(code: str, question: str, head: str | None = None) -> str:
    """A setting's value when the question names the setting ("100" of "ttimeoutlen=100" for "What is
    ttimeoutlen set to?"), its name when the question asks which option or parameter it is, else the
    code as it is."""
    name, equals, value = code.partition("=")
    if not equals or not name:
        return code
    if name.lower() in question.lower():
        return value
    return name if head in _NAME_NOUNS and not name.startswith("-") else code


# What a question about a default asks: "What is the default port?", "... listen on by default?" (or
# "... when I don't set it?", LEFT_UNSET).
_ASKS_DEFAULT = re.compile(r"\bdefault\b", re.IGNORECASE)
# A unit a default's number is given in: "Default is 300 seconds", "(default: 25 lines)".
_UNIT = (
    r"(?:milli|micro)?seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|bytes?"
    r"|[KMGT]i?B|(?:kilo|mega|giga)bytes?|lines?|characters?|columns?|times|percent"
)
# Where documentation gives a default's value: "defaults to 873", "default to SSL v2.3" (a name and its
# release), "The default state file is /var/lib/logrotate/status", "(default: 25)", "uses -%Y%m%d%H as
# default value", "The initial default setting of PDFOUTLINE.FOLDLEVEL, if the author does not change
# it, is 10,000." (a clause between commas before the verb).
_DEFAULT_VALUE = re.compile(
    r"\bdefaults?(?:\s+[\w.-]+){0,3}?(?:,[^,.;]{1,80},)?\s*(?:\bis\b|\bto\b|\bare\b|:|=)\s+"
    rf"(?:set\s+to\s+)?(?P<after>\d[\d,.]*\s+(?:{_UNIT})\b|\S+(?:\s+v?\d+(?:\.\d+)+\b)?)"
    r"|(?P<before>\S+)\s+(?:is|as)\s+(?:the\s+)?default\b",
    re.IGNORECASE,
)
_NO_VALUE = STOPWORDS | frozenset("none".split())
# A parameter a question may name by itself: a word of three characters or more, as code writes it.
_PARAMETER = re.compile(r"\b[A-Za-z_]\w{2,}\b")


# A question for what a named identifier is set to: "What is the value of the constant PRIME32_1?",
# "What is MAX_LEN set to?".
_ASKS_VALUE = re.compile(r"\bvalue\b|\bset\s+to\b|\bequal", re.IGNORECASE)
# An identifier as code names a constant or variable: "PRIME32_1", "XZ_DEFAULTS", "B61".
NAMED_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9]*_\w+|[A-Z]+\d+\w*")


def assigned_value(question: str, sentence: str) -> str | None:
    """The value the sentence assigns to an identifier the question names when it asks for its value,
    as code or a configuration writes it: "0x9E3779B1U" of "static const u32 PRIME32_1 =
    0x9E3779B1U;", "64" of "MAX_DEPTH: 64"; None otherwise."""
    if not _ASKS_VALUE.search(question):
        return None
    for name in re.findall(rf"(?<![\w.])(?:{NAMED_IDENTIFIER.pattern})", question):
        if given := re.search(rf"(?<![\w.]){re.escape(name)}\s*(?::=|=|:)\s*([^\s;,]+)", sentence):
            return given.group(1).strip("\"'`")
    return None


def default_value(question: str, sentence: str, anchors: list[int]) -> str | None:
    """The value a sentence gives a default the question asks about: a parameter's the question names,
    as a signature writes it ("9" of "gzip.open(filename, compresslevel=9)"), or what it says of a
    default ("873" of "... (defaults to 873)"), of several the one nearest the words the question
    shares with the sentence ("hourly, which uses -%Y%m%d%H as default value"); None when it gives
    none."""
    if not _ASKS_DEFAULT.search(question) and not LEFT_UNSET.search(question):
        return None
    for name in _PARAMETER.findall(question):  # "compresslevel=9" in a signature
        if given := re.search(rf"(?<![\w.]){re.escape(name)}=([^\s,()]+)", sentence):
            return given.group(1).strip("\"'")
    values = []
    for match in _DEFAULT_VALUE.finditer(sentence):
        name = "after" if match.group("after") else "before"
        value = match.group(name).rstrip(".)").strip("\"'“”‘’`,;:()")  # "“patches”." -> patches
        told = re.search(rf"(?<!\w){re.escape(value.lower())}(?!\w)", question.lower())  # not "QUILT_PATCHES"
        if value and value.lower() not in _NO_VALUE and not told:
            values.append((match.start(name), value))
    if not values:
        return None
    return min(values, key=lambda v: min((abs(a - v[0]) for a in anchors), default=0))[1]
