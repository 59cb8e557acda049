"""Data releases written by `hdkg release`: `/releases/latest/{file}` serves the newest bundle.

The folder is HDKG_RELEASE_DIR; `latest` there is a symlink `hdkg release` swaps atomically,
so each request reads one complete release.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse

from api.deps import SettingsDep
from api.errors import ERROR_RESPONSES, ApiError

router = APIRouter(prefix="/releases", tags=["releases"])

LATEST = "latest"
_MEDIA = {".csv": "text/csv", ".json": "application/json", ".jsonl": "application/jsonl",
          ".graphml": "application/graphml+xml", ".md": "text/markdown", ".gz": "application/gzip"}


def _latest(release_dir: Path) -> Path:
    folder = Path(release_dir) / LATEST
    if not folder.is_dir():
        raise ApiError(404, "no_release", "no data release has been published on this server yet "
                       "(`hdkg release` writes one)", {"release_dir": str(release_dir)})
    return folder.resolve()


@router.get("/latest", summary="The newest release's datapackage.json (every file, schema, checksum)",
            responses=ERROR_RESPONSES)
def latest(settings: SettingsDep) -> dict[str, Any]:
    folder = _latest(settings.release_dir)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["release"] = folder.name
    return descriptor


@router.get("/latest/{path:path}", summary="One file of the newest release", responses=ERROR_RESPONSES)
def latest_file(path: str, settings: SettingsDep) -> FileResponse:
    folder = _latest(settings.release_dir)
    target = (folder / path).resolve()
    if not target.is_relative_to(folder) or not target.is_file():
        raise ApiError(404, "unknown_release_file", f"release {folder.name} has no file '{path}': see "
                       "/releases/latest for the list", {"path": path, "release": folder.name})
    media = "text/plain" if target.name == "SHA256SUMS" else _MEDIA.get(target.suffix, "application/octet-stream")
    return FileResponse(target, media_type=media, filename=target.name,
                        headers={"X-Release": folder.name})
