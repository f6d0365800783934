"""Request-side helpers of the import endpoints: reading an upload within the size limit."""

import hashlib
from typing import Annotated

from fastapi import Depends, Request, UploadFile
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from profiles_api.imports.service import ImportFile

CHUNK = 1 << 20


async def read_upload(upload: UploadFile, max_bytes: int) -> ImportFile:
    """Read an upload, hashing all of it but keeping the bytes only when within `max_bytes`."""
    digest, kept, size = hashlib.sha256(), bytearray(), 0
    while chunk := await upload.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if size <= max_bytes:
            kept.extend(chunk)
    content = bytes(kept) if size <= max_bytes else b""
    return ImportFile(upload.filename or "upload.csv", content, size, digest.hexdigest())


def get_sessionmaker(request: Request) -> async_sessionmaker[AsyncSession]:
    """The app's session factory, for writes that must outlive the request's rollback."""
    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    return sessionmaker


SessionmakerDep = Annotated[async_sessionmaker[AsyncSession], Depends(get_sessionmaker)]
