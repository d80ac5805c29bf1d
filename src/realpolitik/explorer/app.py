"""The explorer's FastAPI application (server-rendered pages and htmx fragments).

Routes (``ref`` is a catalogue id or a scenario file inside the served folder):

* ``GET /``: the catalogue (served folder, then built-in scenarios).
* ``GET /s/{ref}?<state>``: the scenario page; with ``HX-Request`` only the
  results fragment (and the field errors, out of band). ``Vary: HX-Request``.
* ``GET /details/{ref}?<state>``: why and what would change it (the full brief).
* ``GET /compare/{ref}?<state>``: the base and the edited state side by side.
* ``GET /report/{ref}?<state>&fmt=html|md``: the report of the state, as a download.
* ``POST /save/{ref}``: "Save as…" (form: ``csrf``, ``name`` and the state).
* ``POST /upload``: add a scenario file to the served folder (multipart: ``csrf``, ``file``, ``name``).
* with a registry: ``POST /record/{ref}`` ("Record forecast": the state's questions and model
  forecasts stored with its digest) and ``GET /registry`` (questions, forecasts over time,
  resolutions, scores and the calibration plot: inline SVG drawn on the server, :mod:`.registry_view`).

Security model (docs/explorer.md): loopback by default; a strict
Content-Security-Policy (scripts and styles from ``/static`` only, no inline
script, no eval); request bodies capped; every POST needs the process's CSRF
token and a same-origin ``Origin`` when one is sent; the Host header is
checked against the names the server was started for; files only inside the
served folder (:mod:`.files`); scenario content is data, never executed.
"""

from __future__ import annotations

import hmac
import json
import logging
import math
import secrets
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import parse_qsl, urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from .._defaults import DEFAULT_SEED
from ..errors import RealpolitikError
from . import compute
from .files import MAX_SCENARIO_BYTES, Refused, ServedDir
from .state import MAX_KEYS, Base, Evaluated, evaluate, parse_edits, query_items

__all__ = ["create_app", "CSP", "MAX_BODY_BYTES", "EXPLORER_SAMPLES"]

HERE = Path(__file__).resolve().parent
#: The Content-Security-Policy of every response.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
#: Largest request body accepted (a "Save as…" form is a few kilobytes).
MAX_BODY_BYTES = 64 * 1024
#: Monte Carlo samples of the explorer's forecasts: sized so a slider move answers within ~150 ms on
#: two cores (``realpolitik brief`` uses 1000; ``realpolitik serve -n 1000`` gives its exact numbers).
EXPLORER_SAMPLES = 400
#: Longest query string accepted (the state of every input of a large scenario fits).
MAX_QUERY_BYTES = 16 * 1024
_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


class _Guard:
    """ASGI middleware: security headers, Host check and the request-body limit."""

    def __init__(self, app: Any, *, allowed_hosts: frozenset[str] | None, max_body: int,
                 limits: dict[str, int] | None = None) -> None:
        self.app = app
        self.allowed_hosts = allowed_hosts
        self.max_body = max_body
        self.limits = limits or {}

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if self.allowed_hosts is not None and headers.get("host", "").lower() not in self.allowed_hosts:
            await _plain(send, 400, "unknown Host header (the explorer answers on the address it was started on)")
            return
        if len(scope.get("query_string", b"")) > MAX_QUERY_BYTES:
            await _plain(send, 414, f"query string over {MAX_QUERY_BYTES:,} bytes")
            return
        limit = self.limits.get(scope.get("path", ""), self.max_body)
        try:
            declared = int(headers.get("content-length", "0") or 0)
        except ValueError:
            declared = limit + 1
        if declared > limit:
            await _plain(send, 413, f"request body over {limit:,} bytes")
            return
        seen = 0

        async def counted() -> Any:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > limit:
                    raise _TooLarge()
            return msg

        async def with_headers(msg: Any) -> None:
            if msg["type"] == "http.response.start":
                hdrs = list(msg.get("headers", []))
                have = {k.decode("latin-1").lower() for k, _ in hdrs}
                hdrs += [(k.lower().encode(), v.encode()) for k, v in _HEADERS.items() if k.lower() not in have]
                msg = dict(msg, headers=hdrs)
            await send(msg)

        try:
            await self.app(scope, counted, with_headers)
        except _TooLarge:
            await _plain(send, 413, f"request body over {limit:,} bytes")


class _TooLarge(Exception):
    pass


async def _plain(send: Any, status: int, text: str) -> None:
    body = (text + "\n").encode()
    hdrs = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    hdrs += [(k.lower().encode(), v.encode()) for k, v in _HEADERS.items()]
    await send({"type": "http.response.start", "status": status, "headers": hdrs})
    await send({"type": "http.response.body", "body": body})


def json_script(obj: Any) -> Markup:
    """JSON safe inside ``<script type="application/json">`` (no ``<``, ``>`` or ``&`` left)."""
    text = json.dumps(obj, ensure_ascii=False, allow_nan=False, default=_finite)
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)  # noqa: S704  (escaped above for the script-data context)


def _finite(obj: Any) -> Any:
    return None


def _clean(obj: Any) -> Any:
    """NaN and infinities as None, recursively (JSON has neither)."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    return obj


#: The environment variable through which ``serve --workers`` hands each worker process its settings.
CONFIG_ENV = "REALPOLITIK_EXPLORER_CONFIG"


def app_from_env() -> Any:
    """The application of one ``serve --workers`` worker: :func:`create_app` with the settings (JSON) of
    ``$REALPOLITIK_EXPLORER_CONFIG``, the start scenario computed once before the worker takes requests.

    Every worker gets the same settings, seed and CSRF token, and the state lives in the URL, so any worker
    answers any request with the same numbers.
    """
    import json
    import os

    cfg = json.loads(os.environ[CONFIG_ENV])
    root = cfg.pop("root")
    app = create_app(root, **cfg)
    if cfg.get("start"):
        warm(root, cfg["start"], n=cfg.get("n", EXPLORER_SAMPLES), seed=cfg.get("seed", DEFAULT_SEED))
    return app


def warm(root: str | Path, start: str, *, n: int, seed: int) -> None:
    """Compute the start scenario once, and once with a parameter moved (a slider's path: fixed parameters),
    so that a worker's first requests, often several at once in its thread pool, do not run first-use
    work (imports, numba's compilation) concurrently and wait for it."""
    base = ServedDir(root).base(start)
    compute.quick(base.scenario, n=n, seed=seed)
    moved = next((f for f in base.fields if f.kind == "parameter"), None)
    if moved is not None:
        st = evaluate(base, {moved.key: (moved.low + moved.high) / 2})
        if st.ok:
            compute.quick(st.scenario, n=n, seed=seed)


def create_app(root: str | Path = ".", *, start: str | None = None, n: int = EXPLORER_SAMPLES,
               seed: int = DEFAULT_SEED, sensitivity_n: int = 64, allowed_hosts: Iterable[str] | None = None,
               max_body: int = MAX_BODY_BYTES, registry_url: str | None = None,
               csrf_token: str | None = None) -> Any:
    """The explorer application serving the scenarios in ``root``.

    Parameters
    ----------
    root : path
        The served folder: scenarios are read from it and "Save as…" writes into it.
    start : str, optional
        The scenario ``/`` redirects to (a ref); the catalogue otherwise.
    n, seed : int
        Monte Carlo samples and seed of every forecast shown (stated on the page).
    sensitivity_n : int
        Sobol base sample size of the drivers.
    allowed_hosts : iterable of str, optional
        ``host[:port]`` values accepted in the Host header (None: any).
    max_body : int
        Largest request body in bytes.
    registry_url : str, optional
        A registry database (path or URL, as ``realpolitik registry --db``): adds the ``/registry`` page
        and the "Record forecast" button (``POST /record/{ref}``). None: neither.
    csrf_token : str, optional
        The token every POST must carry; None: a new random one. Worker processes of one server are
        given the same token (:func:`app_from_env`), so a form served by one is accepted by another.
    """
    served = ServedDir(root)
    states = compute.LRU(512)  # (base, edits) -> validated scenario: a slider revisits its positions
    app = FastAPI(title="realpolitik explorer", docs_url=None, redoc_url=None, openapi_url=None)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.filters["json_script"] = json_script
    templates.env.filters["pct"] = _pct
    templates.env.filters["num"] = _num
    token = csrf_token or secrets.token_urlsafe(32)
    cfg = {"n": n, "seed": seed, "sensitivity_n": sensitivity_n, "csrf": token, "registry": registry_url is not None}
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def page(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> Response:
        ctx = dict(ctx, cfg=cfg)
        resp = templates.TemplateResponse(request, name, ctx, status_code=status)
        resp.headers["Vary"] = "HX-Request"
        resp.headers["Cache-Control"] = "no-store"
        if request.headers.get("hx-request"):
            # A kept-alive connection stays with the worker that accepted it: with several clients the
            # kernel's split (three on one worker, one on the other) queued most moves on one core.
            # Each fragment on a new connection goes to whichever worker accepts first, the idle one.
            resp.headers["Connection"] = "close"
        return resp

    def fail(request: Request, status: int, message: str) -> Response:
        if request.headers.get("hx-request") and status < 500:
            resp = page(request, "_message.html", {"message": message, "kind": "error"}, status=200)
            return resp
        return page(request, "error.html", {"message": message, "status": status}, status=status)

    def state_of(request: Request, base: Base, pairs: list[tuple[str, str]] | None = None) -> Evaluated:
        if pairs is None:
            pairs = _query_pairs(request.url.query)
        errors: dict[str, str] = {}
        if pairs is None:
            errors["_state"] = f"the query string is malformed or has more than {MAX_KEYS} inputs"
            pairs = []
        edits, field_errors = parse_edits(base, [(k, v) for k, v in pairs if k not in _RESERVED])
        errors.update(field_errors)
        if errors:
            return evaluate(base, edits, errors)
        key = (id(base), tuple(sorted(edits.items())))
        return states.get_or(key, lambda: evaluate(base, edits))

    def load(ref: str) -> Base:
        return served.base(ref)

    @app.exception_handler(Refused)
    async def _refused(request: Request, exc: Refused) -> Response:
        return fail(request, exc.status, exc.message)

    @app.exception_handler(RealpolitikError)
    async def _bad(request: Request, exc: RealpolitikError) -> Response:
        return fail(request, 400, str(exc))

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> Response:  # never a traceback to the page
        logging.getLogger("realpolitik.explorer").error("%s %s failed", request.method, request.url.path,
                                                         exc_info=exc)
        return PlainTextResponse("internal error (see the server's log)", status_code=500)

    @app.get("/", response_class=HTMLResponse)
    def catalogue(request: Request) -> Response:
        return page(request, "catalogue.html", {"entries": served.entries(), "root": str(served.root),
                                                "start": start})

    @app.get("/s/{ref:path}", response_class=HTMLResponse)
    def scenario(request: Request, ref: str) -> Response:
        base = load(ref)
        st = state_of(request, base)
        ctx = _results_ctx(base, st, cfg)
        fragment = request.headers.get("hx-request") and not request.headers.get("hx-history-restore-request")
        if fragment:
            return page(request, "_results.html", dict(ctx, oob=True))
        return page(request, "scenario.html", ctx, status=200 if not st.errors else 422)

    @app.get("/details/{ref:path}", response_class=HTMLResponse)
    def details(request: Request, ref: str) -> Response:
        base = load(ref)
        st = state_of(request, base)
        if not st.ok:
            return page(request, "_message.html", {"message": "Fix the highlighted inputs first.", "kind": "error"})
        try:
            brief, torn = compute.details(st.scenario, n=n, seed=seed, sensitivity_n=sensitivity_n, base=base,
                                          edits=dict(st.edits))
        except compute.Superseded:
            return page(request, "_message.html", {"message": "Superseded by a newer state.", "kind": "dim"})
        return page(request, "_details.html", {"brief": brief, "sweep_chart": _sweep_chart(brief), "tornado": torn})

    @app.get("/compare/{ref:path}", response_class=HTMLResponse)
    def compare(request: Request, ref: str) -> Response:
        base = load(ref)
        st = state_of(request, base)
        ctx = _results_ctx(base, st, cfg)
        left = compute.quick(base.scenario, n=n, seed=seed)
        right = compute.quick(st.scenario, n=n, seed=seed) if st.ok else None
        return page(request, "compare.html", dict(ctx, left=left, right=right, rows=_compare_rows(left, right),
                                                  diffs=_diffs(base, st)),
                    status=200 if st.ok else 422)

    @app.get("/report/{ref:path}")
    def report(request: Request, ref: str) -> Response:
        from ..report import build_report

        base = load(ref)
        pairs = _query_pairs(request.url.query) or []
        fmt = next((v for k, v in pairs if k == "fmt"), "html")
        if fmt not in ("html", "md"):
            return fail(request, 400, f"unknown report format {fmt[:20]!r} (expected html or md)")
        st = state_of(request, base, pairs)
        if not st.ok:
            return fail(request, 422, "the state has invalid inputs: " + "; ".join(st.errors.values()))
        text = build_report(st.scenario, fmt=fmt, samples=n, rng=seed)
        stem = base.scenario.metadata.id + ("-edited" if st.edits else "")
        media = "text/html; charset=utf-8" if fmt == "html" else "text/markdown; charset=utf-8"
        resp = Response(text, media_type=media)
        resp.headers["Content-Disposition"] = f'attachment; filename="{stem}-report.{fmt}"'
        resp.headers["Cache-Control"] = "no-store"
        return resp

    async def posted_state(request: Request, ref: str, verb: str) -> tuple[Any, Any, dict[str, str]] | Response:
        """A POSTed form's base scenario, edited state and fields, or the response that refuses it."""
        pairs = _query_pairs((await request.body()).decode("utf-8", "replace"))
        if pairs is None:
            return fail(request, 400, "malformed form")
        form = dict(pairs)
        refused = csrf_ok(request, form)
        if refused is not None:
            return refused
        base = load(ref)
        st = state_of(request, base, pairs)
        if not st.ok:
            return page(request, "_message.html",
                        {"message": f"Not {verb}: fix the highlighted inputs first.", "kind": "error"})
        return base, st, form

    @app.post("/save/{ref:path}", response_class=HTMLResponse)
    async def save(request: Request, ref: str) -> Response:
        got = await posted_state(request, ref, "saved")
        if isinstance(got, Response):
            return got
        base, st, form = got
        try:
            new = served.save_as(base, st.edits, str(form.get("name", "")))
        except Refused as exc:
            return page(request, "_message.html", {"message": exc.message, "kind": "error"})
        return page(request, "_message.html", {"message": f"Saved as {new}.", "kind": "ok", "link": f"/s/{new}"})

    def csrf_ok(request: Request, form: dict[str, str]) -> Response | None:
        origin = request.headers.get("origin")
        if origin is not None and origin.rstrip("/") != f"{request.url.scheme}://{request.url.netloc}":
            return fail(request, 403, "cross-origin request refused")
        if not hmac.compare_digest(str(form.get("csrf", "")).encode(), token.encode()):
            return fail(request, 403, "missing or wrong CSRF token: reload the page")
        return None

    if registry_url is not None:
        @app.post("/record/{ref:path}", response_class=HTMLResponse)
        async def record(request: Request, ref: str) -> Response:
            from ..registry import Registry
            from ..registry.record import record_scenario

            got = await posted_state(request, ref, "recorded")
            if isinstance(got, Response):
                return got
            _, st, _ = got
            with Registry(registry_url) as reg:
                res = record_scenario(reg, st.scenario, n=n, seed=seed)
            new = sum(1 for f in res.forecasts if f.get("status") == "new")
            same = sum(1 for f in res.forecasts if f.get("status") == "unchanged")
            return page(request, "_message.html", {
                "message": f"Recorded {new} new forecast{'s' if new != 1 else ''} ({same} unchanged, "
                           f"{len(res.skipped)} analyst question{'s' if len(res.skipped) != 1 else ''} skipped) "
                           f"for scenario digest {st.scenario.digest[:12]}.",
                "kind": "ok", "link": "/registry"})

        @app.get("/registry", response_class=HTMLResponse)
        def registry(request: Request) -> Response:
            from ..registry import Registry
            from ..registry.scores import calibration, score_registry
            from . import registry_view as view

            with Registry(registry_url) as reg:
                with reg.batch() as ops:  # one snapshot: the tables and the scores agree
                    questions = ops.questions()
                    forecasts = ops.forecasts()
                    latest = ops.resolutions(latest_only=True)
                where = reg.display_url
            resolutions = {r.question: r for r in latest}
            report = score_registry(questions, forecasts, latest)
            cal = calibration(report)
            col = view.colours([f.forecaster for f in forecasts] + [s.forecaster for s in report.forecasters])
            by_q: dict[str, list[Any]] = {}
            for f in forecasts:
                by_q.setdefault(f.question, []).append(f)
            scores: dict[str, list[Any]] = {}
            for s in report.questions:
                scores.setdefault(s.id, []).append(s)
            rows = []
            for q in questions:
                fs = sorted(by_q.get(q.id, []), key=lambda f: (f.valid_from, f.made_at))
                res = resolutions.get(q.id)
                rows.append({"q": q, "forecasts": fs, "resolution": res, "scores": scores.get(q.id, []),
                             "chart": view.time_chart(q, fs, res, col)})
            return page(request, "registry.html", {
                "rows": rows, "where": where, "report": report, "score_rows": view.forecaster_rows(report),
                "calibration": cal, "reliability": view.reliability_plot(cal, col)})

    @app.post("/upload", response_class=HTMLResponse)
    async def upload(request: Request) -> Response:
        try:
            form = await request.form(max_files=1, max_fields=4, max_part_size=MAX_SCENARIO_BYTES + 1)
        except Exception:  # a malformed multipart body (python-multipart's errors vary by version)
            return fail(request, 400, "malformed upload: send one scenario file as multipart/form-data")
        refused = csrf_ok(request, {"csrf": str(form.get("csrf", ""))})
        if refused is not None:
            return refused
        f = form.get("file")
        if f is None or isinstance(f, str):
            return fail(request, 400, "no file in the upload")
        raw = await f.read(MAX_SCENARIO_BYTES + 1)
        try:
            new = served.add_file(str(form.get("name") or f.filename or ""), raw)
        except Refused as exc:
            return page(request, "_message.html", {"message": exc.message, "kind": "error"}, status=exc.status)
        except RealpolitikError as exc:
            return page(request, "_message.html", {"message": "Not added: " + str(exc), "kind": "error"},
                        status=400)
        return page(request, "_message.html", {"message": f"Added {new}.", "kind": "ok", "link": f"/s/{new}"})

    @app.get("/api/state/{ref:path}")
    def api_state(request: Request, ref: str) -> Response:
        """The state's headline as JSON (for scripts and the benchmark)."""
        base = load(ref)
        st = state_of(request, base)
        if not st.ok:
            return JSONResponse({"errors": st.errors}, status_code=422)
        q = compute.quick(st.scenario, n=n, seed=seed)
        return JSONResponse(_clean({"edits": st.edits, "brief": q.brief.to_json()}))

    return _Guard(app, allowed_hosts=None if allowed_hosts is None else frozenset(h.lower() for h in allowed_hosts),
                  max_body=max_body, limits={"/upload": MAX_SCENARIO_BYTES + 16 * 1024})


#: Query keys that are not inputs of the state.
_RESERVED = {"fmt", "csrf", "name"}


def _query_pairs(query: str) -> list[tuple[str, str]] | None:
    try:
        return parse_qsl(query, keep_blank_values=True, max_num_fields=MAX_KEYS + len(_RESERVED),
                         errors="replace")
    except ValueError:
        return None


def _pct(p: Any) -> str:
    from ..analysis.brief import _pct as pct

    return pct(float(p)) if p is not None else "—"


def _num(x: Any) -> str:
    from ..report._format import num

    return num(float(x)) if x is not None else "—"


def _results_ctx(base: Base, st: Evaluated, cfg: dict[str, Any]) -> dict[str, Any]:
    sc = base.scenario
    qs = urlencode(query_items(st.edits))
    values = {f.key: st.edits.get(f.key, f.base) for f in base.fields}
    ctx: dict[str, Any] = {"base": base, "sc": sc, "st": st, "qs": qs, "values": values, "ref": base.ref,
                           "quick": None, "chart": None}
    if st.ok:
        q = compute.quick(st.scenario, n=cfg["n"], seed=cfg["seed"])
        ctx["quick"] = q
        ctx["chart"] = _clean({"trajectories": q.trajectories})
    return ctx


def _sweep_chart(brief: Any) -> Any:
    s = brief.sweep
    if s is None:
        return None
    return _clean({"sweep": {"label": s.label, "x": list(s.values), "y": list(s.probabilities)}})


def _compare_rows(left: Any, right: Any) -> list[dict[str, Any]]:
    rows = []
    ra = {a.id: a for a in right.answers.answers} if right is not None else {}
    for a in left.answers.answers:
        b = ra.get(a.id)
        for label, p in a.probabilities.items():
            pb = b.probabilities.get(label) if b is not None else None
            rows.append({"question": a.title, "label": label, "base": p, "base_int": a.interval.get(label),
                         "edited": pb, "edited_int": b.interval.get(label) if b is not None else None})
    return rows


def _diffs(base: Base, st: Evaluated) -> list[dict[str, Any]]:
    return [{"label": base.by_key[k].label, "key": k, "declared": base.by_key[k].declared, "edited": v}
            for k, v in st.edits.items()]
