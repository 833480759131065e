"""The numbers and bullets of a DOCX's lists. Word computes them when it shows the document and keeps
none in the text: a paragraph only names its list (``w:numPr``: a numbering instance and a level,
directly or through its style), and numbering.xml says how each level counts ("%1.", lower letters,
a bullet). Without them "What is step 3?" has no step 3, and a list's items read as loose lines."""

from dataclasses import dataclass, replace

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BULLET = "•"
_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
    (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


def _val(element, path: str) -> str | None:
    """The w:val of the element at ``path`` ("w:numFmt") under ``element``, or None."""
    found = element.find("/".join(_w(step.removeprefix("w:")) for step in path.split("/")))
    return None if found is None else found.get(_w("val"))


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letters(n: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa (Word repeats the letter)."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def formatted(n: int, fmt: str) -> str:
    """Counter ``n`` written in the level's number format (any other format as a decimal)."""
    match fmt:
        case "lowerLetter":
            return _letters(n)
        case "upperLetter":
            return _letters(n).upper()
        case "lowerRoman":
            return _roman(n)
        case "upperRoman":
            return _roman(n).upper()
        case "decimalZero":
            return f"{n:02d}"
        case _:
            return str(n)


@dataclass(frozen=True)
class _Level:
    start: int
    fmt: str  # w:numFmt: decimal, lowerLetter, bullet, none...
    text: str  # w:lvlText: "%1.", "%1.%2)", a bullet's character
    legal: bool = False  # w:isLgl: every level's number shown as a decimal


class ListLabels:
    """Each list paragraph's label ("3.", "b)", "•"), counted in document order: call :meth:`label`
    for every paragraph, as they come."""

    def __init__(self, numbering, styles) -> None:
        """``numbering`` and ``styles``: the root elements of numbering.xml and styles.xml (None when
        the document has no such part)."""
        abstract: dict[str, dict[int, _Level]] = {}
        linked: dict[str, str] = {}  # abstract numbering -> the list style it takes its levels from
        for node in numbering.iterfind(_w("abstractNum")) if numbering is not None else ():
            abstract_id = node.get(_w("abstractNumId"))
            abstract[abstract_id] = {
                int(lvl.get(_w("ilvl"), "0")): _level(lvl) for lvl in node.iterfind(_w("lvl"))
            }
            if style := _val(node, "w:numStyleLink"):
                linked[abstract_id] = style
        self._style_numbering = _style_numbering(styles)
        # A list style ("Define New List Style" in Word) keeps its levels in the abstract numbering of
        # the numbering instance the style names; the lists that use it link to it by name.
        num_abstract = {
            num.get(_w("numId")): _val(num, "w:abstractNumId")
            for num in (numbering.iterfind(_w("num")) if numbering is not None else ())
        }
        for abstract_id, style in linked.items():
            target = num_abstract.get(self._style_numbering.get(style, (None, None))[0] or "")
            if target in abstract and target != abstract_id:
                abstract[abstract_id] = abstract[target]
        # A numbering instance names its abstract numbering; one that restarts or redefines a level
        # counts on its own, the others continue their abstract numbering's count (as Word does).
        self._levels: dict[str, dict[int, _Level]] = {}
        self._counted_as: dict[str, str] = {}
        for num in numbering.iterfind(_w("num")) if numbering is not None else ():
            num_id, abstract_id = num.get(_w("numId")), _val(num, "w:abstractNumId")
            levels = dict(abstract.get(abstract_id or "", {}))
            overrides = list(num.iterfind(_w("lvlOverride")))
            for override in overrides:
                ilvl = int(override.get(_w("ilvl"), "0"))
                if (lvl := override.find(_w("lvl"))) is not None:
                    levels[ilvl] = _level(lvl)
                if (start := _val(override, "w:startOverride")) is not None and ilvl in levels:
                    levels[ilvl] = replace(levels[ilvl], start=int(start))
            self._levels[num_id] = levels
            self._counted_as[num_id] = num_id if overrides else f"abstract {abstract_id}"
        self._counts: dict[str, dict[int, int]] = {}

    def label(self, paragraph) -> str:
        """The label of paragraph element ``paragraph`` (a w:p), "" when it is no list item; counts it."""
        num_id, ilvl = self._numbering_of(paragraph)
        levels = self._levels.get(num_id or "")
        if not levels or ilvl not in levels:
            return ""
        counts = self._counts.setdefault(self._counted_as[num_id], {})
        counts[ilvl] = counts.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [level for level in counts if level > ilvl]:
            del counts[deeper]  # a new item restarts the levels under it
        level = levels[ilvl]
        if level.fmt == "none":
            return ""
        if level.fmt == "bullet":
            return BULLET
        text = level.text
        for n in range(ilvl, -1, -1):  # "%10" never occurs: nine levels
            shown = counts.get(n, levels[n].start if n in levels else 1)
            # a legal-style level (w:isLgl) shows every level's number as a decimal: "1.1", not "I.1"
            fmt = levels[n].fmt if n in levels and not level.legal else "decimal"
            text = text.replace(f"%{n + 1}", formatted(shown, fmt))
        return text.strip()

    def depth(self, paragraph) -> int:
        """How deep paragraph element ``paragraph`` sits in its list: 0 at the top (or no list)."""
        return self._numbering_of(paragraph)[1]

    def _numbering_of(self, paragraph) -> tuple[str | None, int]:
        ppr = paragraph.find(_w("pPr"))
        style = _val(ppr, "w:pStyle") if ppr is not None else None
        num_id, ilvl = self._style_numbering.get(style or "", (None, None))
        if ppr is not None and (numpr := ppr.find(_w("numPr"))) is not None:
            num_id = _val(numpr, "w:numId") or num_id
            ilvl = int(_val(numpr, "w:ilvl") or ilvl or 0)
        return num_id, ilvl or 0


def _level(lvl) -> _Level:
    return _Level(
        start=int(_val(lvl, "w:start") or "1"),
        fmt=_val(lvl, "w:numFmt") or "decimal",
        text=_val(lvl, "w:lvlText") or "",
        legal=(legal := lvl.find(_w("isLgl"))) is not None
        and legal.get(_w("val"), "1") not in ("0", "false"),
    )


def _style_numbering(styles) -> dict[str, tuple[str | None, int | None]]:
    """Each paragraph style's list (numbering instance, level), its own or the style it is based on."""
    own: dict[str, tuple[str | None, int | None]] = {}
    based_on: dict[str, str] = {}
    for style in styles.iterfind(_w("style")) if styles is not None else ():
        style_id = style.get(_w("styleId"))
        if parent := _val(style, "w:basedOn"):
            based_on[style_id] = parent
        numpr = style.find(f"{_w('pPr')}/{_w('numPr')}")
        if numpr is not None:
            ilvl = _val(numpr, "w:ilvl")
            own[style_id] = (_val(numpr, "w:numId"), int(ilvl) if ilvl else None)
    resolved: dict[str, tuple[str | None, int | None]] = {}
    for style_id in {*own, *based_on}:
        seen, current = set(), style_id
        while current and current not in own and current not in seen:
            seen.add(current)
            current = based_on.get(current)
        if current in own:
            resolved[style_id] = own[current]
    return resolved
