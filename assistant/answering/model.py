"""The fitted weights of the answerer: a small versioned JSON file in the package.

Two logistic regressions: unit scoring (a conditional logit: which unit of a question carries a
key fact, softmax over the question's units) and answerability (a plain logistic regression) and the composition settings
chosen by cross-validation. Produced by ``assistant eval --fit`` (``assistant.evaluation.fit``);
scoring needs only numpy, so no learning library is loaded at question time.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

WEIGHTS_PATH = Path(__file__).with_name("weights.json")
WEIGHTS_VERSION = 1
FIT_COMMAND = "assistant eval --qa eval/qa.jsonl --fit"


@dataclass
class Logistic:
    """A standardised logistic regression: p = σ(((x − mean) / scale) · coef + intercept)."""

    features: list[str]
    mean: list[float]
    scale: list[float]
    coef: list[float]
    intercept: float

    def linear(self, x: np.ndarray) -> np.ndarray:
        return ((x - np.asarray(self.mean)) / np.asarray(self.scale)) @ np.asarray(self.coef) + self.intercept

    def probability(self, x: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.linear(x)))

    def choice(self, x: np.ndarray) -> np.ndarray:
        """Conditional logit: the probability that each row is the one chosen among these rows."""
        z = self.linear(x)
        z = np.exp(z - z.max())
        return z / z.sum()


@dataclass
class Compose:
    """How many units an answer gets. Chosen by cross-validation (``fit.choose_compose``)."""

    relative_floor: float = 0.5  # a further unit needs this share of the lead unit's score
    max_words: int = 70  # stop adding units past this many words
    max_units: int = 3
    list_item_words: int = 16  # an item of a quoted list is shortened to this many words
    strict: bool = True  # a further unit must add a part of the question (else: any new question word)
    other_passage_floor: float = (
        0.0  # a unit from a passage not yet cited needs this share of the lead's score
    )


@dataclass
class Weights:
    unit: Logistic
    answerable: Logistic
    threshold: float  # answer when p(answerable) ≥ threshold
    compose: Compose = field(default_factory=Compose)
    version: int = WEIGHTS_VERSION
    command: str = FIT_COMMAND
    trained_on: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Weights:
        return cls(
            unit=Logistic(**data["unit"]),
            answerable=Logistic(**data["answerable"]),
            threshold=float(data["threshold"]),
            compose=Compose(**data.get("compose", {})),
            version=int(data.get("version", 0)),
            command=str(data.get("command", FIT_COMMAND)),
            trained_on=dict(data.get("trained_on", {})),
        )

    def save(self, path: Path = WEIGHTS_PATH) -> None:
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def load_weights(path: Path = WEIGHTS_PATH) -> Weights | None:
    """The packaged weights, or None when absent or of another version (then the defaults apply)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("version") != WEIGHTS_VERSION:
        return None
    weights = Weights.from_json(data)
    from assistant.answering.units import QUESTION_FEATURES, UNIT_FEATURES

    if weights.unit.features != list(UNIT_FEATURES) or weights.answerable.features != list(QUESTION_FEATURES):
        return None  # fit for other features: refit with the command in the file
    return weights
