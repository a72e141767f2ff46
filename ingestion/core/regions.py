"""Map any region name variant or code to the official region, and report what cannot be mapped.

Extracts name regions by Kemendagri code ("53.01"), BPS code ("5303"), official name, or one of
the variants the documents use ("TTS", "Kab. Kupang", "Flotim"). The two code systems number the
regencies differently (53.01 is Kupang, 5301 is Sumba Barat), so the crosswalk is data
(seeds/reference/regions.csv), not code. A bare "Kupang" is both Kabupaten Kupang and Kota Kupang:
it resolves only with a kind hint (a "Kota" section in the table); otherwise it is reported as
ambiguous, never guessed.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ingestion.core.settings import seeds_dir

_NUMBERING = re.compile(r"^\s*\d+\s*[.)]\s*")
_KIND_PREFIX = re.compile(r"^(kabupaten|kab\.?|kota|provinsi|prov\.?)\s+", re.IGNORECASE)
_KEMENDAGRI = re.compile(r"^\d{2}(?:\.\d{2})?$")
_BPS = re.compile(r"^53(\d{2})$")


@dataclass(frozen=True)
class Region:
    kemendagri_code: str
    bps_code: str
    region_name: str
    official_name: str
    region_level: str  # provinsi | kabupaten | kota


@dataclass(frozen=True)
class Resolution:
    """The region found, or why none was: exactly one of the two is set."""

    region: Region | None
    problem: str | None = None


def _key(text: str) -> str:
    """Case, punctuation and spacing folded, so "Timor  Tengah-Selatan" matches."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def _kind_of_prefix(prefix: str) -> str:
    prefix = prefix.lower().rstrip(".")
    return {"kabupaten": "kabupaten", "kab": "kabupaten", "kota": "kota"}.get(prefix, "provinsi")


class RegionNormaliser:
    """Resolves names and codes against the reference seeds."""

    def __init__(self, regions: list[Region], variants: dict[str, str]):
        self.regions = regions
        self.by_kemendagri = {r.kemendagri_code: r for r in regions}
        self.by_bps = {r.bps_code: r for r in regions}
        self._by_name: dict[str, list[Region]] = {}
        for region in regions:
            for name in {region.region_name, region.official_name}:
                self._add_name(name, region)
            if region.region_level == "kota" and region.region_name.lower().startswith("kota "):
                # "Kupang" under a "Kota" heading: bare name, resolved only with a kind hint
                self._add_name(region.region_name[5:], region)
        for variant, code in variants.items():
            self._add_name(variant, self.by_kemendagri[code])

    def _add_name(self, name: str, region: Region) -> None:
        bucket = self._by_name.setdefault(_key(name), [])
        if region not in bucket:
            bucket.append(region)

    def resolve(self, value: object, kind_hint: str | None = None, code_system: str | None = None) -> Resolution:
        """Resolve a code or name; kind_hint is "kabupaten" or "kota" when the table says so."""
        text = "" if value is None else " ".join(str(value).split())
        if not text:
            return Resolution(None, "empty region")
        code = text.replace(" ", "")
        if re.fullmatch(r"[0-9.]+", code):
            return self._resolve_code(code, code_system)
        label = _NUMBERING.sub("", text)
        if prefix := _KIND_PREFIX.match(label):
            kind_hint = _kind_of_prefix(prefix.group(1))
        candidates = self._by_name.get(_key(label)) or self._by_name.get(_key(_KIND_PREFIX.sub("", label)))
        if not candidates:
            return Resolution(None, f"unknown region {text!r}")
        if len(candidates) > 1 and kind_hint:
            hinted = [r for r in candidates if r.region_level == kind_hint]
            candidates = hinted or candidates
        if len(candidates) > 1:
            options = " or ".join(f"{r.official_name} ({r.kemendagri_code})" for r in candidates)
            return Resolution(None, f"ambiguous region {text!r}: {options}")
        return Resolution(candidates[0])

    def _resolve_code(self, code: str, code_system: str | None) -> Resolution:
        if code_system in (None, "kemendagri") and _KEMENDAGRI.match(code):
            region = self.by_kemendagri.get(code)
        elif code_system in (None, "bps") and (match := _BPS.match(code)):
            region = self.by_bps.get("53" if match.group(1) == "00" else code)
        else:
            region = None
        if region is None:
            return Resolution(None, f"unknown region code {code!r}")
        return Resolution(region)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


#: What a source's regions may be (its registry entry's region_scope): NTT's regencies, or every
#: province and kabupaten/kota of Indonesia (a national case register, SIMFONI PPA's roll-out).
REGION_SCOPES = ("ntt", "national")


@lru_cache(maxsize=4)
def load_normaliser(reference_dir: Path | None = None, scope: str = "ntt") -> RegionNormaliser:
    """The normaliser built from seeds/reference/regions.csv and region_name_variants.csv; with
    scope "national" also every region of seeds/national/regions_kemendagri.csv (no BPS code:
    the BPS crosswalk is NTT's). Official names are unique nationally; a bare name several
    regions share ("Kupang", "Bogor", "Jambi") stays ambiguous, never guessed."""
    if scope not in REGION_SCOPES:
        raise ValueError(f"unknown region scope {scope!r}; expected one of {REGION_SCOPES}")
    folder = reference_dir or seeds_dir() / "reference"
    regions = [
        Region(row["kemendagri_code"], row["bps_code"], row["region_name"], row["official_name"], row["region_level"])
        for row in _read_csv(folder / "regions.csv")
    ]
    if scope == "national":
        known = {r.kemendagri_code for r in regions}
        regions += [
            Region(row["kemendagri_code"], "", row["region_name"], row["official_name"], row["region_level"])
            for row in _read_csv(seeds_dir() / "national" / "regions_kemendagri.csv")
            if row["kemendagri_code"] not in known
        ]
    variants = {row["variant"]: row["kemendagri_code"] for row in _read_csv(folder / "region_name_variants.csv")}
    return RegionNormaliser(regions, variants)
