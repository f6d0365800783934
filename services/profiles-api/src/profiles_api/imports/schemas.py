"""Import API schemas."""

from datetime import datetime
from typing import Literal

from imap_kit.errors import FieldError
from pydantic import BaseModel, ConfigDict, Field


class ImportBatchRead(BaseModel):
    """What one import did with one file."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": 12,
                    "importer": "wb_api_csv",
                    "file_name": "API_SL.UEM.TOTL.ZS_DS2_en_csv_v2.csv",
                    "sha256": "9f2c...e1",
                    "size_bytes": 27657,
                    "source_dataset": "wdi_2025-04-15",
                    "indicator_code": "SL.UEM.TOTL.ZS",
                    "rows_read": 55,
                    "rows_skipped": 4,
                    "values_read": 1663,
                    "inserted": 441,
                    "updated": 0,
                    "unchanged": 1222,
                    "rejected": 0,
                    "status": "applied",
                    "errors": [],
                    "created_by": "user:7 (Editor Name)",
                    "created_at": "2026-11-29T10:15:00Z",
                }
            ]
        },
    )

    id: int
    importer: str = Field(description="Which importer read the file, e.g. `wb_api_csv`.")
    file_name: str
    sha256: str = Field(description="SHA-256 of the uploaded bytes.")
    size_bytes: int
    source_dataset: str | None = Field(description="Dataset and vintage, e.g. `wdi_2025-04-15`.")
    indicator_code: str | None
    rows_read: int = Field(description="Data lines read.")
    rows_skipped: int = Field(
        description="Lines of aggregates (WLD, EUU...) and economies outside the register."
    )
    values_read: int = Field(description="Non-empty values on the lines kept.")
    inserted: int
    updated: int
    unchanged: int
    rejected: int = Field(description="Number of errors found (0 when applied).")
    status: Literal["applied", "rejected"]
    errors: list[FieldError] = Field(description="The first 50 errors, by line and column.")
    created_by: str
    created_at: datetime
