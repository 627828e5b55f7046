"""The main job on the embedded default: the local Unified ATS simulator and a sample source.

Pipes sample sourced candidates through `destination-unified-ats write` (the real connector process),
prints the sync summary and what landed in the ATS, then runs the same input again to show that the
second run creates nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from unified_ats_simulator import SimulatorServer

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "sourced_candidates.jsonl"
CONNECTOR = str(Path(sys.executable).parent / "destination-unified-ats")


def messages(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for index, data in enumerate(records, start=1):
        out.append({"type": "RECORD", "record": {"stream": "sourced_candidates", "data": data, "emitted_at": 0}})
        if index % 4 == 0 or index == len(records):
            out.append(
                {
                    "type": "STATE",
                    "state": {
                        "type": "STREAM",
                        "id": index,
                        "stream": {
                            "stream_descriptor": {"name": "sourced_candidates"},
                            "stream_state": {"position": index},
                        },
                    },
                }
            )
    return out


def run_write(config: Path, catalog: Path, lines: str) -> None:
    proc = subprocess.run(
        [CONNECTOR, "write", "--config", str(config), "--catalog", str(catalog)],
        input=lines,
        capture_output=True,
        text=True,
        check=False,
    )
    for line in proc.stdout.splitlines():
        message = json.loads(line)
        if message["type"] == "LOG":
            print(f"  [{message['log']['level']:<5}] {message['log']['message']}")
        elif message["type"] == "STATE":
            state = message["state"]
            print(f"  [STATE] id={state.get('id')} recordCount={state['destinationStats']['recordCount']:.0f}")
        elif message["type"] == "TRACE":
            print(f"  [ERROR] {message['trace']['error']['message']}")
    if proc.returncode != 0:
        print(proc.stderr[-2000:], file=sys.stderr)
        raise SystemExit(proc.returncode)


def show(sim: SimulatorServer) -> None:
    jobs = {j["id"]: j.get("name") for j in sim.jobs()}
    names = {}
    print("\nCandidates in the ATS:")
    for c in sim.candidates():
        names[c["id"]] = c.get("name") or c.get("first_name")
        emails = ", ".join(e["email"] for e in c.get("emails", []))
        meta = ", ".join(f"{m['slug']}={m['value']}" for m in c.get("metadata", []))
        print(f"  {c['id']:<8} {names[c['id']]!s:<16} {emails}")
        print(f"           tags: {', '.join(c.get('tags', []))}  sources: {', '.join(c.get('sources', []))}")
        print(f"           metadata: {meta}")
    print("\nApplications:")
    for a in sim.applications():
        print(f"  {a['id']:<8} {names.get(a['candidate_id'])!s:<16} -> {jobs.get(a['job_id'])} [{a.get('status')}]")
    print("\nDocuments:")
    for d in sim.documents():
        owner = d.get("candidate_id") or d.get("application_id")
        print(f"  {d['id']:<8} {d['filename']:<20} {d.get('type')} on {owner}")


def main() -> None:
    records = [json.loads(line) for line in SAMPLE.read_text().splitlines() if line.strip()]
    with SimulatorServer(latency_ms=10) as sim, tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp, "config.json")
        config.write_text(
            json.dumps(
                {
                    "api_token": sim.token,
                    "connection_id": sim.connection_id,
                    "base_url": sim.base_url,
                    "application_status": "REVIEWING",
                    "tags": ["sourced", "airbyte"],
                    "source_name": "Demo talent DB",
                    "rejected_records_path": str(Path(tmp, "rejected.jsonl")),
                }
            )
        )
        catalog = Path(tmp, "catalog.json")
        stream = {
            "name": "sourced_candidates",
            "json_schema": {"type": "object"},
            "supported_sync_modes": ["incremental"],
        }
        catalog.write_text(
            json.dumps(
                {"streams": [{"stream": stream, "sync_mode": "incremental", "destination_sync_mode": "append_dedup"}]}
            )
        )
        lines = "\n".join(json.dumps(m) for m in messages(records)) + "\n"
        print(f"Simulator at {sim.base_url}; writing {len(records)} sample records from {SAMPLE.relative_to(ROOT)}\n")
        run_write(config, catalog, lines)
        show(sim)
        counts = (len(sim.candidates()), len(sim.applications()), len(sim.documents()))
        print("\nSecond run of the same input (must create nothing):")
        sim.state.log.clear()
        run_write(config, catalog, lines)
        after = (len(sim.candidates()), len(sim.applications()), len(sim.documents()))
        writes = sum(v for (method, _), v in sim.state.log.counts().items() if method != "GET")
        print(f"\nObjects before/after the second run: {counts} / {after}; write requests in the second run: {writes}")


if __name__ == "__main__":
    main()
