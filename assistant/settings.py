"""One typed settings object, read from the environment (``ASSISTANT_``) and an optional TOML file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from assistant.paths import DataPaths

LLM_BACKENDS = ("extractive", "ollama", "openai", "llamacpp", "fake")


class LLMSettings(BaseModel):
    """The language model that writes answers; 'extractive' means none."""

    backend: str = "extractive"
    base_url: str | None = None
    model: str | None = None
    api_key: SecretStr | None = None
    timeout: float = 60.0
    temperature: float = 0.1
    context_tokens: int = 3000
    max_tokens: int = 800

    @field_validator("backend")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        value = value.strip().lower()
        if value not in LLM_BACKENDS:
            raise ValueError(f"onbekende LLM-backend '{value}'; kies uit: {', '.join(LLM_BACKENDS)}")
        return value

    @property
    def label(self) -> str:
        if self.backend == "extractive":
            return "extractief (zonder taalmodel)"
        detail = self.model or "standaardmodel"
        where = f" via {self.base_url}" if self.base_url else ""
        return f"{self.backend}: {detail}{where}"


class ChromaSettings(BaseModel):
    """A Chroma server to use instead of the embedded store (no host: embedded)."""

    host: str | None = None
    port: int = 8000

    @property
    def mode(self) -> Literal["server", "embedded"]:
        return "server" if self.host else "embedded"


class WebSettings(BaseModel):
    """The web chat: where it listens, how many answer at once, who may log in."""

    host: str = "127.0.0.1"
    port: int = 7860
    concurrency: int = 8
    auth: str | None = Field(default=None, description="user:password[,user:password]")


class UploadSettings(BaseModel):
    """Documents users add in the web chat (off by default)."""

    enabled: bool = False
    max_mb: int = 25


# The flat names of before the groups, still read from the environment (ASSISTANT_LLM_MODEL),
# assistant.toml and keyword arguments: flat name -> (group, field).
FLAT_NAMES: dict[str, tuple[str, str]] = {
    **{
        name: ("llm", field)
        for name, field in [
            ("llm", "backend"),
            ("llm_base_url", "base_url"),
            ("llm_model", "model"),
            ("llm_api_key", "api_key"),
            ("llm_timeout", "timeout"),
            ("llm_temperature", "temperature"),
            ("llm_context_tokens", "context_tokens"),
            ("llm_max_tokens", "max_tokens"),
        ]
    },
    "chroma_host": ("chroma", "host"),
    "chroma_port": ("chroma", "port"),
    "host": ("web", "host"),
    "port": ("web", "port"),
    "concurrency": ("web", "concurrency"),
    "auth": ("web", "auth"),
    "upload_enabled": ("upload", "enabled"),
    "upload_max_mb": ("upload", "max_mb"),
}
_GROUPS = ("llm", "chroma", "web", "upload")


def nest(values: dict[str, Any]) -> dict[str, Any]:
    """Flat names into their groups; a group given whole (a dict or a model) is kept."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key in _GROUPS and not isinstance(value, str | type(None)):
            group = value.model_dump() if isinstance(value, BaseModel) else dict(value)
            out.setdefault(key, {}).update(group)
        elif key in FLAT_NAMES:
            group, field = FLAT_NAMES[key]
            out.setdefault(group, {})[field] = value
        else:
            out[key] = value
    return out


def flat_name(loc: tuple[Any, ...]) -> str:
    """The environment name of a setting from a validation error's location: ('llm', 'model')
    -> 'LLM_MODEL', ('llm', 'backend') -> 'LLM'."""
    parts = tuple(str(x) for x in loc[:2])
    for name, where in FLAT_NAMES.items():
        if where == parts:
            return name.upper()
    return "_".join(parts).upper() or "INSTELLING"


class _FlatEnv(PydanticBaseSettingsSource):
    """ASSISTANT_* variables by their flat names (ASSISTANT_LLM_MODEL) or nested ones
    (ASSISTANT_LLM__MODEL); pydantic's own env source would read ASSISTANT_LLM as JSON."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, value in os.environ.items():
            if not key.upper().startswith("ASSISTANT_"):
                continue
            name = key[len("ASSISTANT_") :].lower()
            if "__" in name:
                group, field = name.split("__", 1)
                values.setdefault(group, {})[field] = value
            elif name in self.settings_cls.model_fields or name in FLAT_NAMES:
                values[name] = value
        return nest(values)


class _Nested(PydanticBaseSettingsSource):
    """Another source's values with the flat names put in their groups."""

    def __init__(self, settings_cls: type[BaseSettings], inner: PydanticBaseSettingsSource) -> None:
        super().__init__(settings_cls)
        self.inner = inner

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        return nest(self.inner())


class Settings(BaseSettings):
    """Everything a component may be configured by; passed in, never read from globals."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    corpus_dir: Path = Path("corpus")
    data_dir: Path = Path("data")
    catalog_file: Path | None = Field(
        default=None, description="Catalog of the corpus; default <corpus_dir>/catalog.yaml"
    )

    embeddings: str = Field(default="e5", description="e5 | st:<model name or path> | fake")
    embed_batch_size: int = 32

    llm: LLMSettings = Field(default_factory=LLMSettings)
    prompts_dir: Path | None = Field(
        default=None,
        description="Map met de promptbestanden; standaard assistant/answering/prompt_files/ in het pakket",
    )
    chroma: ChromaSettings = Field(default_factory=ChromaSettings)

    top_k: int = 6
    candidates: int = 30
    rrf_k: int = 60
    answer_sentences: int = 4
    abstain_threshold: float = 0.3
    answerer: str = Field(
        default="sentences",
        description="sentences (quotes the best sentences) | units (fitted unit model, abstains more often)",
    )

    web: WebSettings = Field(default_factory=WebSettings)
    upload: UploadSettings = Field(default_factory=UploadSettings)
    max_file_mb: int = 200
    retention_days: int = 90
    max_question_chars: int = 2000

    @model_validator(mode="before")
    @classmethod
    def _flat_names(cls, data: Any) -> Any:
        return nest(data) if isinstance(data, dict) else data

    @field_validator("embeddings")
    @classmethod
    def _known_embeddings(cls, value: str) -> str:
        value = value.strip()
        if value in ("e5", "fake") or (value.startswith("st:") and len(value) > 3):
            return value
        raise ValueError(f"onbekend embeddingmodel '{value}'; kies 'e5', 'fake' of 'st:<modelnaam of pad>'")

    @field_validator("answerer")
    @classmethod
    def _known_answerer(cls, value: str) -> str:
        value = value.strip().lower()
        if value in ("sentences", "units"):
            return value
        raise ValueError(f"onbekende antwoordmethode '{value}'; kies 'sentences' of 'units'")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = os.environ.get("ASSISTANT_SETTINGS_FILE", "assistant.toml")
        return (
            _Nested(settings_cls, init_settings),
            _FlatEnv(settings_cls),
            _Nested(settings_cls, TomlConfigSettingsSource(settings_cls, toml_file=toml_file)),
            file_secret_settings,
        )

    # Derived locations -------------------------------------------------

    @property
    def catalog_path(self) -> Path:
        return self.catalog_file or self.corpus_dir / "catalog.yaml"

    @property
    def paths(self) -> DataPaths:
        return DataPaths(self.data_dir)

    @property
    def index_dir(self) -> Path:
        return self.paths.index_dir

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with some fields changed (flat or grouped names), validated like the original."""
        data = self.model_dump()
        for key, value in nest({k: v for k, v in changes.items() if v is not None}).items():
            if key in _GROUPS and isinstance(value, dict):
                data[key] = {**data[key], **value}
            else:
                data[key] = value
        return type(self)(**data)
