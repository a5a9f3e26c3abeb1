#!/usr/bin/env python3
"""Writes N varied evaluation requests as JSON Lines (one POST /api/v1/evaluations body per line), for
`audit bulk` and its benchmark (BENCHMARKS.md):

    python3 scripts/communities.py 220000 > /tmp/communities.jsonl

Each line is one of the programme's 66 requests (test-data/program/batch-*.json) with its own id and,
chosen by a generator seeded with the line number (the same N gives the same file): residents' support,
completion year, a survey need dropped or not, the upgrade budget scaled, a requested upgrade dropped or
not. Numbers keep their written form (decimals are not turned into binary floats)."""
import json
import random
import re
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NUMBER = re.compile(r'"\\u0000D([-0-9.Ee+]+)\\u0000"')


def base_requests():
    out = []
    for f in sorted((ROOT / "test-data" / "program").glob("batch-*.json")):
        out.extend(json.loads(f.read_text(encoding="utf-8"), parse_float=Decimal)["requests"])
    return out


def plain(v):
    if isinstance(v, Decimal):
        return "\0D" + str(v) + "\0"
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    return v


def variant(base, i):
    rng = random.Random(i)
    r = json.loads(json.dumps(plain(base)))  # a deep copy
    c = r["community"]
    c["id"] = f'{c["id"]}-B{i:06d}'
    c["householdsInFavour"] = max(0, c["households"] - rng.randint(0, 9))
    c["completionYear"] = c["completionYear"] + rng.randint(-4, 4)
    if r.get("needs") and rng.random() < 0.3:
        r["needs"].pop(rng.randrange(len(r["needs"])))
    if r.get("requestedUpgrades") and rng.random() < 0.3:
        r["requestedUpgrades"].pop(rng.randrange(len(r["requestedUpgrades"])))
    if "upgradeBudget" in r:
        budget = Decimal(r["upgradeBudget"][2:-1])
        r["upgradeBudget"] = "\0D" + str((budget * Decimal(rng.randint(50, 150)) / 100).quantize(Decimal("0.01"))) + "\0"
    return NUMBER.sub(r"\1", json.dumps(r, ensure_ascii=False, separators=(",", ":")))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 220000
    bases = base_requests()
    out = sys.stdout
    for i in range(n):
        out.write(variant(bases[i % len(bases)], i))
        out.write("\n")


if __name__ == "__main__":
    main()
