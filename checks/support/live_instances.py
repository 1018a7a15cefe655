"""Running instances of the project's app that the repository claims: README links and clients that call the app's routes on any host (pure; never fetched)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from checks.support.common import code_units, outline
from checks.support.platforms import app_host
from checks.support.serving_evidence import Service
from readiness.facts.ci_steps import logical_lines
from readiness.facts.model import CodeFacts, RepoFacts
from readiness.models import Evidence

TEMPORARY_HOST = re.compile(r"https?://[\w.-]*(gradio\.live|ngrok\.io|ngrok-free\.app|ngrok\.app|trycloudflare\.com)", re.I)
NOT_AN_APP = re.compile(
    r"(^|\.)(medium\.com|towardsdatascience\.com|dev\.to|hashnode\.\w+|substack\.com|wordpress\.com|blogspot\.com|linkedin\.com|"
    r"kaggle\.com|colab\.research\.google\.com|mybinder\.org|nbviewer\.org|nbviewer\.jupyter\.org|jupyter\.org|deepnote\.com|"
    r"youtube\.com|youtu\.be|vimeo\.com|loom\.com|twitter\.com|x\.com|facebook\.com|instagram\.com|reddit\.com|discord\.(gg|com)|"
    r"github\.com|githubusercontent\.com|gitlab\.com|bitbucket\.org|readthedocs\.(io|org)|gitbook\.io|pypi\.org|anaconda\.org|npmjs\.com|"
    r"arxiv\.org|doi\.org|paperswithcode\.com|openreview\.net|researchgate\.net|semanticscholar\.org|wikipedia\.org|stackoverflow\.com|"
    r"huggingface\.co|zenodo\.org|figshare\.com|archive\.ics\.uci\.edu|data\.world|data\.gov|shields\.io|badge\.fury\.io|codecov\.io|"
    r"opensource\.org|creativecommons\.org|google\.com|amazon\.com|microsoft\.com|azure\.com|docker\.com|kubernetes\.io|python\.org|"
    r"streamlit\.io|gradio\.app|fastapi\.tiangolo\.com|palletsprojects\.com|scikit-learn\.org|pytorch\.org|tensorflow\.org|keras\.io|"
    r"pydata\.org|numpy\.org|mlflow\.org|wandb\.ai|openai\.com|anthropic\.com|langchain\.com|postman\.com|render\.com|fly\.io|heroku\.com|"
    r"vercel\.com|netlify\.com|modal\.com|shap\.readthedocs\.io)$",
    re.I,
)
LOCAL_HOST = re.compile(r"(?i)^(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[?::1\]?|host\.docker\.internal)$|\.(local|internal|test|example|invalid|localhost)$|(^|\.)example\.(com|org|net)$")
PLACEHOLDER = re.compile(r"[<>{}$]|(?i:your[-_])|HASH|XXX|(?i:placeholder)|(?i:project[-_]id)")
NOT_A_DEMO = re.compile(r"(^|\.)(medium\.com|towardsdatascience\.com|dev\.to|hashnode\.\w+|substack\.com|wordpress\.com|blogspot\.com|linkedin\.com|kaggle\.com|"
                        r"colab\.research\.google\.com|mybinder\.org|nbviewer\.org|youtube\.com|youtu\.be)$", re.I)
API_PREFIX = re.compile(r"^(/(api|apis|ml|model|models|service|services))?(/v\d+(\.\d+)?)?$")
WRITE_UP = re.compile(r"(?i)\b(blog|posts?|article|write-?up|newsletter|notebook|slides?|paper|video)\b|\.(ipynb|pdf|png|jpe?g|gif|svg|mp4)$")
WRITTEN = re.compile(r"(?i)\b(blog|article|write-?up|newsletter|tutorial|notebook|slides|paper|video|docs|documentation|reference|guide)\b")
TIE = re.compile(
    r"(?i)\b(live|demo|try\s+(it|the|out)|deployed|hosted|running\s+(at|on)|available\s+(at|on)|in\s+production|playground|"
    r"web\s*app|endpoint|base\s+url|swagger|api\s+url|app\s+url)\b|^\W*(the\s+)?(app|api|service)\b\s*[:\-\u2013\u2014]"
)
HTTP_CLIENT = ("requests.", "httpx.", "urllib.request.", "aiohttp.", "urllib3.")
SHELL_CLIENT = re.compile(r"\b(curl|wget|http|https|xh)\s")
ROUTE_LAST = frozenset({"get", "post", "put", "patch", "delete", "route", "api_route", "websocket", "add_api_route", "add_url_rule", "add_resource", "path", "re_path"})
ASSIGNMENT = re.compile(r"^\s*(?:export\s+)?([A-Za-z_]\w*)=[\"']?(https?://[^\s\"']+)")
URL = re.compile(r"https?://[^\s\"'`<>)\]]+")


@dataclass(frozen=True, slots=True)
class Claim:
    """A running instance the repository claims: its URL, why it is taken as this project's app, and where."""

    url: str
    how: str
    evidence: Evidence


def _host(url: str) -> str:
    """The lower-case host of URL ('' when it has none)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _real(url: str) -> bool:
    """Whether URL could be a public running instance: a dotted public host, no placeholder, not a known site of docs, blogs, code or data."""
    host = _host(url)
    return "." in host and not LOCAL_HOST.search(host) and not PLACEHOLDER.search(url) and not NOT_AN_APP.search(host) and not WRITE_UP.search(urlsplit(url).path)


def declared_routes(facts: RepoFacts, services: tuple[Service, ...]) -> dict[str, str]:
    """Route paths the project's services declare (@app.post("/predict"), add_url_rule, Django path), with the module of each."""
    units = {u.path: u for u in facts.modules}
    routes: dict[str, str] = {}
    for service in services:
        for path in (service.path, *service.modules):
            unit = units.get(path)
            for call in unit.calls if unit and not service.managed else ():
                if call.name.rsplit(".", 1)[-1] in ROUTE_LAST:
                    django = call.name.startswith("django.urls.")  # path("predict/", view): Django routes have no leading slash
                    for arg in call.args:
                        if arg.startswith("/") or (django and not arg.startswith(("http:", "https:"))):
                            route = "/" + arg.strip().lstrip("^").rstrip("$").strip("/")
                            if route != "/" and not re.search(r"[\s:]", route):
                                routes.setdefault(route, path)
            if service.framework == "FastAPI" and path == service.path:
                routes.setdefault("/docs", path)
    return routes


def _route_of(path: str, routes: dict[str, str]) -> str | None:
    """The declared route a URL path is (behind an API prefix such as /api/v1 at most; {param}, <param> and :param match one segment)."""
    path = "/" + path.strip("/")
    for route in sorted(routes, key=len, reverse=True):
        parts = ["[^/]+" if seg and seg[0] in "{<:" else re.escape(seg) for seg in route.strip("/").split("/")]
        match = re.search(r"/" + "/".join(parts) + r"$", path)
        if match and API_PREFIX.match(path[: match.start()]):
            return route
    return None


def _python_clients(units: list[CodeFacts], routes: dict[str, str], skip: frozenset[str]) -> list[Claim]:
    """Modules that call an HTTP client with a public URL and one of the app's routes (in the URL or as a literal beside it)."""
    out = []
    for unit in units:
        if unit.path in skip or not any(c.name.startswith(HTTP_CLIENT) or c.name.endswith(("Session.post", "Client.post", "session.post", "client.post")) for c in unit.calls):
            continue
        literals = [s for s in unit.strings if s.value.startswith(("http://", "https://")) and _real(s.value)]
        paths = [s.value for s in unit.strings if s.value.startswith("/") and len(s.value) < 120]
        for literal in literals:
            route = _route_of(urlsplit(literal.value).path, routes) if urlsplit(literal.value).path.strip("/") else None
            route = route or next((r for r in (_route_of(p.split("?", 1)[0], routes) for p in paths) if r), None)
            if route:
                how = f"{unit.path} calls its route {route} (declared in {routes[route]})"
                out.append(Claim(literal.value, how, Evidence(f"client calls {literal.value.rstrip('/')}{'' if literal.value.rstrip('/').endswith(route) else route}", unit.path, literal.line, literal.cell)))
                break
    return out


def _shell_clients(path: str, text: str, routes: dict[str, str], where: str) -> list[Claim]:
    """Shell lines (scripts, README code blocks) that curl/wget a public URL at one of the app's routes; simple VAR=URL assignments expanded."""
    out: list[Claim] = []
    if "http" not in text:
        return out  # every URL found, in a line or in a variable it names, is written with http in the text
    names: dict[str, str] = {}
    for number, line in logical_lines(text):
        if line.lstrip().startswith("#"):
            continue
        if match := ASSIGNMENT.match(line):
            names[match.group(1)] = match.group(2)
            continue
        if not SHELL_CLIENT.search(line + " "):
            continue
        expanded = re.sub(r"\$\{?([A-Za-z_]\w*)\}?", lambda m: names.get(m.group(1), m.group(0)), line)
        for url in URL.findall(expanded):
            route = _route_of(urlsplit(url).path, routes) if _real(url.split("?", 1)[0]) else None
            if route:
                out.append(Claim(url, f"{where} calls its route {route} (declared in {routes[route]})", Evidence(f"client calls {url}", path, number)))
                return out
    return out


def _readme(facts: RepoFacts, routes: dict[str, str], runnable: bool) -> tuple[list[Claim], list[tuple[str, Evidence]]]:
    """README links: claimed instances (an app host; a route of the app; or text that calls it the demo, the app or the API), and other links."""
    if not facts.readme:
        return [], []
    claims: list[Claim] = []
    others: list[tuple[str, Evidence]] = []
    text = facts.readme.text
    lines = text.splitlines()
    parsed = outline(text)
    seen: set[str] = set()
    for number, label, url in parsed.links:
        url = url.rstrip("`.,;:!?*_'\"")
        if url in seen or not url.startswith("http") or label.startswith("!"):
            continue
        seen.add(url)
        ev = Evidence(url, facts.readme.path, number)
        heading = next((h.text for h in reversed(parsed.headings) if h.line < number), "")
        context = " ".join((label, lines[number - 1] if number <= len(lines) else "", heading))
        platform = app_host(url)
        if TEMPORARY_HOST.match(url):
            others.append(("temporary", ev))
        elif platform is not None and platform.hosts is not None:
            claims.append(Claim(url, f"a {platform.name} app host", ev))
        elif not _real(url) or _vendor(label, url):
            if NOT_A_DEMO.search(_host(url)):
                others.append(("other", ev))
        elif (route := _route_of(urlsplit(url).path, routes)) and urlsplit(url).path.strip("/"):
            claims.append(Claim(url, f"its path is the app's route {route} (declared in {routes[route]})", ev))
        elif runnable and TIE.search(context) and not WRITTEN.search(f"{label} {heading}"):
            claims.append(Claim(url, "the README calls it the app, demo or API", ev))
    for block in parsed.blocks:
        claims += _shell_clients(facts.readme.path, block.text, routes, "a command in the README")[:1]
    return claims, others


def _vendor(label: str, url: str) -> bool:
    """Whether a link goes to the product its label names ([Render](https://render.com), [Groq API](https://console.groq.com/keys)): a vendor, not an instance."""
    word = re.sub(r"[^a-z0-9]", "", label.lower().removesuffix(" api").removesuffix(" cloud"))
    parts = _host(url).split(".")
    return bool(word) and len(parts) >= 2 and re.sub(r"[^a-z0-9]", "", parts[-2]) == word


def live_instances(facts: RepoFacts, services: tuple[Service, ...], runnable: bool) -> tuple[tuple[Claim, ...], tuple[tuple[str, Evidence], ...]]:
    """(claims, links): running instances the README or a client claims for this project's app, and README links that are not
    instances ('temporary' share links, 'other' blogs, notebooks, docs). Claims are never fetched."""
    routes = declared_routes(facts, services)
    claims, links = _readme(facts, routes, runnable)
    if routes:
        service_paths = frozenset(s.path for s in services)
        claims += _python_clients(code_units(facts), routes, service_paths)
        for path, kept in facts.texts.items():
            if path.endswith(".sh"):
                claims += _shell_clients(path, kept.text, routes, path)
    unique: dict[tuple[str, str | None], Claim] = {}
    for claim in claims:
        unique.setdefault((claim.url.rstrip("/"), claim.evidence.path), claim)
    return tuple(unique.values()), tuple(links)
