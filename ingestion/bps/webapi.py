"""Client for the BPS WebAPI dynamic-table ("dynamic data") endpoint, and its flattening.

Why: BPS publishes its dynamic tables (e.g. population by kabupaten/kota) through
``https://webapi.bps.go.id/v1/api/list/model/data/...``; a scheduled fetch saves the JSON into the
landing zone (``save_payload``) and the reader (ingestion/bps/population.py) flattens it with
``dynamic_table_records``.

Where the format is documented:

- BPS's own WebAPI documentation (https://webapi.bps.go.id/developer/, section "Dynamic Data" ->
  "Data"; a copy is in the code-search corpus as a Markdown file of the API documentation). It
  gives the parameters (model=data, lang, domain, var, turvar, vervar, th, turth, key) and the
  success response: ``status`` ("OK" or "Error"), ``data-availability``, ``var`` (list of {val,
  label, unit, subj, def, decimal, note}), ``turvar``, ``labelvervar``, ``vervar``, ``tahun``
  ({val: 100, label: "2000"}), ``turtahun`` ({val: 0, label: "Tahun"}), ``metadata`` and
  ``datacontent`` ({"99991452891000": 83.68}: vervar 9999 "INDONESIA" + var 145 + turvar 289 +
  tahun 100 + turtahun 0).
- The official Python client bps-statistics/stadata (stadata/main.py): path-style URLs
  ``.../list/model/data/lang/<lang>/domain/<domain>/key/<key>/var/<var>/th/<th>``, error bodies
  ``{"status": <not OK>, "message": ...}``.
- Recorded responses in open-source clients: ryanaidilp/stadata_flutter_sdk
  (test/fixtures/fixture_list_unavailable.json: ``{"status": "OK", "data-availability":
  "list-not-available", "data": ""}``) and IPDS-59/stadata_js (dynamic_table_response.json: a
  regional-domain table whose turvar val is the string "0" and whose empty ``datacontent`` is
  ``[]``, with ``last_update``/``subject``/``related`` fields as well).

Format facts this module relies on:

- The ``datacontent`` key is the plain string concatenation vervar val + var val + turvar val +
  tahun val + turtahun val. The parts have no fixed width, so keys are never split: every
  combination of the listed dimension values is turned into its key and looked up. A key two
  combinations share (e.g. vervar "1"+var "11" vs vervar "11"+var "1") cannot be placed and is an
  error, never a guess.
- ``tahun`` val is a BPS period id (year - 1900 in every documented example: 100 -> "2000",
  117 -> "2017"); the year is read from the label. ``dynamic_table_url`` turns calendar years into
  th ids with that same rule.
- vervar val is the table's vertical-variable id. For kabupaten/kota tables of a provincial
  domain it is the BPS region code (5301..5321, 5371 for NTT); national tables use 9999 for
  "INDONESIA". It is passed through as text, not interpreted here.

Not verified against the live API (no network here): a third-party note reports that requests
for more than 3 th ids are refused; callers fetching long ranges should split them.
"""

from __future__ import annotations

import http.client
import json
import logging
import os
import re
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from itertools import product
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://webapi.bps.go.id/v1/api"
_DOMAIN = re.compile(r"^\d{4}$")
_YEAR = re.compile(r"^\d{4}$")
_MASK = "***"
_USER_AGENT = "ntt-dw-bps-webapi-client/1.0 (urllib)"


class BpsWebApiError(Exception):
    """The WebAPI answered with an error, no data, or a body this module cannot use."""


def _mask(text: str, secret: str) -> str:
    """Text with the API key (raw or URL-quoted) replaced, so it never reaches logs or errors."""
    for form in {secret, urllib.parse.quote(secret, safe="")}:
        if form:
            text = text.replace(form, _MASK)
    return text


def _check_status(payload: Any, where: str) -> dict:
    """The payload as a dict if BPS says OK and the data is available; BpsWebApiError otherwise."""
    if not isinstance(payload, dict):
        raise BpsWebApiError(f"{where}: expected a JSON object, got {type(payload).__name__}")
    status = payload.get("status")
    if status is not None and str(status).upper() != "OK":
        message = payload.get("message") or payload.get("error") or payload.get("data") or ""
        raise BpsWebApiError(f"{where}: BPS status {status!r}: {message}".rstrip(": "))
    if "data-availability" in payload and payload["data-availability"] != "available":
        raise BpsWebApiError(
            f"{where}: BPS data-availability {payload['data-availability']!r} (no data for this request)"
        )
    return payload


class BpsWebApiClient:
    """Fetches dynamic tables from the BPS WebAPI with retries; never exposes the API key."""

    def __init__(
        self,
        api_key: str,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float = 30,
        retries: int = 3,
        backoff_seconds: float = 1.0,
    ) -> None:
        if not api_key or not api_key.strip():
            raise ValueError("api_key is empty")
        if retries < 0 or backoff_seconds < 0 or timeout <= 0:
            raise ValueError("retries and backoff_seconds must be >= 0, timeout > 0")
        self._api_key = api_key.strip()
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retries = retries
        self.backoff_seconds = backoff_seconds

    def __repr__(self) -> str:
        return f"BpsWebApiClient(base_url={self.base_url!r}, api_key={_MASK!r})"

    def dynamic_table_url(self, domain: str, var_id: int, years: list[int] | None = None) -> str:
        """The request URL (with the real key: do not log it, use ``masked_url``).

        ``years`` are calendar years; BPS wants th ids, which are year - 1900, joined by ";".
        """
        domain = str(domain)
        if not _DOMAIN.match(domain):
            raise ValueError(f"domain must be 4 digits (e.g. '5300'), got {domain!r}")
        if isinstance(var_id, bool) or not isinstance(var_id, int) or var_id <= 0:
            raise ValueError(f"var_id must be a positive int, got {var_id!r}")
        parts = ["list", "model", "data", "lang", "ind", "domain", domain, "var", str(var_id)]
        if years:
            bad = [y for y in years if isinstance(y, bool) or not isinstance(y, int) or not 1901 <= y <= 2899]
            if bad:
                raise ValueError(f"years must be calendar years, got {bad!r}")
            th_ids = [str(y - 1900) for y in sorted(set(years))]
            if len(th_ids) > 3:
                logger.warning("requesting %d years in one call; BPS is reported to cap th at 3", len(th_ids))
            parts += ["th", ";".join(th_ids)]
        parts += ["key", urllib.parse.quote(self._api_key, safe="")]
        return f"{self.base_url}/{'/'.join(parts)}/"

    def masked_url(self, url: str) -> str:
        """The URL with the API key replaced by ***, for logs and error messages."""
        return _mask(url, self._api_key)

    def get_dynamic_table(self, domain: str, var_id: int, years: list[int] | None = None) -> dict:
        """The parsed JSON of one dynamic table, checked for status OK and data available.

        Retries connection errors, timeouts, HTTP 5xx and 429 with exponential backoff
        (backoff_seconds * 2**attempt); other HTTP errors (4xx) fail at once.
        """
        url = self.dynamic_table_url(domain, var_id, years)
        safe_url = self.masked_url(url)
        body = self._get(url, safe_url)
        try:
            payload = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BpsWebApiError(f"GET {safe_url}: response is not JSON ({exc.__class__.__name__}: {exc})") from None
        return _check_status(payload, f"GET {safe_url}")

    def _get(self, url: str, safe_url: str) -> bytes:
        request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": _USER_AGENT})
        attempts = self.retries + 1
        for attempt in range(attempts):
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return response.read()
            except urllib.error.HTTPError as exc:
                status = exc.code
                detail = self._error_detail(exc)
                retryable = status == 429 or status >= 500
                problem = f"HTTP {status}{detail}"
            except (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException) as exc:
                reason = getattr(exc, "reason", exc)
                problem = f"connection error: {_mask(str(reason) or exc.__class__.__name__, self._api_key)}"
                retryable = True
            if not retryable or attempt == attempts - 1:
                tries = f" after {attempt + 1} attempts" if attempt else ""
                raise BpsWebApiError(f"GET {safe_url}: {problem}{tries}") from None
            delay = self.backoff_seconds * (2**attempt)
            logger.warning("GET %s: %s; retry %d/%d in %.1fs", safe_url, problem, attempt + 1, self.retries, delay)
            self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _error_detail(self, exc: urllib.error.HTTPError) -> str:
        """BPS's own status/message from an error body, if it sent JSON; masked."""
        try:
            raw = exc.read()
        except OSError:
            return ""
        finally:
            exc.close()
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return ""
        if not isinstance(body, dict):
            return ""
        fields = [f"{name} {body[name]!r}" for name in ("status", "message", "error") if body.get(name)]
        return _mask(f" (BPS {', '.join(fields)})", self._api_key) if fields else ""

    @staticmethod
    def _sleep(seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)


def _dimension(payload: dict, name: str) -> list[tuple[str, str]]:
    """[(val as key text, label stripped)] of one dimension list; BpsWebApiError if malformed."""
    if payload.get(name) is None:
        raise BpsWebApiError(f"malformed payload: missing {name!r}")
    items = payload[name]
    if not isinstance(items, list):
        raise BpsWebApiError(f"malformed payload: {name!r} must be a list, got {type(items).__name__}")
    out = []
    for index, item in enumerate(items):
        if (
            not isinstance(item, dict)
            or item.get("val") is None
            or isinstance(item.get("val"), (bool, float, list, dict))
        ):
            raise BpsWebApiError(f"malformed payload: {name}[{index}] has no usable 'val': {item!r}")
        out.append((str(item["val"]).strip(), str(item.get("label") or "").strip()))
    return out


def dynamic_table_records(payload: dict) -> list[dict]:
    """One dict per datacontent cell, labelled with its region, variable, year and period.

    Why: the datacontent keys are unlabelled concatenated ids; this resolves them against the
    payload's own dimension lists so the reader gets plain region x year rows. Combinations without
    a datacontent key (no figure published) yield no record; a key no combination produces is
    logged and skipped; a key two combinations produce raises.
    """
    payload = _check_status(payload, "BPS WebAPI payload")
    vars_ = payload.get("var")
    if not isinstance(vars_, list) or not vars_ or not isinstance(vars_[0], dict) or vars_[0].get("val") is None:
        raise BpsWebApiError("malformed payload: missing 'var' (a non-empty list with a 'val')")
    variable = vars_[0]
    var_key = str(variable["val"]).strip()
    vervar = _dimension(payload, "vervar")
    turvar = _dimension(payload, "turvar")
    tahun = _dimension(payload, "tahun")
    turtahun = _dimension(payload, "turtahun")
    years = {}
    for val, label in tahun:
        if not _YEAR.match(label):
            raise BpsWebApiError(f"malformed payload: tahun val {val!r} has label {label!r}, not a year")
        years[val] = int(label)

    content = payload.get("datacontent")
    if content is None:
        raise BpsWebApiError("malformed payload: missing 'datacontent'")
    if content == []:  # BPS sends [] rather than {} for an empty table
        content = {}
    if not isinstance(content, dict):
        raise BpsWebApiError(f"malformed payload: 'datacontent' must be an object, got {type(content).__name__}")

    cells: dict[str, list[tuple]] = {}
    for (vv, vv_label), (tv, tv_label), (th, _), (tt, tt_label) in product(vervar, turvar, tahun, turtahun):
        cells.setdefault(f"{vv}{var_key}{tv}{th}{tt}", []).append((vv, vv_label, tv_label, th, tt_label))

    records = []
    for key, combos in cells.items():
        if key not in content:
            continue
        if len(combos) > 1:
            options = "; ".join(f"vervar {c[0]} tahun {c[3]}" for c in combos)
            raise BpsWebApiError(f"malformed payload: datacontent key {key!r} is ambiguous ({options})")
        vv, vv_label, tv_label, th, tt_label = combos[0]
        records.append(
            {
                "region_code_bps": vv,
                "region_label": vv_label,
                "variable_id": variable["val"],
                "variable_label": str(variable.get("label") or "").strip(),
                "unit": str(variable.get("unit") or "").strip(),
                "turvar_label": tv_label,
                "year": years[th],
                "turtahun_label": tt_label,
                "value": content[key],
                "datacontent_key": key,
            }
        )
    unmatched = [key for key in content if key not in cells]
    if unmatched:
        if not records:
            raise BpsWebApiError(
                f"malformed payload: no datacontent key matches the listed vervar/var/turvar/tahun/turtahun "
                f"(e.g. {unmatched[0]!r})"
            )
        logger.warning(
            "%d datacontent keys match no listed combination and are skipped, e.g. %s", len(unmatched), unmatched[:3]
        )
    return records


def save_payload(payload: dict, path: str | os.PathLike) -> None:
    """Write the JSON (UTF-8, indent 2) so the landing zone never sees a partial file.

    The temp file sits next to the target (same filesystem, so os.replace is atomic) and ends in
    ``.tmp``, which the landing-zone ``*.json`` patterns do not pick up.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            json.dump(payload, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    logger.info("saved BPS WebAPI payload to %s", target)
