"""Load benchmark (issue [C], DESIGN.md Targets), written to docs/benchmarks.md.

    .venv/bin/python bench/load.py [--users 20] [--seconds 60] [--households 2000]
                                   [--import-households 10000] [--postgres URL]

In one run, for each database (SQLite, and PostgreSQL when --postgres names a server):
- a fresh database with the demo (`pacte demo --no-serve`), served by gunicorn as `pacte demo`
  serves it (2 workers × 4 threads) with the production settings (config.settings.base; TLS,
  secure cookies and the HTTPS redirect off, since everything stays on 127.0.0.1);
- `--users` concurrent clients (threads of this process, bounded in number and time), each logged in
  as one demo role (password and second factor), going round the main pages of its role and the
  API lists, while `pacte import-caf` imports a file of `--import-households` households;
- a bare Django view (bench/load_urls.py) requested by the same clients in the same run: the limit.
Reported: p50 and p95 per page, the ratio of each p95 to the bare view's p95 (target ≤ 3), and the
errors (answers ≥ 500, refused connections, "database is locked"; target 0).
"""

import argparse
import base64
import datetime
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PACTE = [sys.executable, "-m", "pacte.cli"]
BIND = "127.0.0.1:8765"
BASE = f"http://{BIND}"
ROLE_PAGES = {
    "direction": [
        "/",
        "/personnes/",
        "/orientation/",
        "/orientation/retards/",
        "/territoires/",
        "/imports/journal/",
    ],
    "orientation_agent": ["/", "/orientation/", "/orientation/retards/", "/orientation/pre-orientation/"],
    "referent": ["/", "/suivi/portefeuille/", "/suivi/retards/", "/personnes/"],
}
API_PAGES = {
    "direction": ["/api/v1/persons/", "/api/v1/orientation-queue/"],
    "orientation_agent": ["/api/v1/persons/", "/api/v1/orientation-queue/"],
    "referent": ["/api/v1/persons/"],
}
ERROR_PATTERN = re.compile(r"database is locked|Traceback", re.I)


def environment(data_dir, database_url):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.load_settings",
        "PYTHONPATH": str(ROOT),
        "PACTE_DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0b7e3c5a9d1f",
        "PACTE_NIR_KEY": "bench-only-nir-key-not-for-production-5c2a8e1f7d3b9046",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }


def prepare(env, households):
    """Migrate, load the demo; the demo's accounts as JSON (role, email, TOTP secret)."""
    subprocess.run([*PACTE, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    out = subprocess.run(
        [*PACTE, "demo", "--no-serve", "--json", "--households", str(households)],
        env=env, cwd=ROOT, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(out.stdout)


def serve(env, log_path):
    """gunicorn as `pacte demo` runs it, once it answers; refused if the port is already taken."""
    from pacte.core import serving

    try:
        requests.get(f"{BASE}/", timeout=2)
    except requests.ConnectionError:
        pass
    else:
        raise SystemExit(f"{BIND} already answers: stop what serves there (a former run?) first")
    log = open(log_path, "w")  # noqa: SIM115 - closed by the caller through the process
    process = subprocess.Popen(
        serving.web_command(BIND), env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{BASE}/bench/bare/", timeout=10).status_code == 200:
                    return process, log
            except requests.RequestException:
                time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer; see {log_path}")
    except BaseException:
        process.kill()
        process.wait()
        log.close()
        raise


def totp(secret):
    from django_otp.oath import TOTP

    return f"{TOTP(base64.b32decode(secret)).token():06d}"


def log_in(account):
    """A session logged in with the password and, for the roles that need it, the TOTP code."""
    session = requests.Session()
    page = session.get(f"{BASE}/connexion/", timeout=30)
    form = {"csrfmiddlewaretoken": csrf_of(page), "email": account["email"], "password": account["password"]}
    response = session.post(f"{BASE}/connexion/", data=form, timeout=30)
    if "double-authentification" in response.url:
        form = {"csrfmiddlewaretoken": csrf_of(response), "token": totp(account["totp_secret"])}
        response = session.post(response.url, data=form, timeout=30)
    if "/connexion/" in response.url or "double-authentification" in response.url:
        problems = re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]+)', response.text)
        raise SystemExit(
            f"could not log in as {account['email']}: {response.status_code} {response.url} {problems}"
            f"\n{response.text[:800]}"
        )
    return session


def api_token(account):
    """An API token; a TOTP code serves once, so call this in a later 30 s step than `log_in`."""
    body = {"email": account["email"], "password": account["password"]}
    if account.get("totp_secret"):
        body["otp"] = totp(account["totp_secret"])
    response = requests.post(f"{BASE}/api/v1/auth/token/", json=body, timeout=30)
    if response.status_code != 200:
        raise SystemExit(f"no API token for {account['email']}: {response.status_code} {response.text[:300]}")
    return response.json()["token"]


def csrf_of(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)[1]


def next_totp_step():
    time.sleep(30 - time.time() % 30 + 0.5)


def clone(session):
    """Another client of the same logged-in session (as a second tab would be)."""
    copy = requests.Session()
    copy.cookies.update(session.cookies)
    return copy


class Client(threading.Thread):
    def __init__(self, session, token, role, until, results, errors):
        super().__init__(daemon=True)
        self.session, self.token, self.role, self.until = session, token, role, until
        self.results, self.errors = results, errors

    def run(self):
        pages = [(path, {}) for path in ROLE_PAGES[self.role]] + [("/bench/bare/", {})]
        auth = {"Authorization": f"Token {self.token}"}
        pages += [(path, auth) for path in API_PAGES[self.role]]
        index = 0
        while time.monotonic() < self.until:
            path, headers = pages[index % len(pages)]
            index += 1
            started = time.perf_counter()
            try:
                response = self.session.get(
                    f"{BASE}{path}", headers=headers, timeout=60, allow_redirects=False
                )
                elapsed = time.perf_counter() - started
                bad = response.status_code >= 500 or (response.status_code != 200 and path != "/")
                if bad or ERROR_PATTERN.search(response.text[:5000]):
                    self.errors.append(f"{path}: {response.status_code}")
                    continue
            except requests.RequestException as error:
                self.errors.append(f"{path}: {type(error).__name__}")
                continue
            self.results[path if not headers else f"API {path}"].append(elapsed)


def thousands(number):
    return f"{number:,}".replace(",", " ")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run_once(label, database_url, args, work):
    env = environment(work, database_url)
    started = time.perf_counter()
    accounts = prepare(env, args.households)
    load_seconds = time.perf_counter() - started
    by_role = {}
    for account in accounts:  # the first département's accounts come first
        if account["role"] in ROLE_PAGES:
            by_role.setdefault(account["role"], account)
    caf = work / "import.xml"
    subprocess.run(
        [*PACTE, "generate-caf", "--departement", "87", "--households", str(args.import_households),
         "--seed", "31", "--dtref", "2026-01-28", "-o", str(caf)],
        env=env, cwd=ROOT, check=True,
    )  # fmt: skip
    server, server_log = serve(env, work / "gunicorn.log")
    try:
        roles = list(by_role)
        logged_in = {role: log_in(account) for role, account in by_role.items()}
        next_totp_step()
        tokens = {role: api_token(account) for role, account in by_role.items()}
        assigned = [roles[i % len(roles)] for i in range(args.users)]
        results, errors = defaultdict(list), []
        importer = subprocess.Popen(
            [*PACTE, "import-caf", str(caf)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        until = time.monotonic() + args.seconds
        clients = [
            Client(clone(logged_in[role]), tokens[role], role, until, results, errors) for role in assigned
        ]
        for client in clients:
            client.start()
        for client in clients:
            client.join(args.seconds + 120)
        import_done = importer.poll() is not None
        importer_err = importer.communicate(timeout=600)[1]
        if importer.returncode != 0:
            errors.append(f"import-caf: exit {importer.returncode}: {importer_err[-300:]}")
    finally:
        server.terminate()
        server.wait(timeout=30)
        server_log.close()
    locked = (work / "gunicorn.log").read_text(errors="replace").count("database is locked")
    return {
        "label": label,
        "load_seconds": load_seconds,
        "results": results,
        "errors": errors,
        "locked_in_log": locked,
        "import_done_during_load": import_done,
        "requests": sum(len(v) for v in results.values()),
    }


def section(runs, args):
    today = datetime.date.today().isoformat()
    lines = [
        "## Load (`bench/load.py`)",
        "",
        f"Measured {today} on this project's 2-core machine: {args.users} concurrent clients for "
        f"{args.seconds} s on the demo ({args.households} households in the 87), gunicorn 2 workers × 4 threads "
        f"with the production settings, while `pacte import-caf` imports {thousands(args.import_households)} "
        "households. The limit is a bare Django view served by the same server to the same clients in the "
        "same run.",
        "",
    ]
    for run in runs:
        bare = run["results"].get("/bench/bare/", [])
        bare_p95 = percentile(bare, 0.95) if bare else float("nan")
        lines += [
            f"### {run['label']}",
            "",
            f'{run["requests"]} answers, errors: {len(run["errors"])} (target 0), "database is locked" in the '
            f"server log: {run['locked_in_log']}; the import {'ended' if run['import_done_during_load'] else 'was still running'} "
            "when the clients stopped.",
            "",
            "| page | answers | p50 | p95 | p95 / bare p95 | target ≤ 3 |",
            "|---|---|---|---|---|---|",
        ]
        for path, values in sorted(run["results"].items()):
            p50, p95 = statistics.median(values), percentile(values, 0.95)
            ratio = p95 / bare_p95 if path != "/bench/bare/" else 1.0
            verdict = "✅" if ratio <= 3 else "❌"
            lines.append(
                f"| `{path}` | {len(values)} | {p50 * 1000:.0f} ms | {p95 * 1000:.0f} ms | {ratio:.2f} | {verdict} |"
            )
        if run["errors"]:
            lines += ["", "Errors: " + "; ".join(sorted(set(run["errors"]))[:10])]
        lines.append("")
    lines.append(
        "Command: `.venv/bin/python bench/load.py --postgres postgres://…` (SQLite always; PostgreSQL "
        "when a server is given)."
    )
    return "\n".join(lines) + "\n"


def write_section(text):
    path = ROOT / "docs" / "benchmarks.md"
    current = path.read_text()
    start = current.find("## Load (`bench/load.py`)")
    if start >= 0:
        end = current.find("\n## ", start + 1)
        current = current[:start] + (current[end + 1 :] if end >= 0 else "")
    path.write_text(current.rstrip() + "\n\n" + text)


def postgres_database(server_url):
    import psycopg

    name = f"pacte_load_{os.getpid()}"
    parts = urllib.parse.urlsplit(server_url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return parts._replace(path=f"/{name}").geturl(), lambda: _drop(admin, name)


def _drop(admin, name):
    import psycopg

    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--households", type=int, default=2000)
    parser.add_argument("--import-households", type=int, default=10_000)
    parser.add_argument("--postgres", default="", help="URL of a PostgreSQL server (a database is created)")
    args = parser.parse_args()
    if not 1 <= args.users <= 50 or not 5 <= args.seconds <= 600:
        raise SystemExit("--users in 1..50 and --seconds in 5..600: the load stays bounded")
    runs = []
    with tempfile.TemporaryDirectory(prefix="pacte-load-") as folder:
        work = Path(folder)
        (work / "sqlite").mkdir()
        runs.append(
            run_once("SQLite", f"sqlite:///{work / 'sqlite' / 'pacte.sqlite3'}", args, work / "sqlite")
        )
        if args.postgres:
            url, drop = postgres_database(args.postgres)
            (work / "pg").mkdir()
            try:
                runs.append(run_once("PostgreSQL", url, args, work / "pg"))
            finally:
                drop()
    text = section(runs, args)
    write_section(text)
    print(text)


if __name__ == "__main__":
    main()
