"""Tests for ingestion/bps/webapi.py against recorded responses served on 127.0.0.1.

A local http.server (ephemeral port, in a thread) serves tests/fixtures/bps_webapi/ by URL path:
the var id in the path picks the scripted response. No network; backoff_seconds=0 everywhere
except where the backoff schedule itself is checked (with a fake sleep).
"""

from __future__ import annotations

import json
import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ingestion.bps.webapi import BpsWebApiClient, BpsWebApiError, dynamic_table_records, save_payload

pytestmark = pytest.mark.timeout(10)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "bps_webapi"
API_KEY = "s3cr3t-KEY-0123456789abcdef"
VAR_OK, VAR_FLAKY, VAR_DOWN, VAR_404, VAR_EMPTY, VAR_BROKEN = 1001, 1002, 1003, 1004, 1005, 1006


def _fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


class FakeBps:
    """Scripted responses per var id; a script's last entry repeats. Records every path."""

    def __init__(self) -> None:
        ok = (200, _fixture_bytes("penduduk_proyeksi_5300.json"))
        self.scripts: dict[str, list[tuple[int, bytes]]] = {
            str(VAR_OK): [ok],
            str(VAR_FLAKY): [(503, b"<html>Service Unavailable</html>"), ok],
            str(VAR_DOWN): [(503, b"<html>Service Unavailable</html>")],
            str(VAR_404): [(404, b"")],  # body filled per request: it echoes the path, key included
            str(VAR_EMPTY): [(200, _fixture_bytes("error_not_available.json"))],
            str(VAR_BROKEN): [(200, _fixture_bytes("malformed.json"))],
        }
        self.paths: list[str] = []
        self._lock = threading.Lock()

    def respond(self, path: str) -> tuple[int, bytes]:
        with self._lock:
            self.paths.append(path)
            parts = path.strip("/").split("/")
            var = parts[parts.index("var") + 1] if "var" in parts else ""
            script = self.scripts.get(var)
            if script is None:
                return 404, b'{"status": "Error", "message": "unknown var"}'
            served = sum(1 for p in self.paths if f"/var/{var}/" in p) - 1
            status, body = script[min(served, len(script) - 1)]
            if status == 404:  # like a server that echoes the request: the key must still not leak
                body = json.dumps({"status": "Error", "message": f"Not found: {path}"}).encode()
            return status, body

    def count(self, var_id: int) -> int:
        return sum(1 for p in self.paths if f"/var/{var_id}/" in p)


@pytest.fixture
def bps_server():
    fake = FakeBps()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, body = fake.respond(self.path)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:  # keep test output quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}/v1/api"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _client(base_url: str, **kwargs) -> BpsWebApiClient:
    kwargs.setdefault("backoff_seconds", 0)
    return BpsWebApiClient(API_KEY, base_url=base_url, timeout=5, **kwargs)


def _payload() -> dict:
    return json.loads(_fixture_bytes("penduduk_proyeksi_5300.json"))


# --------------------------------------------------------------------------- URL


def test_dynamic_table_url_is_the_documented_path_with_th_ids():
    client = BpsWebApiClient(API_KEY)
    assert client.dynamic_table_url("5300", 1001) == (
        f"https://webapi.bps.go.id/v1/api/list/model/data/lang/ind/domain/5300/var/1001/key/{API_KEY}/"
    )
    assert client.dynamic_table_url("5300", 1001, years=[2029, 2025, 2026]) == (
        f"https://webapi.bps.go.id/v1/api/list/model/data/lang/ind/domain/5300/var/1001/th/125;126;129/key/{API_KEY}/"
    )
    assert API_KEY not in client.masked_url(client.dynamic_table_url("5300", 1001))
    assert API_KEY not in repr(client)


@pytest.mark.parametrize("domain, var_id, years", [("53", 1, None), ("5300", 0, None), ("5300", 1, [124])])
def test_dynamic_table_url_rejects_bad_arguments(domain, var_id, years):
    with pytest.raises(ValueError):
        BpsWebApiClient(API_KEY).dynamic_table_url(domain, var_id, years)


# --------------------------------------------------------------------------- fetch + flatten


def test_fetch_and_flatten_gives_23_regions_by_5_years(bps_server):
    payload = _client(bps_server.base_url).get_dynamic_table("5300", VAR_OK, years=[2025, 2026, 2027, 2028, 2029])
    assert bps_server.paths == [
        f"/v1/api/list/model/data/lang/ind/domain/5300/var/{VAR_OK}/th/125;126;127;128;129/key/{API_KEY}/"
    ]

    records = dynamic_table_records(payload)
    assert len(records) == 115
    assert len({r["region_code_bps"] for r in records}) == 23
    assert sorted({r["year"] for r in records}) == [2025, 2026, 2027, 2028, 2029]
    by_cell = {(r["region_code_bps"], r["year"]): r for r in records}
    assert len(by_cell) == 115

    province_2028 = by_cell[("5300", 2028)]
    assert province_2028["value"] == 5998811
    assert province_2028["region_label"] == "Nusa Tenggara Timur"
    assert province_2028["datacontent_key"] == "5300100101280"
    assert by_cell[("5305", 2029)]["value"] == 29666  # Timor Tengah Utara: published as 29.666, kept
    assert by_cell[("5305", 2029)]["region_label"] == "Timor Tengah Utara"
    assert by_cell[("5303", 2025)]["value"] == 383387 and by_cell[("5303", 2025)]["region_label"] == "Kupang"
    assert by_cell[("5371", 2029)]["value"] == 511662 and by_cell[("5371", 2029)]["region_label"] == "Kota Kupang"
    first = by_cell[("5301", 2025)]
    assert first == {
        "region_code_bps": "5301",
        "region_label": "Sumba Barat",
        "variable_id": 1001,
        "variable_label": "Proyeksi Penduduk Menurut Kabupaten/Kota di Provinsi Nusa Tenggara Timur",
        "unit": "Jiwa",
        "turvar_label": "Tidak ada",
        "year": 2025,
        "turtahun_label": "Tahun",
        "value": 157595,
        "datacontent_key": "5301100101250",
    }
    assert isinstance(first["value"], int)


def test_records_keep_values_unrounded_and_skip_missing_cells():
    payload = _payload()
    payload["datacontent"]["5301100101250"] = 83.68
    del payload["datacontent"]["5302100101250"]
    records = dynamic_table_records(payload)
    assert len(records) == 114
    by_key = {r["datacontent_key"]: r for r in records}
    assert by_key["5301100101250"]["value"] == 83.68
    assert "5302100101250" not in by_key


def test_labels_are_stripped_and_string_vals_accepted():
    payload = _payload()
    payload["vervar"][0]["label"] = "  Sumba Barat \n"
    payload["turvar"] = [{"val": "0", "label": "Tidak ada"}]  # BPS sends turvar val as text at times
    records = dynamic_table_records(payload)
    assert len(records) == 115
    assert {r["region_label"] for r in records if r["region_code_bps"] == "5301"} == {"Sumba Barat"}


@pytest.mark.parametrize("field", ["vervar", "tahun", "datacontent", "var"])
def test_missing_field_is_named(field):
    payload = _payload()
    del payload[field]
    with pytest.raises(BpsWebApiError, match=repr(field)):
        dynamic_table_records(payload)


def test_tahun_label_that_is_not_a_year_is_named():
    payload = _payload()
    payload["tahun"][1]["label"] = "2026*"
    with pytest.raises(BpsWebApiError, match=r"tahun val '126'.*'2026\*'"):
        dynamic_table_records(payload)


def test_ambiguous_key_raises_instead_of_guessing():
    # vervar 1 + var 1 + turvar 11 and vervar 11 + var 1 + turvar 1 both give "1111" + "2" + "0"
    payload = {
        "status": "OK",
        "data-availability": "available",
        "var": [{"val": 1, "label": "x", "unit": "Persen"}],
        "turvar": [{"val": 1, "label": "t1"}, {"val": 11, "label": "t11"}],
        "vervar": [{"val": 1, "label": "A"}, {"val": 11, "label": "B"}],
        "tahun": [{"val": 2, "label": "1902"}],
        "turtahun": [{"val": 0, "label": "Tahun"}],
        "datacontent": {"111120": 5},
    }
    with pytest.raises(BpsWebApiError, match="'111120' is ambiguous"):
        dynamic_table_records(payload)


def test_datacontent_matching_nothing_is_malformed():
    payload = _payload()
    payload["datacontent"] = {"123": 1}
    with pytest.raises(BpsWebApiError, match="no datacontent key matches"):
        dynamic_table_records(payload)


def test_empty_table_as_bps_sends_it_gives_no_records():
    payload = _payload()
    payload["datacontent"] = []
    assert dynamic_table_records(payload) == []


# --------------------------------------------------------------------------- retries and errors


def test_retries_a_503_then_succeeds(bps_server):
    payload = _client(bps_server.base_url, retries=3).get_dynamic_table("5300", VAR_FLAKY)
    assert bps_server.count(VAR_FLAKY) == 2
    assert len(dynamic_table_records(payload)) == 115


def test_gives_up_after_retries_with_exponential_backoff(bps_server, monkeypatch):
    delays: list[float] = []
    monkeypatch.setattr(BpsWebApiClient, "_sleep", staticmethod(delays.append))
    client = _client(bps_server.base_url, retries=2, backoff_seconds=1.0)
    with pytest.raises(BpsWebApiError, match="HTTP 503 after 3 attempts") as info:
        client.get_dynamic_table("5300", VAR_DOWN)
    assert bps_server.count(VAR_DOWN) == 3
    assert delays == [1.0, 2.0]
    assert API_KEY not in str(info.value)


def test_no_retry_on_404_and_key_never_in_message_or_logs(bps_server, caplog):
    caplog.set_level(logging.DEBUG)
    with pytest.raises(BpsWebApiError) as info:
        _client(bps_server.base_url, retries=3).get_dynamic_table("5300", VAR_404)
    message = str(info.value)
    assert bps_server.count(VAR_404) == 1
    assert "HTTP 404" in message and "Not found" in message  # BPS's message is passed on ...
    assert f"/domain/5300/var/{VAR_404}/key/***/" in message  # ... with the URL masked
    assert API_KEY not in message
    assert (
        info.value.__cause__ is None and info.value.__suppress_context__
    )  # no chained urllib error (it holds the URL)
    assert API_KEY not in caplog.text


def test_connection_error_is_retried_and_masked(caplog):
    caplog.set_level(logging.WARNING)
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = _client(f"http://127.0.0.1:{port}/v1/api", retries=1)
    with pytest.raises(BpsWebApiError, match="connection error.*after 2 attempts") as info:
        client.get_dynamic_table("5300", VAR_OK)
    assert API_KEY not in str(info.value) and API_KEY not in caplog.text
    assert "retry 1/1" in caplog.text


def test_not_available_is_an_error(bps_server):
    with pytest.raises(BpsWebApiError, match="list-not-available"):
        _client(bps_server.base_url).get_dynamic_table("5300", VAR_EMPTY)
    assert bps_server.count(VAR_EMPTY) == 1
    with pytest.raises(BpsWebApiError, match="list-not-available"):
        dynamic_table_records(json.loads(_fixture_bytes("error_not_available.json")))


def test_bps_error_status_is_an_error():
    with pytest.raises(BpsWebApiError, match="BPS status 'Error': Invalid key"):
        dynamic_table_records({"status": "Error", "message": "Invalid key"})


def test_malformed_json_is_an_error(bps_server):
    with pytest.raises(BpsWebApiError, match="not JSON") as info:
        _client(bps_server.base_url).get_dynamic_table("5300", VAR_BROKEN)
    assert bps_server.count(VAR_BROKEN) == 1
    assert API_KEY not in str(info.value)


def test_empty_api_key_is_refused():
    with pytest.raises(ValueError):
        BpsWebApiClient("  ")


# --------------------------------------------------------------------------- landing


def test_save_payload_round_trip(tmp_path):
    payload = _payload()
    target = tmp_path / "landing" / "bps" / "penduduk_proyeksi_5300.json"
    save_payload(payload, target)
    text = target.read_text(encoding="utf-8")
    assert json.loads(text) == payload
    assert text.startswith('{\n  "status": "OK"')  # indent 2
    assert sorted(p.name for p in target.parent.iterdir()) == ["penduduk_proyeksi_5300.json"]  # no temp left
    assert len(dynamic_table_records(json.loads(text))) == 115

    save_payload({"status": "OK", "label": "Flores Timur – Larantuka"}, target)  # replaces, UTF-8 kept
    assert "Flores Timur – Larantuka" in target.read_text(encoding="utf-8")


def test_save_payload_leaves_old_file_when_serialising_fails(tmp_path):
    target = tmp_path / "p.json"
    save_payload({"a": 1}, target)
    with pytest.raises(TypeError):
        save_payload({"a": object()}, target)
    assert json.loads(target.read_text(encoding="utf-8")) == {"a": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["p.json"]
