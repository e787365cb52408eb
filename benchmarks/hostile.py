"""Hostile-input benchmark: every input a careless or hostile user could hand policylint.

Each case generates its own files in a temporary folder (nothing is downloaded, nothing is
copied from ../shared), runs the real CLI (``python -m policylint ...``) in a child process
with a timeout, and reads the child's own peak RSS and CPU time from ``os.wait4``. Per case
it prints the exit code, wall seconds, peak RSS, whether stderr held a Python traceback and
whether stderr named the hostile file, then the totals::

    tracebacks 0, hangs 0, over 500 MB 0, bad exit codes 0, unnamed files 0

Usage::

    python benchmarks/hostile.py [--timeout 60] [--only SUBSTRING ...] [--keep DIR]

A case passes when it exits 0, 1 or 2 within the timeout, prints no traceback, stays under
500 MB and (for a bad input) names the file in its message. The children run under an
address-space limit (``--cap-mb``, default 4096) so that a regression cannot swap out a
machine shared with other people; a child that hits it fails with MemoryError, which is
counted as a traceback and as over the memory limit.

Timings are wall-clock on whatever else the machine is running; peak RSS is exact.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
SAMPLE_MD = REPO / "corpora" / "src" / "riverton-draft.md"
MEMORY_LIMIT_MB = 500.0
MB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    """One hostile input: ``build(folder)`` writes its files and returns (argv after
    ``policylint``, the path the messages must name or None)."""

    group: str
    name: str
    build: Callable[[Path], tuple[list[str], str | None]]


@dataclass(frozen=True)
class Outcome:
    case: Case
    returncode: int | None  # None: killed at the timeout
    seconds: float
    peak_mb: float
    traceback: bool
    named: bool | None  # None when the case names no file to look for
    stderr_tail: str

    @property
    def hung(self) -> bool:
        return self.returncode is None

    @property
    def ok(self) -> bool:
        return (
            not self.hung and self.returncode in (0, 1, 2) and not self.traceback
            and self.peak_mb < MEMORY_LIMIT_MB and self.named is not False
        )


# ------------------------------------------------------------------ input generators


def _huge_baseline(path: Path) -> None:
    """A syntactically valid 200 MB baseline, written in chunks."""
    entries = 200 * MB // 21
    with path.open("wb") as handle:
        handle.write(b'{"schema_version": "1", "findings": [')
        chunk = b'{"fingerprint": "f"},' * 100_000
        for _ in range(entries // 100_000):
            handle.write(chunk)
        handle.write(b'{"fingerprint": "f"}]}')


def _sample(folder: Path) -> Path:
    """A small readable manual to run the config, waiver, baseline and rule cases against."""
    target = folder / "manual.md"
    target.write_text(SAMPLE_MD.read_text(encoding="utf-8"), encoding="utf-8")
    return target


def _alias_bomb(levels: int = 9, width: int = 9) -> str:
    """The YAML "billion laughs": each level a list of ``width`` aliases of the level below."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        refs = ", ".join(f"*a{level - 1}" for _ in range(width))
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


def _wide_alias_yaml() -> str:
    """Few levels but a hundred thousand alias uses: cheap to write, big once expanded."""
    items = ", ".join(["x"] * 200)
    refs = ", ".join(["*big"] * 100_000)
    return f"base: &big [{items}]\nmany: [{refs}]\n"


def _deep_flow(depth: int) -> str:
    return "[" * depth + "]" * depth


def _deep_block(depth: int) -> str:
    return "".join(f"{' ' * i}k{i}:\n" for i in range(depth)) + " " * depth + "v\n"


def _random_bytes(size: int, seed: int = 10) -> bytes:
    return random.Random(seed).randbytes(size)


Content = str | bytes | Callable[[], str | bytes]


def _bytes(content: Content) -> bytes:
    """A case's file content; big ones are functions, built only when the case is built."""
    value = content() if callable(content) else content
    return value if isinstance(value, bytes) else value.encode("utf-8")


def _config_case(name: str, text: Content, filename: str = ".policylint.yaml", explicit: bool = True) -> Case:
    def build(folder: Path) -> tuple[list[str], str | None]:
        manual = _sample(folder)
        target = folder / filename
        target.write_bytes(_bytes(text))
        argv = ["check", str(manual)] + (["--config", str(target)] if explicit else [])
        return argv, target.name

    return Case("config", name, build)


def _waivers_case(name: str, text: str | bytes) -> Case:
    def build(folder: Path) -> tuple[list[str], str | None]:
        manual = _sample(folder)
        target = folder / "waivers.yaml"
        target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return ["check", str(manual), "--waivers-file", str(target)], target.name

    return Case("waivers", name, build)


def _baseline_case(name: str, data: str | bytes | Callable[[Path], None]) -> Case:
    """``data``: the file's content, or a function that writes it to the path it is given."""

    def build(folder: Path) -> tuple[list[str], str | None]:
        manual = _sample(folder)
        target = folder / "baseline.json"
        if callable(data):
            data(target)
        else:
            target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return ["check", str(manual), "--baseline", str(target)], target.name

    return Case("baseline", name, build)


def _rules_case(name: str, text: Content, command: str = "check") -> Case:
    def build(folder: Path) -> tuple[list[str], str | None]:
        manual = _sample(folder)
        # a word that makes a backtracking regex like (a+)+$ run for hours, had it been compiled
        manual.write_text(manual.read_text(encoding="utf-8") + "\n\n" + "a" * 40 + "!\n", encoding="utf-8")
        packs = folder / "packs"
        packs.mkdir()
        target = packs / "hostile.yaml"
        target.write_bytes(_bytes(text))
        if command == "rules-test":
            return ["rules", "test", str(target)], target.name
        return ["check", str(manual), "--rules", str(packs), "--pack", "hostile"], target.name

    return Case("rules", name, build)


def _pack(tokens: str) -> str:
    """A minimal valid pack whose one element matches ``tokens`` (a YAML flow list)."""
    return f"""pack: hostile
title: Hostile pack
version: "1"
topics:
  - id: t
    title: T
    elements:
      - id: e
        title: E
        kind: presence
        match:
          - [{{tokens: {tokens}}}]
"""


def _text_case(name: str, make: Callable[[Path], Path], command: str = "check") -> Case:
    def build(folder: Path) -> tuple[list[str], str | None]:
        target = make(folder)
        # every shipped pack: the most patterns a hostile text can make work
        packs = ["--pack", "core", "--pack", "practices", "--pack", "8cantwait"]
        argv = ["outline", str(target)] if command == "outline" else ["check", str(target), *packs]
        return argv, None

    return Case("text", name, build)


def _write_repeated(path: Path, unit: bytes, size: int) -> Path:
    """``unit`` repeated to ``size`` bytes, written in chunks (the generator must stay small too)."""
    chunk = unit * max(1, (4 * MB) // len(unit))
    with path.open("wb") as handle:
        written = 0
        while written < size:
            piece = chunk[: size - written]
            handle.write(piece)
            written += len(piece)
    return path


def _option_case(name: str, argv_tail: list[str], command: str = "check") -> Case:
    def build(folder: Path) -> tuple[list[str], str | None]:
        manual = _sample(folder)
        return [command, str(manual), *argv_tail], None

    return Case("options", name, build)


def _output_case(name: str) -> Case:
    def build(folder: Path) -> tuple[list[str], str | None]:
        manual = _sample(folder)
        blocker = folder / "not-a-folder"
        blocker.write_text("a file where a folder should be\n", encoding="utf-8")
        return ["check", str(manual), "--output", f"json:{blocker}/report.json"], "report.json"

    return Case("output", name, build)


def _docx_bomb(folder: Path) -> Path:
    """A .docx whose document.xml inflates from a small zip member to a gigabyte."""
    target = folder / "bomb.docx"
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body>')
            block = b" " * MB
            for _ in range(1024):
                member.write(block)
            member.write(b"</w:body></w:document>")
    return target


def _undecodable_pdf_case(name: str, pages: int) -> Case:
    """A PDF whose fonts have no Unicode map: every page extracts as glyph codes, not letters.
    Its pages must be reported undecodable (PL114, naming the file), never read as text."""

    def build(folder: Path) -> tuple[list[str], str | None]:
        sys.path.insert(0, str(REPO / "tests"))  # the byte-level PDF writer of the test fixtures
        from pdf_fixtures import undecodable_pdf

        line = "({}) Officers shall report every use of force to a supervisor before the end of shift {}."
        text = [[line.format(k, page) for k in range(40)] for page in range(pages)]
        target = undecodable_pdf(folder / "glyph-codes.pdf", text)
        return ["check", str(target), "--pack", "core", "--pack", "practices", "--pack", "8cantwait"], target.name

    return Case("text", name, build)


def cases() -> list[Case]:
    """The hostile-input set, by class."""
    out: list[Case] = []
    # -- YAML config (.policylint.yaml), discovered or named by --config
    out += [
        _config_case("alias bomb (billion laughs)", _alias_bomb()),
        _config_case("alias bomb, discovered config", _alias_bomb(), explicit=False),
        _config_case("100k alias uses", _wide_alias_yaml()),
        _config_case("recursive alias", "packs: &a [*a]\n"),
        _config_case("recursive mapping alias", "x: &a {b: *a}\n"),
        _config_case("!!python/name tag", "packs: !!python/name:os.system\n"),
        _config_case("!!python/object/apply tag", "packs: !!python/object/apply:os.system ['true']\n"),
        _config_case("custom !include tag", "packs: !include other.yaml\n"),
        _config_case("unhashable key (sequence)", "? [a, b]\n: 1\n"),
        _config_case("unhashable key (mapping alias)", "x: &m {a: 1}\n*m : 2\n"),
        _config_case("binary bytes", _random_bytes(64 * 1024)),
        _config_case("invalid UTF-8", b"packs: [core]\nfail_on: \xff\xfe\xfa\n"),
        _config_case("NUL bytes", b"packs: [core]\x00\x00\n"),
        _config_case("max_file_mb: .inf", "max_file_mb: .inf\n"),
        _config_case("max_file_mb: .nan", "max_file_mb: .nan\n"),
        _config_case("max_file_mb: 1e400", "max_file_mb: 1e400\n"),
        _config_case("deep flow nesting", _deep_flow(100_000)),
        _config_case("deep block nesting", _deep_block(3000)),
        _config_case("30 MB config", lambda: "packs:\n" + "  - core\n" * (30 * MB // 9)),
        _config_case("pyproject max_file_mb = inf", "[tool.policylint]\nmax_file_mb = inf\n", filename="pyproject.toml"),
        _config_case("pyproject deep arrays", "[tool.policylint]\npacks = " + _deep_flow(50_000) + "\n", filename="pyproject.toml"),
        _config_case("pyproject binary", _random_bytes(64 * 1024, seed=3), filename="pyproject.toml"),
    ]
    out.append(
        Case("config", "a PDF given as --config", lambda folder: (
            ["check", str(_sample(folder)), "--config", str(REPO / "corpora" / "riverton-draft.pdf")],
            "riverton-draft.pdf",
        ))
    )
    # -- waivers files
    out += [
        _waivers_case("alias bomb", _alias_bomb() + "waivers: *a9\n"),
        _waivers_case("alias bomb in a waiver", _alias_bomb() + "waivers:\n  - topic: *a9\n    reason: x\n"),
        _waivers_case("recursive alias", "waivers: &w [*w]\n"),
        _waivers_case("!!python/name tag", "waivers:\n  - topic: !!python/name:os.system\n    reason: r\n"),
        _waivers_case("unhashable key", "waivers:\n  - {? [a] : b}\n"),
        _waivers_case("binary bytes", _random_bytes(64 * 1024, seed=4)),
        _waivers_case("expires: .inf", "waivers:\n  - topic: core/use-of-force\n    reason: r\n    expires: .inf\n"),
        _waivers_case("deep nesting", "waivers: " + _deep_flow(100_000) + "\n"),
    ]
    # -- baselines (JSON)
    out += [
        _baseline_case("deep nesting", _deep_flow(200_000)),
        _baseline_case("deep nesting inside an entry", '{"schema_version": "1", "findings": [{"fingerprint": "f", "document": '
                       + _deep_flow(50_000) + "}]}"),
        _baseline_case("binary bytes", _random_bytes(64 * 1024, seed=5)),
        _baseline_case("NaN and Infinity", '{"schema_version": "1", "findings": NaN, "x": Infinity}'),
        _baseline_case("huge number", '{"schema_version": "1", "findings": [], "n": 1' + "0" * 100_000 + "}"),
        _baseline_case("200 MB baseline", _huge_baseline),
        _baseline_case("invalid UTF-8", b'{"schema_version": "1", "findings": ["\xff\xfe"]}'),
        _baseline_case("a PDF", (REPO / "corpora" / "riverton-draft.pdf").read_bytes()),
    ]
    # -- rule packs
    out += [
        _rules_case("alias bomb", _alias_bomb() + _pack("[{LOWER: x}]")),
        _rules_case("recursive alias", "pack: &p [*p]\n"),
        _rules_case("!!python/name tag", _pack("[{LOWER: !!python/name:os.system }]")),
        _rules_case("unhashable key", _pack("[{? [LOWER] : x}]")),
        _rules_case("binary bytes", _random_bytes(64 * 1024, seed=6)),
        _rules_case("deep nesting", "pack: " + _deep_flow(100_000) + "\n"),
        _rules_case("catastrophic REGEX in check", _pack('[{LOWER: {REGEX: "^(a+)+$"}}]')),
        _rules_case("catastrophic REGEX in rules test", _pack('[{TEXT: {REGEX: "(x+x+)+y"}}]'), command="rules-test"),
        _rules_case("30 MB pack", lambda: "pack: hostile\n# " + "x" * (30 * MB) + "\n"),
    ]
    # -- text inputs (the sizes are the point)
    out += [
        _text_case("50 MB on one line", lambda f: _write_repeated(f / "one-line.txt", b"officers shall report force ", 50 * MB)),
        _text_case("50 MB one line, outline", lambda f: _write_repeated(f / "one-line2.txt", b"officers shall report force ", 50 * MB), command="outline"),
        _text_case("50 MB one word", lambda f: _write_repeated(f / "one-word.txt", b"a", 50 * MB)),
        _text_case("199 MB of paragraphs", lambda f: _write_repeated(f / "big.txt", b"Officers shall report every use of force.\n\n", 199 * MB)),
        _text_case("201 MB (over the limit)", lambda f: _write_repeated(f / "too-big.txt", b"Officers shall report.\n", 201 * MB)),
        _text_case("50 MB Markdown one line", lambda f: _write_repeated(f / "one-line.md", b"officers shall report force ", 50 * MB)),
        _text_case("50 MB HTML one paragraph", lambda f: _write_repeated(f / "one-line.html", b"<p>officers shall report force ", 50 * MB)),
        _text_case("15 MB on one line (under the text limit)", lambda f: _write_repeated(f / "15mb.txt", b"officers shall report force ", 15 * MB)),
        _text_case("15 MB one word", lambda f: _write_repeated(f / "15mb-word.txt", b"a", 15 * MB)),
        _text_case("7 MB Markdown on one line", lambda f: _write_repeated(f / "7mb.md", b"officers shall report force ", 7 * MB)),
        _text_case("7 MB Markdown of list items", lambda f: _write_repeated(f / "items.md", b"- officers shall report force\n", 7 * MB)),
        _text_case("15 MB HTML of <p> tags", lambda f: _write_repeated(f / "15mb.html", b"<p>officers shall report force ", 15 * MB)),
        _text_case("HTML nested 500,000 <div>s deep", lambda f: _write_repeated(f / "deep.html", b"<div>", 2_500_000)),
        _text_case("matcher fan-out (because ... race ... gender)", lambda f: _write_repeated(f / "fanout.txt", b"because of race and gender ", 2 * MB)),
        _text_case("quadratic matches (race ... basis)", lambda f: _write_repeated(f / "pairs.txt", b"race basis ", 2 * MB)),
        _text_case("a million list markers", lambda f: _write_repeated(f / "markers.txt", b"(a)\n", 4 * MB)),
        _text_case("docx zip bomb", _docx_bomb),
        _undecodable_pdf_case("500-page PDF whose fonts have no Unicode map", 500),
    ]
    # -- numeric options
    out += [
        _option_case("--max-file-mb inf", ["--max-file-mb", "inf"]),
        _option_case("--max-file-mb nan", ["--max-file-mb", "nan"]),
        _option_case("--max-file-mb -1", ["--max-file-mb", "-1"]),
        _option_case("--max-file-mb 1e400", ["--max-file-mb", "1e400"]),
        _option_case("outline --max-file-mb nan", ["--max-file-mb", "nan"], command="outline"),
        _option_case("outline --max-file-mb inf", ["--max-file-mb", "inf"], command="outline"),
    ]
    out.append(_output_case("--output into a path that cannot exist"))
    return out


# ------------------------------------------------------------------ running


def _limit_memory(cap_mb: int) -> Callable[[], None]:
    def apply() -> None:
        os.setsid()  # its own process group, so a timeout kills everything it started
        cap = cap_mb * MB
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    return apply


def _build_in_child(case: Case, folder: Path) -> tuple[list[str], str | None]:
    """Write the case's files from a forked child, so that building a 200 MB input never grows
    this process: a child's peak RSS on Linux starts from its parent's RSS at fork time."""
    result = folder / ".case.json"
    pid = os.fork()
    if pid == 0:  # the child: build, report, leave without running any cleanup of the parent
        code = 0
        try:
            argv, named = case.build(folder)
            result.write_text(json.dumps([argv, named]), encoding="utf-8")
        except BaseException:
            code = 1
        os._exit(code)
    _pid, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"could not build the inputs of {case.group}: {case.name}")
    argv, named = json.loads(result.read_text(encoding="utf-8"))
    result.unlink()
    return argv, named


def _high_water_mb(pid: int) -> float:
    """The peak resident memory of process ``pid`` so far (VmHWM), or 0 when it cannot be read."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def run_case(case: Case, folder: Path, *, timeout: float, cap_mb: int) -> Outcome:
    argv, named = _build_in_child(case, folder)
    env = dict(os.environ, NO_COLOR="1", PYTHONFAULTHANDLER="")
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "policylint", *argv], cwd=folder, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=err, env=env, preexec_fn=_limit_memory(cap_mb),
        )
        returncode: int | None = None
        usage = None
        high_water = 0.0
        while True:
            high_water = max(high_water, _high_water_mb(proc.pid))
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                returncode = os.waitstatus_to_exitcode(status)
                break
            if time.perf_counter() - start > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                _pid, _status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01 if time.perf_counter() - start < 2 else 0.05)
        proc.returncode = returncode if returncode is not None else -9
        seconds = time.perf_counter() - start
        err.seek(0)
        stderr = err.read().decode("utf-8", errors="replace")
    # Linux carries the parent's high-water mark into a forked child's ru_maxrss (across
    # exec too): under a large parent (pytest after many tests) it would report the parent's
    # memory. The child's own VmHWM, polled while it runs, is its memory; ru_maxrss is the
    # fallback where /proc is missing.
    # A child's ru_maxrss above the parent's own peak can only be the child's.
    reported = usage.ru_maxrss / 1024.0 if usage is not None else 0.0
    parent_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    peak_mb = reported if reported > parent_peak or not high_water else high_water
    return Outcome(
        case=case, returncode=returncode, seconds=seconds, peak_mb=peak_mb,
        traceback="Traceback (most recent call last)" in stderr or "MemoryError" in stderr,
        named=None if named is None else named in stderr,
        stderr_tail=" | ".join(stderr.strip().splitlines()[-2:])[:160],
    )


def format_outcome(outcome: Outcome) -> str:
    code = "hang" if outcome.hung else str(outcome.returncode)
    named = {None: "-", True: "yes", False: "NO"}[outcome.named]
    mark = "ok  " if outcome.ok else "FAIL"
    label = f"{outcome.case.group}: {outcome.case.name}"
    return (
        f"{mark} {label:<52} exit {code:>4} {outcome.seconds:7.1f} s {outcome.peak_mb:7.0f} MB"
        f"  traceback {'YES' if outcome.traceback else 'no '}  names file {named:<3}  {outcome.stderr_tail}"
    )


def totals(outcomes: list[Outcome]) -> str:
    tracebacks = sum(o.traceback for o in outcomes)
    hangs = sum(o.hung for o in outcomes)
    over = sum(o.peak_mb >= MEMORY_LIMIT_MB for o in outcomes)
    bad_exit = sum(not o.hung and o.returncode not in (0, 1, 2) for o in outcomes)
    unnamed = sum(o.named is False for o in outcomes)
    return (
        f"{len(outcomes)} inputs: tracebacks {tracebacks}, hangs {hangs}, over {MEMORY_LIMIT_MB:.0f} MB {over}, "
        f"bad exit codes {bad_exit}, unnamed files {unnamed}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a case counts as a hang")
    parser.add_argument("--cap-mb", type=int, default=4096, help="address-space limit of each child (protects the machine)")
    parser.add_argument("--only", nargs="*", default=[], help="run only cases whose 'group: name' contains one of these")
    parser.add_argument("--keep", type=Path, default=None, help="write the inputs here and keep them")
    parser.add_argument("--json", action="store_true", help="also print the outcomes as JSON lines")
    args = parser.parse_args(argv)
    chosen = [c for c in cases() if not args.only or any(s in f"{c.group}: {c.name}" for s in args.only)]
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="policylint-hostile-") as scratch:
        root = args.keep or Path(scratch)
        for n, case in enumerate(chosen):
            folder = root / f"{n:02d}-{case.group}"
            folder.mkdir(parents=True, exist_ok=True)
            outcome = run_case(case, folder, timeout=args.timeout, cap_mb=args.cap_mb)
            outcomes.append(outcome)
            print(format_outcome(outcome), flush=True)
            if args.json:
                print(json.dumps({"case": f"{case.group}: {case.name}", "exit": outcome.returncode,
                                  "seconds": round(outcome.seconds, 2), "peak_mb": round(outcome.peak_mb),
                                  "traceback": outcome.traceback, "named": outcome.named}))
            if args.keep is None:
                for item in sorted(folder.rglob("*"), reverse=True):
                    item.unlink() if item.is_file() else item.rmdir()
    print(totals(outcomes))
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    raise SystemExit(main())
