"""Push a Satu Data export to a CKAN portal (ckanapi) when one is configured.

NTT_DW_CKAN_URL (the portal, e.g. https://data.nttprov.go.id) and NTT_DW_CKAN_API_TOKEN (an API
token, from the env file or an Airflow connection in production; never committed). Without a
URL the push is skipped: the export folder is the deliverable. Each package of
ckan_package.json is created, or updated when it exists, and its CSV uploaded as the resource.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import ckanapi

log = logging.getLogger(__name__)
URL_ENV, TOKEN_ENV = "NTT_DW_CKAN_URL", "NTT_DW_CKAN_API_TOKEN"


def push_export(folder: str | Path, url: str | None = None, token: str | None = None) -> int:
    """Create or update every package of the export on the portal; returns how many were pushed."""
    url = url or os.environ.get(URL_ENV)
    if not url:
        log.info("no %s configured: export kept in %s, nothing pushed", URL_ENV, folder)
        return 0
    folder = Path(folder)
    portal = ckanapi.RemoteCKAN(url, apikey=token or os.environ.get(TOKEN_ENV), user_agent="ntt-dw/1.0")
    packages = json.loads((folder / "ckan_package.json").read_text(encoding="utf-8"))
    for package in packages:
        resources = package.pop("resources")
        try:
            existing = portal.action.package_show(id=package["name"])
            portal.action.package_patch(id=existing["id"], **package)
            package_id = existing["id"]
        except ckanapi.NotFound:
            package_id = portal.action.package_create(**package)["id"]
        for resource in resources:
            with (folder / resource["url"]).open("rb") as upload:
                portal.action.resource_create(
                    package_id=package_id, name=resource["name"], format=resource["format"], upload=upload
                )
        log.info("pushed %s to %s", package["name"], url)
    return len(packages)
