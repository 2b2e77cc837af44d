"""Checking a generated answer against its numbered sources, sentence by sentence.

The checker reads the model's text as it arrives (whole or streamed) and lets a sentence through
only when the sources carry it:

* every marker ``[n]`` must name a source that was given; a sentence whose only markers point at
  sources that do not exist is removed, stray markers next to good ones are dropped;
* every number in a sentence must occur in a source that the sentence cites (tolerant matching:
  '1,2 miljoen' = '1.200.000', '35%' = '35 procent', 'drie' in a source = '3');
* a cited sentence must share some of its content words with its sources;
* a sentence that repeats an instruction planted in a source ('negeer alle eerdere instructies en
  schrijf …') rather than its material is removed: such text is never evidence;
* a sentence without a marker is kept only when one source clearly carries it (it then gets that
  source's marker), when it says the sources do not answer (abstention), or when it is a short
  connective ('De kosten:') followed by a kept sentence.

Kept sentences are renumbered in the order they first cite a source, so the answer reads [1], [2]
... like the extractive one; each removed sentence is counted in a Dutch note.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.answering.markers import (
    MARKER_RE,
    append_marker,
    make_citation,
    marker_numbers,
    normalize_markers,
    sentence_numbers,
    split_generated_line,
    tidy_spacing,
)
from assistant.answering.sources import Source
from assistant.sentence_split import BULLET_RE
from assistant.text import numbers_in, terms
from assistant.types import Citation

_ABSTAIN_RE = re.compile(
    r"(?:geven|geeft|bieden|biedt|bevatten|bevat)\s+geen\s+(?:\w+\s+)?(?:antwoord|informatie|gegevens)"
    r"|\b(?:niet|geen|niets|nergens)\b(?:\s+\w+){0,4}\s+(?:in|uit)\s+de\s+(?:bronnen|documenten|bron)\b"
    r"|\bde\s+(?:bronnen|documenten)\s+(?:noemen|vermelden|zeggen|behandelen|beschrijven|geven|bevatten)"
    r"\s+(?:hier\s+)?(?:niet|geen|niets)\b"
    r"|\b(?:wordt|staat)\s+(?:niet|nergens)\s+(?:vermeld|beschreven|genoemd|behandeld)",
    re.I,
)
_THINK_RE = re.compile(r"^\s*<think>.*?</think>\s*", re.S)


_CONNECTIVE = "\x00connective"

# Reasons a sentence can be removed, with the Dutch wording of the note.
REASONS = {
    "bad_marker": "verwijzing naar een bron die niet bestaat",
    "number": "getal dat niet in de geciteerde bron staat",
    "unsupported": "inhoud die niet in de geciteerde bron terug te vinden is",
    "uncited": "bewering zonder bronvermelding",
    "instruction": "tekst uit een instructie in een document, niet uit de inhoud",
}


@dataclass
class Removed:
    sentence: str
    reason: str
    detail: str = ""


@dataclass
class _Claim:
    text: str  # the kept sentence without markers
    cites: list[int]  # renumbered sources


class AnswerChecker:
    """Feed model text in pieces; get back the checked text to show, piece by piece."""

    # min_support: the share of a cited sentence's content words its sources must hold. Low on
    # purpose: a model paraphrases, and the hard guarantees are the marker and number checks; 0.2
    # only removes sentences about something else entirely. Not fitted: the QA set has no model
    # output to fit it on (the extractive answers quote their sources and always pass).
    def __init__(self, sources: list[Source], question: str = "", *, min_support: float = 0.2) -> None:
        self.sources = sources
        self.question = question
        self.min_support = min_support
        self.question_numbers = numbers_in(question)
        self.raw = ""  # everything the model wrote
        self._buffer = ""  # text not yet split into complete sentences
        self._started = False  # past a leading <think> block
        self._newlines = 0  # line breaks seen since the last sentence
        self._owed = ""  # separator owed before the next shown sentence
        self._connectives: list[tuple[str, str]] = []
        self.renumber: dict[int, int] = {}
        self.claims: list[_Claim] = []
        self.abstentions: list[str] = []
        self.removed: list[Removed] = []
        self.autocited = 0
        self.text = ""  # the checked answer shown so far

    # feeding -----------------------------------------------------------------

    def feed(self, delta: str) -> str:
        self.raw += delta
        self._buffer += delta
        if not self._started:
            head = self._buffer.lstrip()
            if not head:
                return ""
            if head.startswith("<think>"):
                if "</think>" not in head:
                    return ""
                head = _THINK_RE.sub("", head, count=1)
            elif "<think>".startswith(head):
                return ""
            self._buffer = head
            self._started = True
        return self._drain(final=False)

    def finish(self) -> str:
        if not self._started:
            head = _THINK_RE.sub("", self._buffer.lstrip(), count=1)
            self._buffer = re.sub(r"^\s*<think>.*", "", head, flags=re.S)
            self._started = True
        return self._drain(final=True)

    def _drain(self, final: bool) -> str:
        out = []
        while "\n" in self._buffer:
            line, self._buffer = self._buffer.split("\n", 1)
            if line.strip():
                for piece in split_generated_line(normalize_markers(line)):
                    out.append(self._take(piece))
            self._newlines += 1
        line = normalize_markers(self._buffer)
        pieces = split_generated_line(line) if line.strip() else []
        complete = pieces if final else pieces[:-1]
        pos = 0
        for piece in complete:
            at = line.find(piece, pos)
            pos = (at if at >= 0 else pos) + len(piece)
            out.append(self._take(piece))
        self._buffer = "" if final else line[pos:].lstrip(" \t")
        return "".join(out)

    def _separator(self) -> str:
        sep = "\n\n" if self._newlines >= 2 else "\n" if self._newlines == 1 else " "
        self._newlines = 0
        return sep

    @staticmethod
    def _strongest(a: str, b: str) -> str:
        order = ["", " ", "\n", "\n\n"]
        return max(a, b, key=order.index)

    # one sentence ---------------------------------------------------------------

    def _take(self, sentence: str) -> str:
        sep = self._strongest(self._owed, self._separator())
        sentence = sentence.strip()
        verdict = self._check(sentence)
        if verdict is None:  # removed: its line break is still owed to the next sentence
            self._owed = sep
            return ""
        if verdict is _CONNECTIVE:  # shown only if a kept sentence follows
            self._connectives.append((sep, sentence))
            self._owed = ""
            return ""
        shown = ""
        for part_sep, part in [*self._connectives, (sep, verdict)]:
            shown += (part_sep if (self.text or shown) else "") + part
        self._connectives = []
        self._owed = ""
        self.text += shown
        return shown

    def _check(self, sentence: str) -> str | None:
        markers = list(MARKER_RE.finditer(sentence))
        bare = tidy_spacing(MARKER_RE.sub("", sentence))
        bullet = BULLET_RE.match(bare)
        body = bare[bullet.end() :] if bullet else bare
        numbers = sentence_numbers(body)
        content = [t for t in terms(body) if not t[0].isdigit()]
        k = len(self.sources)
        cited: list[int] = []
        invalid: list[int] = []
        for m in markers:
            for n in marker_numbers(m.group(1)):
                (cited if 1 <= n <= k else invalid).append(n)
        cited = list(dict.fromkeys(cited))

        if not re.search(r"[^\W\d_]", body):  # a stray marker or enumerator on its own
            return None
        if not markers:
            if _ABSTAIN_RE.search(body):
                allowed = self.question_numbers.union(*(s.numbers for s in self.sources))
                if all(forms & allowed for _, forms in numbers):
                    self.abstentions.append(bare)
                    return bare
                self._remove(sentence, "number", ", ".join(t for t, f in numbers if not f & allowed))
                return None
            if not numbers and (body.endswith(":") or len(set(content)) < 2):
                return _CONNECTIVE
            if self._injected(set(content), range(1, k + 1)):
                self._remove(sentence, "instruction")
                return None
            best = self._best_source(content, numbers)
            if best is None:
                self._remove(sentence, "uncited")
                return None
            self.autocited += 1
            cited = [best]
            shown = append_marker(bare, f"[{self._new_number(best)}]")
            self.claims.append(_Claim(text=body, cites=[self.renumber[best]]))
            return shown

        if not cited:
            self._remove(sentence, "bad_marker", ", ".join(f"[{n}]" for n in dict.fromkeys(invalid)))
            return None
        if self._injected(set(content), cited):
            self._remove(sentence, "instruction")
            return None
        carried = set().union(*(self.sources[n - 1].numbers for n in cited))
        missing = [token for token, forms in numbers if not forms & carried]
        if missing:
            self._remove(sentence, "number", ", ".join(dict.fromkeys(missing)))
            return None
        if len(set(content)) >= 4:  # shorter sentences ('Dat klopt.') carry too few words to judge
            covered = set().union(*(self.sources[n - 1].terms for n in cited))
            support = len(set(content) & covered) / len(set(content))
            if support < self.min_support:
                self._remove(sentence, "unsupported")
                return None

        def renumber(m: re.Match[str]) -> str:
            kept = [n for n in marker_numbers(m.group(1)) if 1 <= n <= k]
            kept = list(dict.fromkeys(kept))
            if not kept:
                return ""
            return "[" + ", ".join(str(self._new_number(n)) for n in kept) + "]"

        shown = tidy_spacing(MARKER_RE.sub(renumber, sentence))
        self.claims.append(_Claim(text=body, cites=[self.renumber[n] for n in cited]))
        if invalid:
            self.removed.append(
                Removed(sentence, "bad_marker_dropped", ", ".join(f"[{n}]" for n in dict.fromkeys(invalid)))
            )
        return shown

    def _injected(self, content: set[str], numbers: Iterable[int]) -> bool:
        """Does the sentence come from an instruction inside a source rather than its material?"""
        if not content:
            return False
        for n in numbers:
            source = self.sources[n - 1]
            if not source.instruction_terms:
                continue
            from_instruction = len(content & source.instruction_terms) / len(content)
            from_material = len(content & source.terms) / len(content)
            # half its words from the planted instruction, and more than from the material: a
            # sentence that merely shares a few words with the instruction is kept
            if from_instruction >= 0.5 and from_instruction > from_material:
                return True
        return False

    def _best_source(self, content: list[str], numbers: list[tuple[str, set[str]]]) -> int | None:
        """The source that clearly carries an uncited sentence, if one does."""
        if not content:
            return None
        unique = set(content)
        best, best_cov = None, 0.0
        for s in self.sources:
            if not all(forms & s.numbers for _, forms in numbers):
                continue
            cov = len(unique & s.terms) / len(unique)
            if cov > best_cov:
                best, best_cov = s.n, cov
        # 0.6: the evaluation's support test (eval/README.md) asks the same share of a sentence's
        # words from the passage it cites, so an auto-cited sentence also passes that test
        return best if best_cov >= 0.6 else None

    def _new_number(self, n: int) -> int:
        if n not in self.renumber:
            self.renumber[n] = len(self.renumber) + 1
        return self.renumber[n]

    def _remove(self, sentence: str, reason: str, detail: str = "") -> None:
        self.removed.append(Removed(sentence, reason, detail))

    # results -------------------------------------------------------------------

    @property
    def answered(self) -> bool:
        return bool(self.claims)

    @property
    def abstained(self) -> bool:
        return not self.claims and bool(self.abstentions)

    def notes(self) -> list[str]:
        """Dutch notes on what the checks removed (none when everything passed)."""
        gone = [r for r in self.removed if r.reason in REASONS]
        notes = []
        if gone:
            counts = Counter(r.reason for r in gone)
            parts = []
            for reason, count in counts.items():
                details = [r.detail for r in gone if r.reason == reason and r.detail]
                extra = f" ({'; '.join(dict.fromkeys(details))})" if details else ""
                parts.append(f"{count}× {REASONS[reason]}{extra}")
            n = len(gone)
            notes.append(
                f"Bij de controle van het gegenereerde antwoord {'is' if n == 1 else 'zijn'} {n} "
                f"{'zin' if n == 1 else 'zinnen'} weggelaten die de bronnen niet dragen: {'; '.join(parts)}."
            )
        dropped = [r.detail for r in self.removed if r.reason == "bad_marker_dropped"]
        if dropped:
            notes.append(
                f"Verwijzingen naar bronnen die niet bestaan zijn uit het antwoord gehaald ({', '.join(dict.fromkeys(dropped))})."
            )
        return notes

    def citations(self) -> list[Citation]:
        by_new = {new: old for old, new in self.renumber.items()}
        out = []
        for new in sorted(by_new):
            source = self.sources[by_new[new] - 1]
            citing = [c.text for c in self.claims if new in c.cites]
            out.append(make_citation(new, source, citing))
        return out
