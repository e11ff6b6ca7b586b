"""The staff view as a Starlette application: sign-in by mailed link, the overview, the queue, one case,
a document's pages, and decisions that go through the staff decision service (mailbot.cases).

No JavaScript: plain forms, each answered with a redirect (post/redirect/get). Without a signed-in staff
session every URL answers with the sign-in page (or a refusal for a form), never with case data.
"""
from __future__ import annotations

import io
import ipaddress
import logging
import re
import secrets
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from .. import cases, safetext
from ..app import App
from ..clock import SystemClock
from ..core import i18n
from ..core.readings import Spot, field_root
from ..core.vocabulary import NoticeKind
from ..notices import tell_staff
from ..store.db import ROW_ID_MAX, session_scope
from . import auth, queries
from .i18n import helpers
from .pages import CasePage, FormRow, ShownDocument

log = logging.getLogger(__name__)

# PDFium (pdfplumber's renderer, through pypdfium2) is not thread-safe, and Starlette runs a sync endpoint
# in a thread pool: a document's pages requested at once by one browser aborted the whole process (SIGABRT).
_RENDER_LOCK = threading.Lock()
SESSION_COOKIE = "sdn_session"
PRE_COOKIE = "sdn_pre"
LANG_COOKIE = "sdn_lang"
LOOPBACK = {"127.0.0.1", "::1", "localhost"}
_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}
# pages whose language link leads back to them
_LANG_PAGES = {"overview", "queue", "case", "document", "export", "confirm"}
_ACTIONS = ("approve", "reject", "note", "hold", "resume")
_EMAIL = re.compile(r"^[^@\s<>\"]{1,64}@[^@\s<>\"]{1,253}$")


class StaffView:
    """The application's state: configuration, database, signing key and rate limits."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.cfg = app.cfg
        self.signer = auth.Signer(auth.load_secret(app.engine))
        # limits on what costs something and could be abused: mail sent to an address (a mail bomb), and a
        # client asking for links. Using a link already received is never limited (the link is signed and
        # random, there is nothing to guess), so nobody can lock a staff member out by asking in their name.
        self.mails_to = auth.RateLimit(5, 900)    # sign-in link mails per address per quarter of an hour
        self.by_client = auth.RateLimit(30, 900)  # link requests per client (the address the trusted proxy saw)
        self.env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                               autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True,
                               finalize=_visible)
        self.env.filters["when"] = lambda d: f"{d:%Y-%m-%d %H:%M}" if d else ""
        self.env.filters["urlq"] = lambda s: quote(str(s), safe="")
        w = self.cfg.web
        self.base_url = w.base_url or f"http://{w.bind}:{w.port}"
        self.staff = tuple(a.lower() for a in self.cfg.addresses.staff)

    # -- who is asking ---------------------------------------------------------------------------------
    def who(self, request: Request) -> tuple[str, str] | None:
        """(staff address, CSRF anchor) of a signed-in staff member, else None."""
        header = self.cfg.web.trusted_proxy_header
        client = request.client.host if request.client else ""
        if header and client in LOOPBACK:
            named = (request.headers.get(header) or "").strip().lower()
            if named:
                return (named, f"proxy\x1f{named}") if named in self.staff else None
        found = auth.read_session(self.app.engine, self.signer, request.cookies.get(SESSION_COOKIE),
                                  SystemClock().now(), self.staff)
        return (found[0], f"session\x1f{found[1]}") if found else None

    def client(self, request: Request) -> str:
        """The asking client's address: the peer's, or, when the peer is the configured trusted proxy, the
        address that proxy put last in X-Forwarded-For (the one it saw; what comes before it the client wrote)."""
        return client_address(request.client.host if request.client else "", request.headers.get("x-forwarded-for"),
                              self.cfg.web.trusted_proxy)

    def lang(self, request: Request) -> str:
        asked = request.query_params.get("lang")
        if asked in i18n.languages():  # any language with a catalog
            return asked
        kept = request.cookies.get(LANG_COOKIE)
        return kept if kept in i18n.languages() else i18n.DEFAULT_LANGUAGE

    # -- answers ---------------------------------------------------------------------------------------
    def finish(self, request: Request, response: Response) -> Response:
        for k, v in _HEADERS.items():
            response.headers[k] = v
        asked = request.query_params.get("lang")
        if asked in i18n.languages():
            response.set_cookie(LANG_COOKIE, asked, max_age=365 * 86400, httponly=True, samesite="strict",
                                secure=self.cfg.web.secure)
        return response

    def page(self, request: Request, template: str, status: int = 200, *, user: str | None = None,
             anchor: str | None = None, **context: Any) -> Response:
        lang = self.lang(request)
        pre = None
        if anchor is None:  # before sign-in: the CSRF token hangs on a random cookie of this browser
            pre = request.cookies.get(PRE_COOKIE) or secrets.token_urlsafe(16)
            anchor = f"pre\x1f{pre}"
        here = self.here(request, user)
        other = "en" if lang == "da" else "da"
        query = (dict(request.query_params) if user else {}) | {"lang": other}
        html = self.env.get_template(template).render(
            user=user, csrf=self.signer.csrf(anchor), other_lang=other, other_lang_url=f"{here}?{urlencode(query)}",
            **helpers(lang), **context)
        response = HTMLResponse(html, status_code=status)
        if pre is not None and request.cookies.get(PRE_COOKIE) != pre:
            response.set_cookie(PRE_COOKIE, pre, httponly=True, samesite="strict", secure=self.cfg.web.secure)
        return self.finish(request, response)

    def here(self, request: Request, user: str | None) -> str:
        """This page's own path, made from its route's name and parameters (never the raw request path,
        which may be `//evil.example`); without a session, the sign-in page (never the URL asked for)."""
        name = getattr(request.scope.get("endpoint"), "__name__", "")
        if not user or name not in _LANG_PAGES:
            return str(request.app.url_path_for("overview" if user else "signin"))
        params = {k: quote(v, safe="") if isinstance(v, str) else v for k, v in request.path_params.items()}
        return str(request.app.url_path_for(name, **params))

    def redirect(self, request: Request, url: str) -> Response:
        return self.finish(request, RedirectResponse(url, status_code=303))

    def refused(self, request: Request, status: int = 403) -> Response:
        return self.page(request, "message.html.j2", status, message_key="refused")

    async def form_checked(self, request: Request, anchor: str) -> Any:
        form = await request.form()
        token = str(form.get("csrf") or "")
        if not token or not secrets.compare_digest(token, self.signer.csrf(anchor)):
            return None
        return form

    # -- sign-in ---------------------------------------------------------------------------------------
    async def signin(self, request: Request) -> Response:
        if request.method == "GET":
            if self.who(request):
                return self.redirect(request, "/")
            return self.page(request, "signin.html.j2")
        pre = request.cookies.get(PRE_COOKIE) or ""
        form = await self.form_checked(request, f"pre\x1f{pre}") if pre else None
        if form is None:
            return self.refused(request)
        address = str(form.get("address") or "").strip().lower()[:320]
        if not self.by_client.allow(f"signin:{self.client(request)}"):
            return self.page(request, "message.html.j2", 429, message_key="too_many")
        # the answer is the same page for every address, made before anything is looked up or sent; the
        # link mail is issued, rendered and sent after the answer has gone (so its time tells nothing)
        response = self.page(request, "message.html.j2", message_key="link_sent")
        response.background = BackgroundTask(self.mail_link_if_staff, address, self.lang(request))
        return response

    def mail_link_if_staff(self, address: str, lang: str) -> None:
        """After the answer: a link mailed to a staff address, within the per-address mail limit."""
        if address not in self.staff or not _EMAIL.match(address):
            log.info("web sign-in asked for an address that is not staff")  # the address itself is not logged
        elif not self.mails_to.allow(address):
            log.warning("web: sign-in link mails to one staff address over the limit; this one not sent")
        else:
            self.mail_link(address, lang)

    def mail_link(self, address: str, lang: str) -> None:
        """The sign-in link as a staff notice through the normal outbox, then sent at once."""
        now = SystemClock().now()
        token = auth.issue_link(self.app.engine, self.signer, address, now)
        link = f"{self.base_url}/login/{token}"
        with session_scope(self.app.engine) as s:
            tell_staff(s, self.cfg.addresses, now, NoticeKind.WEB_SIGN_IN, "sign-in link", details=[link],
                       to=[address], language=lang)
        self.send_now()

    def send_now(self) -> None:
        """Render and send what is queued, as a daemon's send job would (any process may send the outbox)."""
        from ..pipeline.outbox import send_queued

        sender = self.app.sender()
        try:
            send_queued(self.cfg, self.app.engine, sender, SystemClock().now())
        except Exception:  # noqa: BLE001 - the mail stays queued; the daemon's send job retries it
            log.exception("web: sending failed; the daemon's send job will retry")
        finally:
            sender.close()

    async def link(self, request: Request) -> Response:
        token = request.path_params["token"]
        if not auth.peek_link(self.signer, token, SystemClock().now()):
            return self.page(request, "message.html.j2", 400, message_key="link_bad")
        # a GET does not use the link (mail scanners open links): the person confirms with a POST
        return self.page(request, "link.html.j2", token=token)

    async def login(self, request: Request) -> Response:
        pre = request.cookies.get(PRE_COOKIE) or ""
        form = await self.form_checked(request, f"pre\x1f{pre}") if pre else None
        if form is None:
            return self.refused(request)
        now = SystemClock().now()
        email = auth.use_link(self.app.engine, self.signer, str(form.get("token") or ""), now)
        if email is None or email not in self.staff:
            return self.page(request, "message.html.j2", 400, message_key="link_bad")
        response = self.redirect(request, "/")
        response.set_cookie(SESSION_COOKIE, auth.make_session(self.app.engine, self.signer, email, now,
                                                              self.cfg.web.session_hours),
                            max_age=self.cfg.web.session_hours * 3600, httponly=True, samesite="strict",
                            secure=self.cfg.web.secure)
        response.delete_cookie(PRE_COOKIE)
        log.info("web: a staff member signed in")
        return response

    async def signout(self, request: Request) -> Response:
        me = self.who(request)
        if me is None or await self.form_checked(request, me[1]) is None:
            return self.refused(request)
        if not me[1].startswith("proxy\x1f"):
            auth.end_session(self.app.engine, self.signer, request.cookies.get(SESSION_COOKIE), SystemClock().now())
        response = self.redirect(request, "/signin")
        response.delete_cookie(SESSION_COOKIE)
        return response

    # -- pages -----------------------------------------------------------------------------------------
    def overview(self, request: Request) -> Response:
        me = self.who(request)
        if me is None:
            return self.redirect(request, "/signin")
        p = request.query_params
        state = p.get("state") or None
        data = queries.overview(self.app.engine, state, p.get("attention") == "1", p.get("q") or "")
        return self.page(request, "overview.html.j2", user=me[0], anchor=me[1], data=data, state=state or "",
                         attention=p.get("attention") == "1", q=p.get("q") or "")

    def queue(self, request: Request) -> Response:
        me = self.who(request)
        if me is None:
            return self.redirect(request, "/signin")
        return self.page(request, "queue.html.j2", user=me[0], anchor=me[1], rows=queries.queue(self.app.engine))

    def case(self, request: Request) -> Response:
        me = self.who(request)
        if me is None:
            return self.redirect(request, "/signin")
        data = queries.case_page(self.app.engine, request.path_params["ref"])
        if data is None:
            return self.page(request, "message.html.j2", 404, user=me[0], anchor=me[1], message_key="not_found")
        rows = queries.form_rows(data.form, data.form_problems)
        return self.page(request, "case.html.j2", user=me[0], anchor=me[1], d=data, form_rows=rows,
                         done=request.query_params.get("done"))

    def _document(self, request: Request) -> tuple[ShownDocument, bytes | None] | None:
        pp = request.path_params
        mail, doc = db_int(pp["mail"]), db_int(pp["doc"])
        if mail is None or doc is None:  # a number no row can have never reaches the database
            return None
        return queries.document(self.app.engine, pp["ref"], mail, doc)

    def document(self, request: Request) -> Response:
        me = self.who(request)
        if me is None:
            return self.redirect(request, "/signin")
        found = self._document(request)
        if found is None:
            return self.page(request, "message.html.j2", 404, user=me[0], anchor=me[1], message_key="not_found")
        doc, pdf = found
        pages = _page_count(pdf) if pdf else 0
        return self.page(request, "document.html.j2", user=me[0], anchor=me[1], doc=doc, pages=pages,
                         ref=request.path_params["ref"].upper(), mail_id=int(request.path_params["mail"]),
                         has_positions=bool(doc.positions))

    def page_image(self, request: Request) -> Response:
        me = self.who(request)
        if me is None:
            return self.finish(request, Response(status_code=403))
        found = self._document(request)
        if found is None or found[1] is None:
            return self.finish(request, Response(status_code=404))
        doc, pdf = found
        assert pdf is not None
        number = db_int(request.path_params["page"])
        unsure = frozenset(field_root(p.field) for p in doc.problems if p.code == "uncertain" and p.field)
        png = render_page(pdf, number, doc.positions, unsure) if number is not None else None
        if png is None:
            return self.finish(request, Response(status_code=404))
        return self.finish(request, Response(png, media_type="image/png"))

    # -- the agreement system's export ------------------------------------------------------------------
    def export(self, request: Request) -> Response:
        from ..export import approved_parties

        me = self.who(request)
        if me is None:
            return self.redirect(request, "/signin")
        count = len(approved_parties(self.app.engine))
        return self.page(request, "export.html.j2", user=me[0], anchor=me[1], count=count,
                         since=str(request.query_params.get("since") or "")[:10])

    def export_download(self, request: Request) -> Response:
        """The approved parties as a file (CSV or JSON), as `mailbot export` writes them."""
        from ..export import approved_parties, since_moment, to_csv, to_json

        me = self.who(request)
        if me is None:
            return self.finish(request, Response(status_code=403))
        asked = (request.query_params.get("since") or "").strip()
        try:
            since = since_moment(asked, self.cfg.tz) if asked else None
        except ValueError:
            return self.page(request, "message.html.j2", 400, user=me[0], anchor=me[1], message_key="not_found")
        records = approved_parties(self.app.engine, since)
        fmt = "json" if request.query_params.get("format") == "json" else "csv"
        body = to_json(records) if fmt == "json" else to_csv(records)
        media = "application/json" if fmt == "json" else "text/csv; charset=utf-8"
        name = f"sdn-parties-{SystemClock().now():%Y-%m-%d}.{fmt}"
        log.info("web: export of %d approved parties", len(records))
        return self.finish(request, Response(body, media_type=media,
                                             headers={"Content-Disposition": f'attachment; filename="{name}"'}))

    # -- decisions -------------------------------------------------------------------------------------
    async def decide(self, request: Request) -> Response:
        me = self.who(request)
        form = await self.form_checked(request, me[1]) if me else None
        if me is None or form is None:
            return self.refused(request)
        ref = request.path_params["ref"].upper()
        action = str(form.get("action") or "")
        text = str(form.get("text") or "").strip()[:2000]
        if action not in _ACTIONS or (action == "note" and not text):
            return self.redirect(request, f"/case/{quote(ref)}")
        ok, message = cases.command(self.app, ref, action, text if action in ("reject", "note") else "", me[0])
        if not ok:
            return self.page(request, "message.html.j2", 404, user=me[0], anchor=me[1], message_key="not_found")
        log.info("web: %s on %s", action, ref)
        self.send_now()
        return self.redirect(request, f"/case/{quote(ref)}?done={quote(action)}")

    # -- the confirm view: one queue item a page, the evidence beside the reading -------------------------
    def confirm_first(self, request: Request) -> Response:
        me = self.who(request)
        if me is None:
            return self.redirect(request, "/signin")
        ref, _ = queries.next_in_queue(self.app.engine)
        if ref is None:
            return self.page(request, "message.html.j2", user=me[0], anchor=me[1], message_key="queue_empty")
        return self.redirect(request, f"/confirm/{quote(ref)}")

    def confirm(self, request: Request) -> Response:
        me = self.who(request)
        if me is None:
            return self.redirect(request, "/signin")
        data = queries.case_page(self.app.engine, request.path_params["ref"])
        if data is None:
            return self.page(request, "message.html.j2", 404, user=me[0], anchor=me[1], message_key="not_found")
        ref = data.case.ref
        after, total = queries.next_in_queue(self.app.engine, ref)
        rows = queries.form_rows(data.form, data.form_problems)
        return self.page(request, "confirm.html.j2", user=me[0], anchor=me[1], d=data, form_rows=rows,
                         ev=queries.evidence(data), next_ref=after, total=total)

    async def _posted_case(self, request: Request) -> Response | tuple[tuple[str, str], Any, CasePage]:
        """A form posted about one case: (who, the checked form, the case page's data), or the answer that
        refuses it (no session or no valid CSRF token: 403; no such case: 404)."""
        me = self.who(request)
        form = await self.form_checked(request, me[1]) if me else None
        if me is None or form is None:
            return self.refused(request)
        data = queries.case_page(self.app.engine, request.path_params["ref"].upper())
        if data is None:
            return self.page(request, "message.html.j2", 404, user=me[0], anchor=me[1], message_key="not_found")
        return me, form, data

    async def confirm_post(self, request: Request) -> Response:
        """Confirm (or correct) the reading, or approve, as the case page would; then the queue's next item."""
        posted = await self._posted_case(request)
        if isinstance(posted, Response):
            return posted
        me, form, data = posted
        ref = data.case.ref
        action = str(form.get("action") or "")
        after, _ = queries.next_in_queue(self.app.engine, ref)
        if action == "confirm" and data.correctable:
            rows = queries.form_rows(data.form, data.form_problems)
            corrections, confirmed = read_corrections(rows, form)
            # the person read the page beside the reading: an uncertain field they left as it is, they confirm
            # as read right (a missing or invalid one stays what it is, and is judged again)
            confirmed = sorted(set(confirmed) | {r.root for r in rows if r.problems and all(
                p.code == "uncertain" for p in r.problems)})
            cases.correct(self.app, ref, corrections, confirmed, me[0], whole=True)
        elif action == "approve":
            cases.command(self.app, ref, "approve", "", me[0])
        elif action != "skip":
            return self.redirect(request, f"/confirm/{quote(ref)}")
        log.info("web: confirm view %s on %s", action, ref)
        self.send_now()
        if after is None:
            after, _ = queries.next_in_queue(self.app.engine)
            after = None if after == ref else after
        return self.redirect(request, f"/confirm/{quote(after)}" if after else "/queue")

    async def tool(self, request: Request) -> Response:
        """A case tool (take, release, merge, move a mail, split) through the same service as the command line."""
        me = self.who(request)
        form = await self.form_checked(request, me[1]) if me else None
        if me is None or form is None:
            return self.refused(request)
        ref = request.path_params["ref"].upper()
        action = str(form.get("action") or "")
        other = str(form.get("ref") or "").strip()[:40]
        if action in ("take", "release"):
            ok, message = cases.ownership(self.app, ref, me[0], take=action == "take")
        elif action == "merge" and other:
            ok, message = cases.merge(self.app, ref, other, me[0])
        elif action == "move" and other and db_int(_number(form.get("mail"))) is not None:
            ok, message = cases.move_mail(self.app, int(str(form.get("mail"))), other, me[0])
        elif action == "split":
            mails = [db_int(_number(v)) for v in form.getlist("split")]
            if not mails or None in mails:
                return self.redirect(request, f"/case/{quote(ref)}")
            ok, message = cases.split(self.app, ref, [m for m in mails if m is not None], me[0])
        else:
            return self.redirect(request, f"/case/{quote(ref)}")
        log.info("web: %s on %s: %s", action, ref, "done" if ok else "refused")
        if not ok:
            return self.page(request, "message.html.j2", 409, user=me[0], anchor=me[1], message_key="tool_refused",
                             detail=message)
        self.send_now()
        target = other if action == "move" else ref
        return self.redirect(request, f"/case/{quote(target.upper())}?done={quote(action)}")

    async def correct(self, request: Request) -> Response:
        posted = await self._posted_case(request)
        if isinstance(posted, Response):
            return posted
        me, form, data = posted
        ref = data.case.ref
        corrections, confirmed = read_corrections(queries.form_rows(data.form, data.form_problems), form)
        cases.correct(self.app, ref, corrections, confirmed, me[0])
        log.info("web: reading corrected on %s (%d fields, %d confirmed)", ref, len(corrections), len(confirmed))
        self.send_now()
        return self.redirect(request, f"/case/{quote(ref)}?done=correct")


def _number(value: Any) -> int | None:
    """A whole number typed in a form (a mail's number), or None."""
    text = str(value or "").strip().lstrip("#")
    return int(text) if text.isdigit() and len(text) <= 12 else None


def db_int(value: Any) -> int | None:
    """A number from a URL if a database row could have it, else None (the page answers 404)."""
    return value if isinstance(value, int) and 0 <= value <= ROW_ID_MAX else None


def _visible(value: Any) -> Any:
    """Every value a template prints: control and bidi characters a party wrote (in a name, subject or file
    name) shown as visible escapes; HTML escaping comes after, by autoescape."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return safetext.terminal(value)
    return value


def read_corrections(rows: list[FormRow], form: Any) -> tuple[list[tuple[str, Any]], list[str]]:
    """The changed values of the reading form, typed as the reading holds them, and the fields ticked right."""
    corrections: list[tuple[str, Any]] = []
    confirmed: list[str] = []
    for row in rows:
        path = row.path
        if form.get(f"ok:{row.root}") and row.root not in confirmed:
            confirmed.append(row.root)
        given = form.get(f"f:{path}")
        if given is None:
            continue
        text = " ".join(str(given).split())[:500]
        if text == row.value:
            continue
        value: Any
        if row.kind == "list":
            value = [v for v in re.split(r"[,\s;]+", text) if v]
        elif path.endswith("email"):
            value = text.lower() or None
        elif path == "cvr":
            value = re.sub(r"\D", "", text) or None
        else:
            value = text or None
        corrections.append((path, value))
    return corrections, confirmed


def _page_count(pdf: bytes) -> int:
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            return len(doc.pages)
    except Exception:  # noqa: BLE001 - a broken PDF has no pages to show
        return 0


OUTLINE = (31, 59, 90)  # a value the reading found, outlined
UNSURE = (180, 35, 24)  # a value the reader is unsure of: outlined and filled, as its line beside the page


def render_page(pdf: bytes, number: int, positions: Mapping[str, Spot], unsure: frozenset[str] = frozenset()
                ) -> bytes | None:
    """One page as PNG by pdfplumber's renderer, with the fields found on it outlined when the reading
    says where they are (`positions`: each field path's page and box [x0, top, x1, bottom]); a field whose
    root is in `unsure` is highlighted."""
    import pdfplumber

    try:
        with _RENDER_LOCK, pdfplumber.open(io.BytesIO(pdf)) as doc:
            if not 1 <= number <= min(len(doc.pages), 50):
                return None
            page = doc.pages[number - 1]
            image = page.to_image(resolution=96)
            here = {path: spot.bbox for path, spot in positions.items() if spot.page == number and len(spot.bbox) == 4}
            calm = [box for path, box in here.items() if field_root(path) not in unsure]
            loud = [box for path, box in here.items() if field_root(path) in unsure]
            if calm:
                image.draw_rects(calm, stroke=OUTLINE, fill=(0, 0, 0, 0), stroke_width=2)
            if loud:
                image.draw_rects(loud, stroke=UNSURE, fill=(*UNSURE, 60), stroke_width=3)
            buf = io.BytesIO()
            image.save(buf, format="PNG")
            return buf.getvalue()
    except Exception:  # noqa: BLE001 - a PDF the renderer cannot draw: no picture, the reading is still shown
        log.warning("web: a page could not be rendered")
        return None


def create_app(app: App) -> Starlette:
    v = StaffView(app)
    doc = "/case/{ref}/mail/{mail:int}/doc/{doc:int}"
    routes = [
        Route("/signin", v.signin, methods=["GET", "POST"]),
        Route("/login/{token}", v.link, methods=["GET"]),
        Route("/login", v.login, methods=["POST"]),
        Route("/signout", v.signout, methods=["POST"]),
        Route("/", v.overview, methods=["GET"]),
        Route("/queue", v.queue, methods=["GET"]),
        Route("/export", v.export, methods=["GET"]),
        Route("/export/download", v.export_download, methods=["GET"]),
        Route("/case/{ref}", v.case, methods=["GET"]),
        Route("/case/{ref}/decide", v.decide, methods=["POST"]),
        Route("/case/{ref}/correct", v.correct, methods=["POST"]),
        Route("/case/{ref}/tool", v.tool, methods=["POST"]),
        Route("/confirm", v.confirm_first, methods=["GET"]),
        Route("/confirm/{ref}", v.confirm, methods=["GET"]),
        Route("/confirm/{ref}", v.confirm_post, methods=["POST"]),
        Route(doc, v.document, methods=["GET"]),
        Route(doc + "/page/{page:int}.png", v.page_image, methods=["GET"]),
    ]

    async def not_found(request: Request, exc: Exception) -> Response:
        me = v.who(request)
        if me is None:
            return v.redirect(request, "/signin")
        return v.page(request, "message.html.j2", 404, user=me[0], anchor=me[1], message_key="not_found")

    starlette = Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found})
    starlette.state.view = v
    return starlette


def serve(app: App) -> int:
    """Serve `[web] bind:port` until SIGTERM or SIGINT (uvicorn finishes the requests in hand)."""
    import signal

    import uvicorn

    w = app.cfg.web
    # uvicorn shuts down gracefully on these, then raises the signal again for the handler it found:
    # a quiet one, so a stop by systemd is an exit 0 and not "killed by SIGTERM"
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: None)
    uvicorn.run(create_app(app), host=w.bind, port=w.port, log_level="warning", access_log=False,
                server_header=False, proxy_headers=False)
    return 0


def client_address(peer: str, forwarded_for: str | None, trusted_proxy: str | None) -> str:
    """Who is asking: the peer, unless the peer is the trusted proxy; then the last X-Forwarded-For entry
    (the address the proxy itself saw; entries before it are whatever the client sent)."""
    if trusted_proxy and peer == trusted_proxy and forwarded_for:
        last = forwarded_for.split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(last))
        except ValueError:
            return peer
    return peer
