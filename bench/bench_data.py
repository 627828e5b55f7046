"""Deterministic sourced-candidate records (Airbyte RECORD + STATE messages) with a small PDF resume each."""

from __future__ import annotations

import base64
import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

STREAM = "sourced_candidates"

FIRST_NAMES = (
    "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Ken", "Radia", "Linus", "Frances", "John",
    "Katherine", "Dennis", "Hedy", "Tim", "Sophie", "Guido", "Anita", "Bjarne", "Jean", "Niklaus", "Shafi", "Leslie",
    "Yukihiro", "Priya", "Mateo", "Chen", "Fatima", "Olu", "Ingrid", "Ravi", "Lucia", "Kwame", "Mei", "Tomasz",
)  # fmt: skip
LAST_NAMES = (
    "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson", "Perlman", "Torvalds",
    "Allen", "McCarthy", "Johnson", "Ritchie", "Lamarr", "Berners-Lee", "Wilson", "van Rossum", "Borg", "Stroustrup",
    "Bartik", "Wirth", "Goldwasser", "Lamport", "Matsumoto", "Raman", "Garcia", "Wei", "Haddad", "Adeyemi",
    "Svensson", "Iyer", "Moretti", "Mensah", "Tanaka", "Nowak",
)  # fmt: skip
ROLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Senior Backend Engineer", ("python", "go", "postgresql", "kafka", "kubernetes", "grpc", "redis")),
    ("Frontend Engineer", ("typescript", "react", "css", "graphql", "webpack", "accessibility")),
    ("Data Scientist", ("python", "pandas", "scikit-learn", "sql", "statistics", "pytorch", "experimentation")),
    ("ML Platform Engineer", ("python", "kubernetes", "ray", "spark", "terraform", "mlflow", "aws")),
    ("Technical Recruiter", ("sourcing", "boolean search", "greenhouse", "interviewing", "employer branding")),
    ("Product Designer", ("figma", "user research", "prototyping", "design systems", "usability testing")),
    ("Site Reliability Engineer", ("linux", "terraform", "prometheus", "kubernetes", "aws", "incident response")),
    ("Solutions Engineer", ("apis", "python", "sql", "demos", "salesforce", "integrations")),
    ("Software Engineer", ("java", "python", "sql", "git", "docker", "rest")),
)
COMPANIES = (
    "Acme Analytics", "Globex", "Initech", "Umbrella Labs", "Hooli", "Stark Industries", "Wayne Tech", "Pied Piper",
    "Vandelay Imports", "Soylent", "Cyberdyne", "Tyrell", "Aperture Science", "Massive Dynamic", "Wonka Labs",
)  # fmt: skip
TAG_POOL = ("python", "remote-ok", "referral", "open-source", "ex-faang", "relocation", "senior", "diversity-pipeline")
SOURCES = ("talent-db", "enrichment", "sourcing-tool")


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def resume_pdf(name: str, title: str, company: str, skills: Sequence[str], rng: random.Random) -> bytes:
    """A valid one-page PDF (uncompressed text, about 2-3 KB) naming the candidate."""
    lines = [f"{name}", f"{title} at {company}", "", "Skills: " + ", ".join(skills), "", "Summary"]
    lines += [
        f"{title} with {rng.randint(3, 15)} years of experience building and running production systems.",
        "Comfortable owning a service end to end: design docs, implementation, rollout, on-call and postmortems.",
        "Mentors engineers, writes clearly, and prefers small reversible changes over big-bang rewrites.",
        "",
        "Experience",
    ]
    for year in range(2024, 2006, -2):
        employer = rng.choice(COMPANIES)
        used = ", ".join(rng.sample(list(skills), k=min(3, len(skills))))
        lines.append(f"{year - 2}-{year}  {title}, {employer}: shipped {rng.randint(2, 9)} projects using ")
        lines.append(f"    {used}; led {rng.randint(1, 6)} people; cut p99 latency by {rng.randint(10, 60)}%.")
    lines += ["", "Education", f"BSc Computer Science, class of {rng.randint(2000, 2020)}"]
    text_ops = ["BT", "/F1 10 Tf", "14 TL", "50 780 Td"]
    text_ops += [f"({_pdf_escape(line)}) Tj T*" for line in lines]
    text_ops.append("ET")
    stream = "\n".join(text_ops).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def candidate(index: int, job_ids: Sequence[str], rng: random.Random, run_tag: str) -> dict[str, Any]:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    title, skill_pool = rng.choice(ROLES)
    company = rng.choice(COMPANIES)
    skills = rng.sample(skill_pool, k=rng.randint(3, min(6, len(skill_pool))))
    slug = f"{first}.{last}".lower().replace(" ", "").replace("-", "")
    pdf = resume_pdf(f"{first} {last}", title, company, skills, rng)
    return {
        "email": f"{slug}.{run_tag}{index:07d}@example.com",
        "first_name": first,
        "last_name": last,
        "title": title,
        "company_name": company,
        "skills": skills,
        "job_id": job_ids[index % len(job_ids)],
        "tags": sorted(rng.sample(TAG_POOL, k=rng.randint(1, 3))),
        "resume_base64": base64.b64encode(pdf).decode("ascii"),
        "resume_filename": f"{slug}-resume.pdf",
        "application_status": "REVIEWING",
        "source_id": f"{rng.choice(SOURCES)}:{index}",
    }


def write_input(
    path: Path, count: int, job_ids: Sequence[str], seed: int = 7, state_every: int = 500, run_tag: str = "b"
) -> dict[str, Any]:
    """Writes `count` RECORD messages (distinct emails) and a STREAM STATE every `state_every` records.

    Returns {"records", "states", "bytes", "resume_bytes_avg"}.
    """
    if not job_ids:
        raise ValueError("no OPEN job to apply candidates to")
    rng = random.Random(seed)
    states = 0
    resume_bytes = 0
    with path.open("w") as out:
        for index in range(count):
            data = candidate(index, job_ids, rng, run_tag)
            resume_bytes += len(data["resume_base64"]) * 3 // 4
            message = {"type": "RECORD", "record": {"stream": STREAM, "emitted_at": 1_767_225_600_000, "data": data}}
            out.write(json.dumps(message, separators=(",", ":")) + "\n")
            if (index + 1) % state_every == 0 or index + 1 == count:
                states += 1
                state = {
                    "type": "STATE",
                    "state": {
                        "type": "STREAM",
                        "id": states,
                        "stream": {"stream_descriptor": {"name": STREAM}, "stream_state": {"cursor": index + 1}},
                    },
                }
                out.write(json.dumps(state, separators=(",", ":")) + "\n")
    return {
        "records": count,
        "states": states,
        "bytes": path.stat().st_size,
        "resume_bytes_avg": round(resume_bytes / max(count, 1)),
    }


def catalog() -> dict[str, Any]:
    return {
        "streams": [
            {
                "stream": {
                    "name": STREAM,
                    "json_schema": {"type": "object"},
                    "supported_sync_modes": ["full_refresh", "incremental"],
                },
                "sync_mode": "incremental",
                "destination_sync_mode": "append_dedup",
                "primary_key": [["email"]],
            }
        ]
    }
