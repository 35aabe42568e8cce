"""A designation file for one actor: what the record holds about a unit or an official.

The form targeted-sanctions listings and universal-jurisdiction submissions take: who the
actor is (names in every script, aliases), the posts and command relations on record, the
deployments, the directives, and the incidents tied to them — directly (an incident actor),
through a deployment at the incident's place and time, or through command (a unit the person
commanded, or a unit under it, was deployed there then) — each tie with its chain of links
and every link with its sources. It states what sources claim; it is not a finding.

    file = designation(case, "irgc-ground-forces")
    Path("irgc-gf.md").write_text(render_markdown(file))
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from sqlalchemy import select

from sabt.actors.chain import _Record
from sabt.actors.timespan import Span, label
from sabt.case import Case
from sabt.claims.values import format_count
from sabt.errors import SabtError
from sabt.store import models
from sabt.text import normalize_text

DISCLAIMER = ("This file sets out what the cited sources claim about the actor, with each source's grade "
              "and the analyst's confidence in each datum. It is not a finding of fact or of responsibility.")


class ActorNotFound(SabtError):
    """No actor with that key in the case."""


@dataclass
class _Presence:
    unit_id: int
    deployment: models.Deployment
    span: Span
    path: list[dict]


def _dated(row) -> dict:
    return {"from": label(row.start_date, row.start_precision), "to": label(row.end_date, row.end_precision)}


def _find_actor(session, key: str) -> models.Actor:
    actor = session.scalars(select(models.Actor).where(models.Actor.key == key)).first()
    if actor is None:
        folded = normalize_text(key).casefold()
        for candidate in session.scalars(select(models.Actor)):
            names = [candidate.name, candidate.name_fa, candidate.name_ar, *(candidate.aliases or [])]
            if any(n and normalize_text(n).casefold() == folded for n in names):
                return candidate
        raise ActorNotFound(f"no unit or person {key!r} in the case (give its key, name or alias)")
    return actor


def _subordinate_presence(record: _Record, deployments, unit_id: int, span: Span, path: list[dict],
                          trail: tuple[int, ...] = ()) -> list[_Presence]:
    """Deployments of ``unit_id`` and of every unit under its command, within ``span``."""
    found: list[_Presence] = []
    for deployment in deployments.get(unit_id, []):
        overlap = Span.of_row(deployment).intersect(span)
        if overlap is None:
            continue
        step = {"link": "deployment", "text": f"{record.actors[unit_id].name} deployed at "
                f"{deployment.place_text or deployment.place_key} ({Span.of_row(deployment).text()})",
                "confidence": deployment.confidence, "sources": record.cited("deployments", deployment.id)}
        found.append(_Presence(unit_id, deployment, overlap, path + [step]))
    for parentage in record.parentages:
        if parentage.parent_id != unit_id or parentage.relation != "command" or parentage.child_id in trail:
            continue
        overlap = Span.of_row(parentage).intersect(span)
        if overlap is None:
            continue
        step = {"link": "parentage", "text": f"{record.actors[parentage.child_id].name} under the command of "
                f"{record.actors[unit_id].name} ({Span.of_row(parentage).text()})",
                "confidence": parentage.confidence, "sources": record.cited("parentages", parentage.id)}
        found.extend(_subordinate_presence(record, deployments, parentage.child_id, overlap, path + [step],
                                           trail + (unit_id,)))
    return found


def _place_match(record: _Record, deployment_key: str | None, incident_key: str | None) -> str | None:
    if not deployment_key or not incident_key:
        return None
    if deployment_key == incident_key:
        return "place"
    dep, inc = record.places.get(deployment_key), record.places.get(incident_key)
    if dep is None or inc is None:
        return None
    if inc.kind == "country":
        return "within"  # a nationwide incident: the deployment is one part of its area
    if dep.kind == "country":
        return "country"
    if dep.kind == "province" and inc.province_code == dep.key:
        return "province"
    if inc.kind == "province" and dep.province_code == inc.key:
        return "within"
    return None


def _incident_span(incident: models.Incident) -> Span | None:
    if incident.start_date is None:
        return None
    precision = incident.date_precision if incident.date_precision in ("day", "month", "year") else "day"
    return Span.of(incident.start_date, precision, incident.end_date or incident.start_date, precision).as_window()


def designation(case: Case, actor_key: str) -> dict:
    """Everything the record holds about one actor, and the incidents tied to it, with sources."""
    with case.session() as session:
        record = _Record(session)
        actor = _find_actor(session, actor_key)
        used_sources: set[str] = set()

        def cite(table, row_id):
            refs = record.cited(table, row_id)
            used_sources.update(r["source_id"] for r in refs)
            return refs

        result: dict = {
            "generated": dt.date.today().isoformat(),
            "disclaimer": DISCLAIMER,
            "actor": {"key": actor.key, "kind": actor.kind, "name": actor.name, "name_fa": actor.name_fa,
                      "name_ar": actor.name_ar, "aliases": list(actor.aliases or []),
                      "classification": actor.classification, "country": actor.country,
                      "description": actor.description, "sources": cite("actors", actor.id)},
            "posts": [], "parents": [], "subordinates": [], "deployments": [], "directives": [],
            "involvements": [], "incidents": [], "claims_naming": [], "sources": [],
        }
        for post in record.posts:
            if actor.id not in (post.person_id, post.unit_id):
                continue
            result["posts"].append({"person": record.actor_ref(post.person_id), "unit": record.actor_ref(post.unit_id),
                                    "role": post.role, "rank": post.rank, "title": post.title,
                                    "is_command": post.is_command, **_dated(post), "confidence": post.confidence,
                                    "sources": cite("posts", post.id)})
        for parentage in record.parentages:
            if actor.id == parentage.child_id:
                result["parents"].append({"unit": record.actor_ref(parentage.parent_id), "relation": parentage.relation,
                                          **_dated(parentage), "confidence": parentage.confidence,
                                          "sources": cite("parentages", parentage.id)})
            elif actor.id == parentage.parent_id:
                result["subordinates"].append({"unit": record.actor_ref(parentage.child_id),
                                               "relation": parentage.relation, **_dated(parentage),
                                               "confidence": parentage.confidence,
                                               "sources": cite("parentages", parentage.id)})
        all_deployments: dict[int, list[models.Deployment]] = {}
        for deployment in session.scalars(select(models.Deployment).order_by(models.Deployment.start_date)):
            all_deployments.setdefault(deployment.unit_id, []).append(deployment)
        for deployment in all_deployments.get(actor.id, []):
            result["deployments"].append({"place": record.place_ref(deployment.place_key, deployment.place_text),
                                          "role": deployment.role,
                                          "strength": {"low": deployment.strength_low, "best": deployment.strength_best,
                                                       "high": deployment.strength_high},
                                          **_dated(deployment), "confidence": deployment.confidence,
                                          "sources": cite("deployments", deployment.id)})

        incidents = {i.id: i for i in session.scalars(select(models.Incident).order_by(models.Incident.start_date))}
        ties: dict[int, list[dict]] = {}
        for link in session.scalars(select(models.IncidentActor).where(models.IncidentActor.actor_id == actor.id)):
            incident = incidents.get(link.incident_id)
            if incident is None:
                continue
            entry = {"incident": _incident_ref(incident), "involvement": link.involvement,
                     "confidence": link.confidence, "sources": cite("incident_actors", link.id)}
            if incident.type == "directive" and link.involvement == "ordered":
                entry["description"] = incident.description
                result["directives"].append(entry)
            else:
                result["involvements"].append(entry)
                ties.setdefault(incident.id, []).append({"how": "involvement", "degree": link.involvement,
                                                         "path": [{"link": "incident actor",
                                                                   "text": f"{actor.name}: {link.involvement}",
                                                                   "confidence": link.confidence,
                                                                   "sources": entry["sources"]}]})

        presences: list[_Presence] = []
        if actor.kind == "unit":
            presences = _subordinate_presence(record, all_deployments, actor.id, Span(None, None, None, None), [])
        else:
            for post in record.posts:
                if post.person_id != actor.id or not post.is_command:
                    continue
                step = {"link": "post", "text": f"{actor.name}, {post.role or post.title} of "
                        f"{record.actors[post.unit_id].name} ({Span.of_row(post).text()})",
                        "confidence": post.confidence, "sources": record.cited("posts", post.id)}
                presences.extend(_subordinate_presence(record, all_deployments, post.unit_id, Span.of_row(post), [step]))
        from sabt.law.statute import load_mapping

        mapping = load_mapping()
        for presence in presences:
            for incident in incidents.values():
                # place and time tie a force only to violations (types that map to an act of
                # art. 7(1)); deployments, directives and the like tie only by explicit involvement
                if not mapping.acts_for(incident.type):
                    continue
                specificity = _place_match(record, presence.deployment.place_key, incident.place_key)
                window = _incident_span(incident)
                if specificity is None or window is None or not presence.span.overlaps(window):
                    continue
                how = "deployment" if presence.unit_id == actor.id else "command"
                for step in presence.path:
                    used_sources.update(s["source_id"] for s in step["sources"])
                ties.setdefault(incident.id, []).append({
                    "how": how, "specificity": specificity,
                    "less_specific": specificity in ("province", "country", "within"),
                    "uncertain_dates": Span.of_row(presence.deployment).uncertain_within(window),
                    "path": presence.path})
        for incident_id, incident_ties in ties.items():
            result["incidents"].append({"incident": _incident_ref(incidents[incident_id]), "ties": incident_ties,
                                        "less_specific": all(t.get("less_specific") for t in incident_ties)})
        # the specific ties first (involvement, same place), then those through a wider area
        result["incidents"].sort(key=lambda e: (e["less_specific"], e["incident"]["start_date"] or "",
                                                e["incident"]["id"]))

        names = {normalize_text(n).casefold() for n in
                 [actor.name, actor.name_fa, actor.name_ar, *(actor.aliases or [])] if n and len(n) >= 4}
        for claim in session.scalars(select(models.Claim).where(models.Claim.superseded.is_(False))):
            text = normalize_text(" ".join(filter(None, [claim.actor_text, claim.attributed_to]))).casefold()
            if text and any(name in text for name in names):
                used_sources.add(claim.source_id)
                result["claims_naming"].append({
                    "key": claim.key, "metric": claim.metric, "best": claim.best, "low": claim.low,
                    "high": claim.high, "qualifier": claim.qualifier,
                    "value": format_count(claim.low, claim.best, claim.high, claim.qualifier)
                    if any(v is not None for v in (claim.low, claim.best, claim.high)) or claim.qualifier else None,
                    "as_of": claim.as_of.isoformat() if claim.as_of else None,
                    "actor_text": claim.actor_text, "quote": claim.quote, "source_id": claim.source_id,
                    "grade": f"{claim.reliability or (record.sources[claim.source_id].reliability if claim.source_id in record.sources else None) or '?'}"
                             f"{claim.credibility or '?'}", "status": claim.status})
        for sid in sorted(used_sources):
            source = record.sources.get(sid)
            result["sources"].append({"id": sid, "name": source.name if source else None,
                                      "publisher": source.publisher if source else None,
                                      "url": source.url if source else None,
                                      "reliability": source.reliability if source else None})
        return result


def _incident_ref(incident: models.Incident) -> dict:
    return {"id": incident.id, "key": incident.key, "title": incident.title, "type": incident.type,
            "start_date": incident.start_date.isoformat() if incident.start_date else None,
            "end_date": incident.end_date.isoformat() if incident.end_date else None,
            "place_key": incident.place_key, "place_text": incident.place_text}


# -- rendering -----------------------------------------------------------------------------
def _refs(sources: list[dict]) -> str:
    if not sources:
        return "*(no source on record)*"
    parts = []
    for s in sources:
        quote = f' — "{s["quote"]}"' if s.get("quote") else ""
        parts.append(f"[{s['source_id']}]{quote} ({s.get('confidence') or '?'} confidence)")
    return "; ".join(parts)


def _span(entry: dict) -> str:
    return f"{entry.get('from') or '…'} – {entry.get('to') or '…'}"


def render_markdown(file: dict) -> str:
    """The designation file as Markdown (what the CLI writes for ``-o NAME.md``)."""
    a = file["actor"]
    lines = [f"# Designation file: {a['name']}", "", f"*{file['disclaimer']}*", "",
             f"Generated {file['generated']} by sabt.", "", "## Identity", "",
             f"- key: `{a['key']}`", f"- kind: {a['kind']}"]
    for field, title in (("name_fa", "Persian name"), ("name_ar", "Arabic name"), ("classification", "classification"),
                         ("country", "country"), ("description", "description")):
        if a.get(field):
            lines.append(f"- {title}: {a[field]}")
    if a["aliases"]:
        lines.append(f"- aliases: {', '.join(a['aliases'])}")
    lines.append(f"- sources: {_refs(a['sources'])}")
    if file["posts"]:
        lines += ["", "## Posts", ""]
        for p in file["posts"]:
            who = p["person"]["name"] if a["kind"] == "unit" else p["unit"]["name"]
            role = ", ".join(filter(None, [p["role"], p["title"], p["rank"]]))
            lines.append(f"- {who} — {role}{' (command)' if p['is_command'] else ''}, {_span(p)}, "
                         f"confidence {p['confidence']}: {_refs(p['sources'])}")
    for key, title in (("parents", "Under"), ("subordinates", "Units under it")):
        if file[key]:
            lines += ["", f"## {title}", ""]
            for p in file[key]:
                lines.append(f"- {p['unit']['name']} ({p['relation']}), {_span(p)}, confidence {p['confidence']}: "
                             f"{_refs(p['sources'])}")
    if file["deployments"]:
        lines += ["", "## Deployments", ""]
        for d in file["deployments"]:
            strength = d["strength"]["best"] or d["strength"]["low"]
            lines.append(f"- {d['place']['name']}{' (' + d['role'] + ')' if d['role'] else ''}, {_span(d)}"
                         f"{f', strength {strength}' if strength else ''}, confidence {d['confidence']}: "
                         f"{_refs(d['sources'])}")
    if file["directives"]:
        lines += ["", "## Directives", ""]
        for d in file["directives"]:
            lines.append(f"- {d['incident']['start_date']}: {d['incident']['title']}: {_refs(d['sources'])}")
    if file["incidents"]:
        lines += ["", "## Incidents tied to the actor", ""]
        for entry in file["incidents"]:
            i = entry["incident"]
            lines.append(f"### {i['title']} ({i['start_date'] or '?'}"
                         f"{' – ' + i['end_date'] if i['end_date'] and i['end_date'] != i['start_date'] else ''}, "
                         f"{i['place_text'] or i['place_key'] or '?'})")
            lines.append("")
            for tie in entry["ties"]:
                flag = (" — less specific (the deployment or the incident is recorded only for a wider area)"
                        if tie.get("less_specific") else "")
                lines.append(f"- through {tie['how']}{flag}:")
                for step in tie["path"]:
                    lines.append(f"  - {step['text']}, confidence {step['confidence']}: {_refs(step['sources'])}")
            lines.append("")
    if file["claims_naming"]:
        lines += ["", "## Claims that name the actor", ""]
        for c in file["claims_naming"]:
            lines.append(f"- [{c['source_id']}, {c['grade']}, {c['status']}] {c['metric']}"
                         f"{' ' + c['value'] if c['value'] else ''}: \"{c['quote'] or c['actor_text']}\"")
    lines += ["", "## Sources", ""]
    for s in file["sources"]:
        lines.append(f"- **{s['id']}** {s['name'] or ''}{', ' + s['publisher'] if s['publisher'] else ''}"
                     f"{' (reliability ' + s['reliability'] + ')' if s['reliability'] else ''}"
                     f"{' <' + s['url'] + '>' if s['url'] else ''}")
    return "\n".join(lines).rstrip() + "\n"


def render_html(file: dict) -> str:
    """The designation file as one self-contained HTML page (no external assets)."""
    e = html.escape

    def refs(sources):
        if not sources:
            return "<em>no source on record</em>"
        return "; ".join(f'<a href="#src-{e(s["source_id"])}">{e(s["source_id"])}</a>'
                         + (f" — “{e(s['quote'])}”" if s.get("quote") else "")
                         + f" ({e(s.get('confidence') or '?')})" for s in sources)

    a = file["actor"]
    out = ["<!doctype html><html lang='en'><head><meta charset='utf-8'>",
           f"<title>Designation file: {e(a['name'])}</title>",
           ("<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}"
            "td,th{border:1px solid #ccc;padding:.3em;vertical-align:top}table{border-collapse:collapse}"
            ".fa,.ar{direction:rtl}</style></head><body>"),
           f"<h1>Designation file: {e(a['name'])}</h1><p><em>{e(file['disclaimer'])}</em></p>",
           f"<p>Generated {e(file['generated'])} by sabt.</p><h2>Identity</h2><ul>",
           f"<li>key: <code>{e(a['key'])}</code></li><li>kind: {e(a['kind'])}</li>"]
    if a.get("name_fa"):
        out.append(f"<li>Persian name: <span class='fa' lang='fa'>{e(a['name_fa'])}</span></li>")
    if a.get("name_ar"):
        out.append(f"<li>Arabic name: <span class='ar' lang='ar'>{e(a['name_ar'])}</span></li>")
    for field in ("classification", "country", "description"):
        if a.get(field):
            out.append(f"<li>{field}: {e(a[field])}</li>")
    if a["aliases"]:
        out.append(f"<li>aliases: {e(', '.join(a['aliases']))}</li>")
    out.append(f"<li>sources: {refs(a['sources'])}</li></ul>")

    def table(title, header, rows):
        if not rows:
            return
        out.append(f"<h2>{e(title)}</h2><table><tr>" + "".join(f"<th>{e(h)}</th>" for h in header) + "</tr>")
        for row in rows:
            out.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>")
        out.append("</table>")

    table("Posts", ["person / unit", "role", "from", "to", "confidence", "sources"],
          [[e(p["person"]["name"] if a["kind"] == "unit" else p["unit"]["name"]),
            e(", ".join(filter(None, [p["role"], p["title"], p["rank"]])) + (" (command)" if p["is_command"] else "")),
            e(p["from"] or "…"), e(p["to"] or "…"), e(p["confidence"] or "?"), refs(p["sources"])] for p in file["posts"]])
    for key, title in (("parents", "Under"), ("subordinates", "Units under it")):
        table(title, ["unit", "relation", "from", "to", "confidence", "sources"],
              [[e(p["unit"]["name"]), e(p["relation"]), e(p["from"] or "…"), e(p["to"] or "…"),
                e(p["confidence"] or "?"), refs(p["sources"])] for p in file[key]])
    table("Deployments", ["place", "role", "from", "to", "confidence", "sources"],
          [[e(d["place"]["name"] or "?"), e(d["role"] or ""), e(d["from"] or "…"), e(d["to"] or "…"),
            e(d["confidence"] or "?"), refs(d["sources"])] for d in file["deployments"]])
    table("Directives", ["date", "directive", "sources"],
          [[e(d["incident"]["start_date"] or "?"), e(d["incident"]["title"]), refs(d["sources"])]
           for d in file["directives"]])
    if file["incidents"]:
        out.append("<h2>Incidents tied to the actor</h2>")
        for entry in file["incidents"]:
            i = entry["incident"]
            out.append(f"<h3>{e(i['title'])} ({e(i['start_date'] or '?')}, {e(i['place_text'] or i['place_key'] or '?')})</h3><ul>")
            for tie in entry["ties"]:
                flag = " — less specific" if tie.get("less_specific") else ""
                out.append(f"<li>through {e(tie['how'])}{flag}<ul>")
                out.extend(f"<li>{e(step['text'])}, confidence {e(step['confidence'] or '?')}: {refs(step['sources'])}</li>"
                           for step in tie["path"])
                out.append("</ul></li>")
            out.append("</ul>")
    table("Claims that name the actor", ["source", "grade", "status", "metric", "quote"],
          [[e(c["source_id"]), e(c["grade"]), e(c["status"]), e(c["metric"]), e(c["quote"] or c["actor_text"] or "")]
           for c in file["claims_naming"]])
    out.append("<h2>Sources</h2><ul>")
    for s in file["sources"]:
        link = f' <a href="{e(s["url"])}">{e(s["url"])}</a>' if s["url"] else ""
        out.append(f"<li id='src-{e(s['id'])}'><strong>{e(s['id'])}</strong> {e(s['name'] or '')}"
                   f"{', ' + e(s['publisher']) if s['publisher'] else ''}"
                   f"{' (reliability ' + e(s['reliability']) + ')' if s['reliability'] else ''}{link}</li>")
    out.append("</ul></body></html>")
    return "\n".join(out)
