"""What assistant doctor found: facts, problems with the command that repairs each, notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

INGEST = "assistant ingest"


REBUILD = "assistant ingest --rebuild"


@dataclass
class Finding:
    problem: str
    repair: str = INGEST  # INGEST or REBUILD


@dataclass
class DoctorReport:
    facts: list[str] = field(default_factory=list)  # what was found, for the reader
    notes: list[str] = field(default_factory=list)  # worth knowing, not a disagreement
    findings: list[Finding] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def healthy(self) -> bool:
        return not self.findings

    @property
    def repair(self) -> str | None:
        if not self.findings:
            return None
        return REBUILD if any(f.repair == REBUILD for f in self.findings) else INGEST

    def problem(self, text: str, repair: str = INGEST) -> None:
        self.findings.append(Finding(text, repair))

    def text(self) -> str:
        lines = list(self.facts)
        lines += [f"Let op: {n}" for n in self.notes]
        if self.healthy:
            lines.append(
                "In orde: corpus, vastlegging (manifest en recordmanager), vectoropslag en BM25 komen overeen."
            )
            return "\n".join(lines)
        lines.append(f"{len(self.findings)} probleem/problemen gevonden:")
        lines += [f"- {f.problem}" for f in self.findings]
        lines.append(f"Herstel: voer '{self.repair}' uit en daarna opnieuw 'assistant doctor'.")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "healthy": self.healthy,
            "repair": self.repair,
            "counts": self.counts,
            "facts": self.facts,
            "notes": self.notes,
            "problems": [{"problem": f.problem, "repair": f.repair} for f in self.findings],
        }
