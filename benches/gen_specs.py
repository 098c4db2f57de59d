#!/usr/bin/env python3
"""Generate varied engagement specs from the examples, for batch benchmarks.

    benches/gen_specs.py N OUT_DIR            N specs cycling through examples/*.yaml
    benches/gen_specs.py --rfq-lines L OUT    one RFQ spec with L pricing lines

Output is deterministic: the same arguments give the same files.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def vary(text: str, i: int) -> str:
    """A distinct engagement: new id, buyer name and budget, same structure."""
    text = re.sub(r"(?m)^(  id: )([a-z0-9-]+)\s*$", lambda m: f"{m.group(1)}{m.group(2)}-{i:05d}", text, count=1)
    text = re.sub(r"(?m)^(    legal_name: )(.+)$", lambda m: f"{m.group(1)}{m.group(2).strip()} (Unit {i})", text, count=1)
    text = re.sub(r"amount: \"?(\d+)", lambda m: f"amount: {int(m.group(1)) + i * 100}", text, count=1)
    return text


def rfq_with_lines(lines: int) -> str:
    base = (ROOT / "examples" / "laptop-purchase.yaml").read_text(encoding="utf-8")
    head, sep, _ = base.partition("\n  lines:\n")
    if not sep:
        sys.exit("laptop-purchase.yaml has no `pricing.lines` block")
    rest = base.split("\n  lines:\n", 1)[1]
    # Keep whatever follows the lines block (the next key at two-space indent or less).
    tail_match = re.search(r"(?m)^(?:  [a-z_]+:|[a-z_]+:)", rest)
    tail = rest[tail_match.start():] if tail_match else ""
    body = []
    for n in range(1, lines + 1):
        body.append(f"    - id: L{n:05d}\n      description: Item {n}, standard configuration\n"
                    f"      unit: each\n      period: one_off\n      quantity: {1 + n % 40}\n")
    return head + "\n  lines:\n" + "".join(body) + tail


def main() -> None:
    args = sys.argv[1:]
    if len(args) == 3 and args[0] == "--rfq-lines":
        out = pathlib.Path(args[2])
        out.mkdir(parents=True, exist_ok=True)
        (out / f"rfq-{args[1]}-lines.yaml").write_text(rfq_with_lines(int(args[1])), encoding="utf-8")
        return
    if len(args) != 2:
        sys.exit(__doc__)
    count, out = int(args[0]), pathlib.Path(args[1])
    out.mkdir(parents=True, exist_ok=True)
    texts = [p.read_text(encoding="utf-8") for p in EXAMPLES]
    for i in range(count):
        (out / f"spec-{i:05d}.yaml").write_text(vary(texts[i % len(texts)], i), encoding="utf-8")


if __name__ == "__main__":
    main()
