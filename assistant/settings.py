"""One typed settings object, read from the environment (``ASSISTANT_``) and an optional TOML file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from assistant.paths import DataPaths

LLM_BACKENDS = ("extractive", "ollama", "openai", "llamacpp", "fake")


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

    llm: str = "extractive"
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout: float = 60.0
    llm_temperature: float = 0.1
    llm_context_tokens: int = 3000
    llm_max_tokens: int = 800
    prompts_dir: Path | None = Field(
        default=None,
        description="Map met de promptbestanden; standaard assistant/answering/prompt_files/ in het pakket",
    )

    chroma_host: str | None = None
    chroma_port: int = 8000

    top_k: int = 6
    candidates: int = 30
    rrf_k: int = 60
    answer_sentences: int = 4
    abstain_threshold: float = 0.3

    host: str = "127.0.0.1"
    port: int = 7860
    concurrency: int = 8
    auth: str | None = Field(default=None, description="user:password[,user:password]")
    upload_enabled: bool = False
    upload_max_mb: int = 25
    max_file_mb: int = 200
    retention_days: int = 90
    max_question_chars: int = 2000

    @field_validator("llm")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        value = value.strip().lower()
        if value not in LLM_BACKENDS:
            raise ValueError(f"onbekende LLM-backend '{value}'; kies uit: {', '.join(LLM_BACKENDS)}")
        return value

    @field_validator("embeddings")
    @classmethod
    def _known_embeddings(cls, value: str) -> str:
        value = value.strip()
        if value in ("e5", "fake") or (value.startswith("st:") and len(value) > 3):
            return value
        raise ValueError(f"onbekend embeddingmodel '{value}'; kies 'e5', 'fake' of 'st:<modelnaam of pad>'")

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
            init_settings,
            env_settings,
            TomlConfigSettingsSource(settings_cls, toml_file=toml_file),
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

    @property
    def chroma_mode(self) -> Literal["server", "embedded"]:
        return "server" if self.chroma_host else "embedded"

    @property
    def llm_label(self) -> str:
        if self.llm == "extractive":
            return "extractief (zonder taalmodel)"
        detail = self.llm_model or "standaardmodel"
        where = f" via {self.llm_base_url}" if self.llm_base_url else ""
        return f"{self.llm}: {detail}{where}"

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with some fields changed, validated like the original."""
        data = self.model_dump()
        data.update({k: v for k, v in changes.items() if v is not None})
        return type(self)(**data)
