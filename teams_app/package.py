"""Build the Teams app package (a zip of manifest.json and the two icons) for sideloading.

    python teams_app/package.py --app-id <MICROSOFT_APP_ID> [--out checkpost-teams.zip]

The committed manifest carries a zero GUID; this writes your bot's app id into the app id, the bot
and the compose extension, so the package and the running server agree. Standard library only.
"""
from __future__ import annotations

import argparse
import json
import sys
import uuid
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ICONS = ("color.png", "outline.png")


def manifest_for(app_id: str, version: str | None = None) -> dict:
    manifest = json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))
    manifest["id"] = app_id
    for section in ("bots", "composeExtensions"):
        for item in manifest[section]:
            item["botId"] = app_id
    if version:
        manifest["version"] = version
    return manifest


def build(app_id: str, out: Path, version: str | None = None) -> Path:
    str(uuid.UUID(app_id))  # Teams refuses anything but a GUID here
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("manifest.json", json.dumps(manifest_for(app_id, version), indent=2, ensure_ascii=False))
        for icon in ICONS:
            bundle.write(HERE / icon, icon)  # at the zip's root, as Teams requires
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app-id", required=True, help="the bot's Microsoft App ID (a GUID)")
    parser.add_argument("--version", help="the app version, e.g. 1.0.1 (raise it for each upload)")
    parser.add_argument("--out", type=Path, default=Path("checkpost-teams.zip"))
    args = parser.parse_args(argv)
    try:
        path = build(args.app_id, args.out, args.version)
    except ValueError:
        parser.error(f"--app-id must be a GUID, such as 00000000-0000-0000-0000-000000000000, not {args.app_id!r}")
    print(f"wrote {path}: upload it in Teams under Apps > Manage your apps > Upload an app")
    return 0


if __name__ == "__main__":
    sys.exit(main())
