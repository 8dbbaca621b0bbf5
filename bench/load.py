"""Load and leak benchmark: concurrent chat sessions against a real `flexrec serve` on loopback.

    .venv/bin/python bench/load.py [--clients 8] [--minutes 10] [--model NAME] [--baseline-turns 3] [--out FILE]
    .venv/bin/python bench/load.py --sweep 1,4,8 [--turns 3] [--model NAME] [--out FILE]

The tests run one session at a time inside one process; this finds what only shows in the real
server under load: one session's profile or conversation showing up in another (a leak), errors
and timeouts when turns queue up, and memory that grows with turns. Each client talks about its
own popular catalog titles that no other client names, so another client's title in its profile,
or a message it never sent in its history, is a leak. One client alone first (the baseline, in the
same run) gives the turn time without contention. The server gets a fresh temporary data dir, so
its first start ingests the catalog and prepares the model.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "retrieval" / "data" / "movies.jsonl"
MESSAGES = ["I loved {title}. Something like it?", "I really enjoyed {title}"]
TITLES_PER_CLIENT = 5
GOAL_GROWTH = 0.10


def _words(title: str) -> str:
    return " " + "".join(c if c.isalnum() else " " for c in title.lower()).strip() + " "


def pick_titles(sets: int, per_set: int) -> list[list[str]]:
    """Disjoint sets of popular titles that the title reader cannot confuse: ASCII, unique in the
    catalog, not a whole-word part of another title nor holding one (Iron Man / Iron Man 3), and
    no long word shared with a title already picked (one title per franchise)."""
    items = [json.loads(line) for line in CATALOG.read_text().splitlines() if line.strip()]
    counts = Counter(_words(i["title"]) for i in items)
    picked, used = [], set()
    for item in sorted(items, key=lambda i: -i.get("popularity", 0)):
        title, words = item["title"], _words(item["title"])
        long_words = {w for w in words.split() if len(w) >= 4}
        if not title.isascii() or not any(c.isalpha() for c in title) or counts[words] > 1 or long_words & used:
            continue
        if any(o != words and (o in words or words in o) for o in counts):
            continue
        picked.append(title)
        used |= long_words
        if len(picked) == sets * per_set:
            return [picked[i * per_set : (i + 1) * per_set] for i in range(sets)]
    raise SystemExit(f"the catalog has too few unambiguous titles for {sets} clients")


def tree_rss_mb(root: int) -> float:
    """VmRSS of a process and all its descendants, in MB (0 once it is gone)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(stat.parent.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:  # gone meanwhile
            continue
        total += next((int(ln.split()[1]) for ln in status.splitlines() if ln.startswith("VmRSS:")), 0)
    return total / 1024


def sample_rss(pid: int, samples: list, stop: threading.Event) -> None:
    while not stop.wait(1.0):
        samples.append((time.monotonic(), tree_rss_mb(pid)))


def start_server(model: str | None, data_dir: Path, log, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:  # a free port; the tiny race until the server binds it is accepted
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [str(Path(sys.executable).with_name("flexrec")), "serve", "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--model", model] if model else []
    env = {**os.environ, "FLEXREC_DATA_DIR": str(data_dir), "FLEXREC_TURN_RATE": "0", **(env or {})}
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    return proc, f"http://127.0.0.1:{port}"


def wait_ready(proc: subprocess.Popen, url: str, limit: float, log_path: Path) -> None:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited ({proc.returncode}):\n{_tail(log_path)}")
        try:
            if httpx.get(url + "/", timeout=5, trust_env=False).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise SystemExit(f"the server did not answer within {limit:.0f} s:\n{_tail(log_path)}")


def stop_server(proc: subprocess.Popen) -> None:
    """SIGTERM to the server's own process group, SIGKILL if it is still there after 15 s."""
    for sig, grace in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
            proc.wait(grace)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


def _tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


class Client:
    """One user: its own session, titles and HTTP client (so its own cookies, as a browser has).
    Only its thread touches it until that thread ends."""

    def __init__(self, label: str, titles: list[str], owners: dict[str, str], url: str, timeout: float):
        self.label, self.titles, self.owners = label, titles, owners
        self.http = httpx.Client(base_url=url, timeout=timeout, trust_env=False)
        self.own = {t.lower() for t in titles}
        self.session_id: str | None = None
        self.sent: list[str] = []
        self.shown = ""  # replies and item titles this session was shown, lower case
        self.times: list[float] = []
        self.replies: list[tuple[str, list[str]]] = []  # (reply, card ids) per answered turn
        self.first_done: float | None = None
        self.errors: Counter = Counter()
        self.notices = 0
        self.leaks: set[str] = set()
        self.misread: set[str] = set()

    def run(self, deadline: float, max_turns: int | None = None) -> None:
        while time.monotonic() < deadline and (max_turns is None or len(self.sent) < max_turns):
            if not self.turn():
                time.sleep(1)  # a dead server is not hammered

    def turn(self) -> bool:
        k = len(self.sent)
        message = MESSAGES[k % len(MESSAGES)].format(title=self.titles[k % len(self.titles)])
        self.sent.append(message)  # before sending: a timed-out turn may still be stored
        start = time.monotonic()
        try:
            r = self.http.post("/api/chat", json={"session_id": self.session_id, "message": message})
            took = time.monotonic() - start
            if r.status_code != 200:
                self.errors[f"http {r.status_code}"] += 1
                return False
            body = r.json()
            session_id, liked, shown = body["session_id"], body["profile"]["liked"], [body["reply"] or ""]
            shown += [item["title"] for item in body["items"]]
        except httpx.TimeoutException:
            self.errors["timeout"] += 1
            return False
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
            self.errors[f"{type(exc).__name__} (no answer or a malformed one)"] += 1
            return False
        self.times.append(took)
        self.replies.append((body["reply"] or "", [item["id"] for item in body["items"]]))
        self.first_done = self.first_done or time.monotonic()
        self.session_id = self.session_id or session_id
        if session_id != self.session_id:
            self.leaks.add(f"chat answered for session {session_id}")
        self.notices += bool(body.get("error"))
        self.shown += " ".join(shown).lower()
        self.check_liked(liked, "chat answer")
        return True

    def check_liked(self, liked: list[str], where: str) -> None:
        """Another client's title is a leak unless this session was shown it (then the profile
        reader took it from a recommendation: a misread, listed but not counted)."""
        for title in liked:
            owner = self.owners.get(title.lower())
            if title.lower() in self.own:
                continue
            if owner is not None and title.lower() not in self.shown:
                self.leaks.add(f"{where}: liked {title!r}, client {owner}'s title")
            else:
                self.misread.add(title)

    def audit(self) -> str:
        """The stored profile and history, read back; returns the route that answered."""
        if self.session_id is None:
            return "none (no session)"
        r = self.http.get("/api/profile", headers={"X-FlexRec-Session": self.session_id})
        route = "GET /api/profile + X-FlexRec-Session"
        if r.status_code != 200 or "json" not in r.headers.get("content-type", "") or "profile" not in r.json():
            route = f"GET /api/profile/{{id}} (header form answered {r.status_code})"
            r = self.http.get(f"/api/profile/{self.session_id}")
        if r.status_code != 200:
            self.errors[f"profile read: http {r.status_code}"] += 1
            return route
        data = r.json()
        if data.get("session_id") != self.session_id:
            self.leaks.add(f"profile read answered for session {data.get('session_id')}")
        self.check_liked(data["profile"]["liked"], "stored profile")
        sent = {m.strip() for m in self.sent}
        for m in data.get("history", []):
            if m.get("role") == "user" and m["content"].strip() not in sent:
                self.leaks.add(f"history: user message {m['content'][:60]!r} was not sent by this client")
        return route


def quantiles(times: list[float]) -> list[float]:
    return list(np.percentile(times, [50, 95, 99])) if times else [float("nan")] * 3


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(args, info: dict, base: list[Client], load: list[Client], samples: list, t0: float) -> tuple[str, dict]:
    """The markdown text and the raw numbers behind it."""
    times, btimes = [t for c in load for t in c.times], [t for c in base for t in c.times]
    errors = sum((c.errors for c in base + load), Counter())
    leaks = sorted(f"client {c.label}: {leak}" for c in base + load for leak in c.leaks)
    ids = [c.session_id for c in base + load if c.session_id]
    leaks += [f"session id {i} given to {ids.count(i)} clients" for i in sorted(set(ids)) if ids.count(i) > 1]
    firsts = [c.first_done for c in load]
    warm_at = min(t0 + 60, max(firsts) if all(firsts) else float("inf"))
    load_samples = [mb for t, mb in samples if t >= t0] or [mb for _, mb in samples] or [0.0]
    warm = next((mb for t, mb in samples if t >= warm_at), load_samples[-1])
    peak, final = max(mb for _, mb in samples) if samples else 0.0, load_samples[-1]
    growth = (final - warm) / warm if warm else float("nan")
    p, bp = quantiles(times), quantiles(btimes)
    minutes = info["load_seconds"] / 60
    lines = [
        "# FlexRec load bench",
        "",
        f"- date: {info['date']} · commit {info['commit']} · model: {info['model']} · CPUs: {os.cpu_count()}",
        f"- command: `{info['command']}`",
        f"- server start: {info['start_seconds']:.0f} s (fresh data dir) · profile read via {info['routes']}",
        "",
        "| run | clients | minutes | turns | errors | p50 s | p95 s | p99 s | p50 / alone | turns/min "
        "| RSS warm MB | RSS peak MB | RSS final MB | RSS growth | leaks |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        f"| alone | 1 | {info['base_seconds'] / 60:.1f} | {len(btimes)} | {sum(sum(c.errors.values()) for c in base)} "
        f"| {bp[0]:.2f} | {bp[1]:.2f} | {bp[2]:.2f} | 1.00 | {len(btimes) / max(info['base_seconds'] / 60, 1e-9):.1f} "
        "| | | | | |",
        f"| load | {args.clients} | {minutes:.1f} | {len(times)} | {sum(sum(c.errors.values()) for c in load)} "
        f"| {p[0]:.2f} | {p[1]:.2f} | {p[2]:.2f} | {p[0] / bp[0]:.2f} | {len(times) / max(minutes, 1e-9):.1f} "
        f"| {warm:.0f} | {peak:.0f} | {final:.0f} | {growth:+.1%} | {len(leaks)} |",
        "",
        "Errors by kind: " + (", ".join(f"{k}: {n}" for k, n in errors.most_common()) or "none"),
        f"Replies with an error notice (HTTP 200, not counted as errors): {sum(c.notices for c in base + load)}",
        "Turns per client: " + ", ".join(f"{c.label}: {len(c.times)}" for c in base + load),
    ]
    lines += [f"Leak: {leak}" for leak in leaks]
    misread = sorted({f"client {c.label}: {t!r}" for c in base + load for t in c.misread})
    if misread:
        lines.append("Liked titles shown to the client or nobody's (misreads, not leaks): " + "; ".join(misread))
    lines += [
        "",
        f"Goal: 0 errors, 0 leaks, RSS growth under {GOAL_GROWTH:.0%} — errors {verdict(not errors)}, "
        f"leaks {verdict(not leaks)}, RSS growth {verdict(growth < GOAL_GROWTH)}",
    ]
    raw = {
        **info,
        "clients": args.clients,
        "minutes_asked": args.minutes,
        "baseline_turn_seconds": btimes,
        "turn_seconds": {c.label: c.times for c in base + load},
        "errors": dict(errors),
        "leaks": leaks,
        "misreads": misread,
        "rss_mb": {"warm": warm, "peak": peak, "final": final, "growth": growth},
        "rss_samples": [(round(t - t0, 1), round(mb, 1)) for t, mb in samples],
        "titles": {c.label: c.titles for c in base + load},
    }
    return "\n".join(lines) + "\n", raw


def bench(args, labels: list[str], sets: list[list[str]], info: dict) -> tuple[list[Client], list, float]:
    """Start the server, run one client alone then all at once, read every profile back. The server
    is stopped whatever happens; a client still in a turn one timeout after the deadline is left."""
    samples, stop, clients = [], threading.Event(), []
    with tempfile.TemporaryDirectory(prefix="flexrec-load-") as tmp, open(f"{tmp}/server.log", "w") as log:
        started = time.monotonic()
        proc, url = start_server(args.model, Path(tmp) / "data", log)
        try:
            threading.Thread(target=sample_rss, args=(proc.pid, samples, stop), daemon=True).start()
            wait_ready(proc, url, args.start_timeout, Path(log.name))
            info["start_seconds"] = time.monotonic() - started
            pairs = list(zip(labels, sets, strict=True))
            owners = {title.lower(): label for label, titles in pairs for title in titles}
            clients = [Client(label, titles, owners, url, args.timeout) for label, titles in pairs]
            t = time.monotonic()
            clients[-1].run(t + args.baseline_turns * args.timeout, args.baseline_turns)
            info["base_seconds"] = time.monotonic() - t
            t0 = time.monotonic()
            deadline = t0 + args.minutes * 60
            threads = [threading.Thread(target=c.run, args=(deadline,), daemon=True) for c in clients[:-1]]
            for th in threads:
                th.start()
            for th, c in zip(threads, clients[:-1], strict=True):
                th.join(max(0.0, deadline + args.timeout + 30 - time.monotonic()))
                if th.is_alive():
                    c.errors["still in a turn at the hard stop"] += 1
            info["load_seconds"] = time.monotonic() - t0
            stop.set()
            info["routes"] = " / ".join(sorted({c.audit() for c in clients}))
            return clients, samples, t0
        finally:
            stop.set()
            stop_server(proc)
            for c in clients:
                c.http.close()


GOAL_SPEEDUP, GOAL_P95 = 2.5, 25.0  # at 8 clients, batched against one at a time (issue 29)


def phase(url: str, pairs: list, owners: dict, clients: int, turns: int, timeout: float) -> tuple[list[Client], float]:
    """`clients` fresh sessions at once, `turns` turns each; with 1, every pair's conversation
    alone, one after another. Returns the clients and the wall time."""
    together = clients > 1
    people = [Client(label, titles, owners, url, timeout) for label, titles in (pairs[:clients] if together else pairs)]
    start = time.monotonic()
    if together:
        threads = [threading.Thread(target=c.run, args=(start + turns * timeout * 2, turns)) for c in people]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    else:
        for c in people:
            c.run(time.monotonic() + turns * timeout * 2, turns)
    return people, time.monotonic() - start


def sweep_path(args, env: dict, counts: list[int], pairs: list, owners: dict) -> dict:
    """One server on this path; every client count in turn. {count: (clients, wall s)} and its start time."""
    out = {}
    with tempfile.TemporaryDirectory(prefix="flexrec-sweep-") as tmp, open(f"{tmp}/server.log", "w") as log:
        started = time.monotonic()
        proc, url = start_server(args.model, Path(tmp) / "data", log, env)
        try:
            wait_ready(proc, url, args.start_timeout, Path(log.name))
            out["start_seconds"] = time.monotonic() - started
            with httpx.Client(base_url=url, timeout=args.timeout, trust_env=False) as warm:  # pays the warm-up
                warm.post("/api/chat", json={"message": "something funny for tonight"})
            for n in counts:
                out[n] = phase(url, pairs, owners, n, args.turns, args.timeout)
        finally:
            stop_server(proc)
            for n in counts:
                for c in out.get(n, ([], 0))[0]:
                    c.http.close()
    return out


def same_replies(these: list[Client], alone: list[Client]) -> tuple[int, int, int]:
    """How many of these clients' turns got the very reply text, and the very cards, that the same
    turn got alone; and how many turns were compared."""
    ref = {(c.label, k): r for c in alone for k, r in enumerate(c.replies)}
    pairs = [(r, ref.get((c.label, k), ("", []))) for c in these for k, r in enumerate(c.replies)]
    return sum(a[0] == b[0] for a, b in pairs), sum(a[1] == b[1] for a, b in pairs), len(pairs)


def sweep(args, info: dict) -> tuple[str, dict]:
    counts = sorted({int(n) for n in args.sweep.split(",")} | {1})
    labels = [str(i) for i in range(max(counts))]
    pairs = list(zip(labels, pick_titles(len(labels), TITLES_PER_CLIENT), strict=True))
    owners = {title.lower(): label for label, titles in pairs for title in titles}
    paths = {
        "one at a time (today)": {"FLEXREC_LLM_PARALLEL": "0"},
        f"batched: llama-server, {max(counts)} slots": {"FLEXREC_LLM_PARALLEL": str(max(counts))},
    }
    results = {name: sweep_path(args, env, counts, pairs, owners) for name, env in paths.items()}
    base_name, batched_name = list(paths)
    rows, raw = [], {**info, "counts": counts, "turns_per_client": args.turns, "paths": {}}
    rate = {}
    for name, res in results.items():
        raw["paths"][name] = {"start_seconds": res["start_seconds"], "runs": {}}
        for n in counts:
            clients, wall = res[n]
            times = [t for c in clients for t in c.times]
            errors = sum((c.errors for c in clients), Counter())
            rate[name, n] = len(times) / (wall / 60)
            p50, p95, _ = quantiles(times)
            same = same_replies(clients, res[1][0]) if n > 1 else None
            rows.append((name, n, len(times), sum(errors.values()), wall, rate[name, n], p50, p95, same))
            raw["paths"][name]["runs"][n] = {
                "wall_seconds": wall,
                "turn_seconds": {c.label: c.times for c in clients},
                "errors": dict(errors),
                "replies": {c.label: c.replies for c in clients},
            }
    cross = same_replies(results[batched_name][1][0], results[base_name][1][0])
    lines = [
        "# FlexRec batching bench (bench/load.py --sweep)",
        "",
        f"- date: {info['date']} · commit {info['commit']} · model: {info['model']} · CPUs: {os.cpu_count()}",
        f"- command: `{info['command']}`",
        f"- each client: {args.turns} turns in a fresh session, naming its own titles "
        f"({MESSAGES[0]!r}, {MESSAGES[1]!r}); '1 client' runs every client's conversation alone, one after another",
        "",
        "| path | clients | turns | errors | wall s | turns/min | vs one at a time | p50 s | p95 s "
        "| reply text as alone | cards as alone |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, n, turns, errs, wall, per_min, p50, p95, same in rows:
        vs = per_min / rate[base_name, n]
        alike = "(reference) | (reference)" if same is None else f"{same[0]} / {same[2]} | {same[1]} / {same[2]}"
        lines.append(
            f"| {name} | {n} | {turns} | {errs} | {wall:.0f} | {per_min:.1f} | {vs:.2f}x "
            f"| {p50:.1f} | {p95:.1f} | {alike} |"
        )
    top = max(counts)
    speedup = rate[batched_name, top] / rate[base_name, top]
    p95_top = next(r[7] for r in rows if r[0] == batched_name and r[1] == top)
    same_top = next(r[8] for r in rows if r[0] == batched_name and r[1] == top)
    lines += [
        "",
        f"Batched, 1 client, against one at a time, 1 client: reply text identical in {cross[0]} of {cross[2]} "
        f"turns, cards in {cross[1]}.",
        "Server starts (fresh data dir): "
        + ", ".join(f"{name} {res['start_seconds']:.0f} s" for name, res in results.items()),
        "",
        f"Goal at {top} clients: turns/min >= {GOAL_SPEEDUP}x one at a time — {speedup:.2f}x, "
        f"{verdict(speedup >= GOAL_SPEEDUP)}; "
        f"p95 <= {GOAL_P95:.0f} s — {p95_top:.1f} s, {verdict(p95_top <= GOAL_P95)}; "
        f"each reply as alone — {same_top[0]} of {same_top[2]}, {verdict(same_top[0] == same_top[2])} "
        f"(cards as alone: {same_top[1]} of {same_top[2]})",
    ]
    raw.update(speedup=speedup, identical_across_paths={"text": cross[0], "cards": cross[1], "turns": cross[2]})
    return "\n".join(lines) + "\n", raw


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--clients", type=int, default=8, help="concurrent sessions")
    p.add_argument("--minutes", type=float, default=10, help="how long the concurrent phase starts new turns")
    p.add_argument("--model", default=None, help="passed to `flexrec serve --model` (default: the product default)")
    p.add_argument("--baseline-turns", type=int, default=3, help="turns of one client alone, before the load")
    p.add_argument("--timeout", type=float, default=300, help="seconds one turn may take")
    p.add_argument("--start-timeout", type=float, default=600, help="seconds the server may take to start")
    p.add_argument("--sweep", default=None, help="client counts for the batching bench, e.g. 1,4,8")
    p.add_argument("--turns", type=int, default=3, help="with --sweep: turns per client")
    p.add_argument("--out", default=None, help="also write the report here, and its raw numbers beside it as .json")
    args = p.parse_args()
    labels = [str(i) for i in range(args.clients)] + ["alone"]
    sets = pick_titles(len(labels), TITLES_PER_CLIENT)
    info = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": (git("rev-parse", "--short", "HEAD") or "?") + ("-dirty" if git("status", "-s", "-uno") else ""),
        "model": args.model or os.environ.get("FLEXREC_LLM") or "product default",
        "command": shlex.join([sys.executable.removeprefix(f"{ROOT}/"), *sys.argv]),
    }
    if args.sweep:
        text, raw = sweep(args, info)
    else:
        clients, samples, t0 = bench(args, labels, sets, info)
        text, raw = report(args, info, clients[-1:], clients[:-1], samples, t0)
    print(text, end="")
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text)
        out.with_suffix(".json").write_text(json.dumps(raw, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
