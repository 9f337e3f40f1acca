"""The consistency checker: relations read from an article, checked against the reference base and
against the rest of the same article. A contradiction becomes a `flag` saying what was read, what
the base (or the article) holds and why the two conflict.

What counts as a contradiction (why each rule):
- a friendly claim (backs, ally_of, proxy_of) between actors the base holds to be adversaries
  ("Israel, Iran's foremost ally"): error;
- a group called the proxy of (or backed by) someone other than its documented patrons, where
  nothing in the base supports the claim ("Yemen's proxy, the Houthis"): warning, or error when
  the claimed patron is an adversary of the group or of its patrons;
- an unnamed group placed in a country ("Israel's proxies in Syria and Lebanon") made the proxy of
  a state that is the adversary of the groups the base knows there and of their patrons: error;
- any friendly claim between two sides the article itself shows fighting each other (material
  conflict, told in another sentence than the claim), directly or through a group one side backs
  ("Israel's offensive against Hamas" while Iran backs Hamas): the flag says so.
True statements the base supports are never flagged; statements the base knows nothing about are
left alone (absence of knowledge is not a contradiction).
"""
from __future__ import annotations

from typing import Optional

from powderkeg.actors import sectors
from powderkeg.checks.reference import Alignment, Reference
from powderkeg.records import Actor, Event, Flag, Relation

FRIENDLY = {"backs", "ally_of", "proxy_of"}
# base relations that support a claim, as (relation, same direction?)
SUPPORTS = {
    "backs": [("backs", True), ("proxy_of", False), ("ally_of", True)],
    "proxy_of": [("proxy_of", True), ("backs", False)],
    "ally_of": [("ally_of", True), ("backs", True), ("backs", False)],
    "adversary_of": [("adversary_of", True)],
}


class Checker:
    def __init__(self, kb) -> None:
        self.kb = kb
        self.ref = Reference(kb)

    def _label(self, key: str) -> str:
        """A readable name for a base key: "IRN" -> "Iran"; group names stay as they are."""
        st = self.kb.state(key)
        return st.name if st is not None else key

    def read(self, ctx) -> list[Flag]:
        """The flags of a document (a `context.Reader`): its asserted relations checked against
        the base and its events. A negated or hypothetical relation asserts nothing to check."""
        relations = [r for r in ctx.records if isinstance(r, Relation) and not r.negated and not r.hypothetical]
        return self.check(ctx.document, relations, list(ctx.events))

    def check(self, doc, relations: list[Relation], events: list) -> list[Flag]:
        year = _year(doc.date)
        hostile = self._hostile_pairs(events)
        backed_in_article = self._article_backing(relations, year)
        flags: dict[tuple, Flag] = {}
        for rel in relations:
            # the article contradicts a claim elsewhere, not in the claim's own sentence, whose
            # reading the claim itself shapes ("backs the government ... against the rebels, providing airstrikes")
            elsewhere = [h for h in hostile if h[2].evidence.sentence_index != rel.evidence.sentence_index]
            found = self._contradiction(rel, year, elsewhere, backed_in_article)
            if found is None:
                continue
            severity, why, entries, article = found
            okey = self.ref.key(rel.object) or rel.object.country
            gkey = (rel.evidence.sentence_index, rel.relation, okey)
            claim = _claim(rel)
            if gkey in flags:  # one flag per statement: "proxies in Syria and Lebanon" is one claim
                f = flags[gkey]
                f.claim["subject"].extend(claim["subject"])
                f.claim["text"] = _join_text(doc.text, f.claim, claim)
                f.reference["base"].extend(e for e in entries if e not in f.reference["base"])
                f.reference["article"].extend(a for a in article if a not in f.reference["article"])
                if why not in f.message:
                    f.message += " " + why
                if severity == "error":
                    f.severity = "error"
                continue
            flags[gkey] = Flag(doc_id=doc.doc_id, evidence=rel.evidence, severity=severity, message=why,
                               claim=claim, reference={"base": entries, "article": article},
                               id=f"{doc.doc_id}#x{len(flags) + 1}")
        return list(flags.values())

    # ------------------------------------------------------------------ one relation
    def _contradiction(self, rel: Relation, year, hostile, backed_in_article) -> Optional[tuple]:
        s, o = rel.subject, rel.object
        sk, ok = self.ref.key(s), self.ref.key(o)
        read = f"read: {_name(s)}{_placed(s)} {rel.relation.replace('_', ' ')} {_name(o)}"
        if sk is not None and ok is not None and self._supported(sk, rel.relation, ok, year):
            return None
        entries: list[dict] = []
        reasons: list[str] = []
        severity = "warning"
        if rel.relation in FRIENDLY:
            if sk is not None and ok is not None:
                adv = self.ref.holds(sk, "adversary_of", ok, year)
                if adv:
                    severity = "error"
                    entries += [a.public() for a in adv]
                    reasons.append(f"the reference base holds {self._label(sk)} and {self._label(ok)} to be adversaries")
            if rel.relation in ("proxy_of", "backs"):
                group, patron = (s, o) if rel.relation == "proxy_of" else (o, s)
                gk, pk = (sk, ok) if rel.relation == "proxy_of" else (ok, sk)
                if gk is not None and pk is not None:
                    sev, why, ent = self._other_patron(gk, pk, year)
                elif gk is None and self.ref.is_unnamed_group(group) and pk is not None:
                    sev, why, ent = self._unnamed_group(group.country, pk, year)
                else:
                    sev, why, ent = None, None, []
                if why:
                    reasons.append(why)
                    entries += [e for e in ent if e not in entries]
                    if sev == "error":
                        severity = "error"
            article = self._in_article(s, o, sk, ok, hostile, backed_in_article)
        else:
            article = []
            if sk is not None and ok is not None:
                friends = [a for r in ("ally_of", "backs") for a in
                           self.ref.holds(sk, r, ok, year) + self.ref.holds(ok, r, sk, year)]
                if friends:
                    entries += [a.public() for a in friends]
                    reasons.append(f"the reference base holds {self._label(sk)} and {self._label(ok)} to be aligned")
        if article:
            reasons.append("the article itself reports " + "; ".join(a["text"] for a in article))
            if entries:
                severity = "error"
        if not reasons:
            return None
        return severity, f"{read}; but " + ", and ".join(reasons) + ".", entries, article

    def _supported(self, sk: str, relation: str, ok: str, year) -> bool:
        for r, same in SUPPORTS[relation]:
            if self.ref.holds(sk, r, ok, year) if same else self.ref.holds(ok, r, sk, year):
                return True
        return False

    def _other_patron(self, group: str, patron: str, year) -> tuple:
        pats = self.ref.patrons(group, year)
        if not pats or patron in pats:
            return None, None, []
        ent = [a.public() for a in pats.values()]
        hostile = self.ref.holds(patron, "adversary_of", group, year) + [
            a for p in pats for a in self.ref.holds(patron, "adversary_of", p, year)]
        names = ", ".join(self._label(p) for p in pats)
        why = (f"the reference base lists {names} as the backer of {self._label(group)}, and nothing in it "
               f"supports {self._label(patron)} in that role")
        return ("error" if hostile else "warning"), why, ent + [a.public() for a in hostile]

    def _unnamed_group(self, country: str, patron: str, year) -> tuple:
        groups = self.ref.groups_in(country)
        backed: dict[str, dict[str, Alignment]] = {g: self.ref.patrons(g, year) for g in groups}
        if any(patron in p for p in backed.values()):
            return None, None, []
        ent: list[dict] = []
        named: list[str] = []
        for g, pats in backed.items():
            hostile = self.ref.holds(patron, "adversary_of", g, year) + [
                a for p in pats for a in self.ref.holds(patron, "adversary_of", p, year)]
            if pats and hostile:
                named.append(f"{g} (backed by {', '.join(self._label(p) for p in pats)})")
                ent += [a.public() for a in list(pats.values()) + hostile if a.public() not in ent]
        if not named:
            return None, None, []
        why = (f"the armed groups the reference base knows in {self._label(country)} are "
               f"{'; '.join(named)}, adversaries of {self._label(patron)}")
        return "error", why, ent

    # ------------------------------------------------------------------ the article itself
    @staticmethod
    def _hostile_pairs(events: list) -> list[tuple[Actor, Actor, Event]]:
        out = []
        for e in events:
            # material conflict only: allies and backers accuse, warn and rebuke each other, they
            # do not fight each other
            if not isinstance(e, Event) or e.negated or e.hypothetical or e.quad != 4:
                continue
            for a in e.source:
                for b in e.target:
                    if a.country and b.country and a.country != b.country:
                        out.append((a, b, e))
        return out

    def _article_backing(self, relations: list[Relation], year) -> list[tuple[str, Actor]]:
        """ "X backs G" statements of the article that the base also holds: (X key, G)."""
        out = []
        for r in relations:
            if r.relation != "backs":
                continue
            sk, ok = self.ref.key(r.subject), self.ref.key(r.object)
            if sk and ok and self._supported(sk, "backs", ok, year):
                out.append((sk, r.object))
        return out

    def _in_article(self, s: Actor, o: Actor, sk, ok, hostile, backed_in_article) -> list[dict]:
        def side(k) -> set:
            return {k} if k else set()  # only actors the base can key: a region is not its state

        ss, os_ = side(sk), side(ok)
        found: list[dict] = []
        unnamed = sk is None and self.ref.is_unnamed_group(s)
        for a, b, e in hostile:
            for x, y in ((a, b), (b, a)):
                xs, ys = side(self.ref.key(x)), side(self.ref.key(y))
                direct = (xs & os_) and ((ys & ss) if not unnamed else (y.country == s.country
                                                                       and y.sector in sectors.GROUP))
                via = [p for p, g in backed_in_article if (xs & ss) and p in os_ and _same_actor(g, y)]
                if direct or via:
                    text = _event_text(e)
                    if via and not direct:
                        text += f": {_name(x)} in conflict with {_name(y)}, whom the article says {self._label(via[0])} backs"
                    item = {"event": e.id, "type": e.type, "text": text}
                    if item not in found:
                        found.append(item)
        return found[:3]


def _same_actor(a: Actor, b: Actor) -> bool:
    return (a.name or a.text) == (b.name or b.text) and a.country == b.country


def _event_text(e: Event) -> str:
    src = ", ".join(_name(a) for a in e.source) or "someone"
    tgt = ", ".join(_name(a) for a in e.target)
    return f"{e.type} {src} -> {tgt} (\"{e.trigger.text if e.trigger else ''}\")"


def _claim(rel: Relation) -> dict:
    return {"subject": [rel.subject.public()], "relation": rel.relation, "object": rel.object.public(),
            "text": rel.trigger.text if rel.trigger else rel.evidence.text,
            "span": list(rel.trigger.span) if rel.trigger else list(rel.evidence.span)}


def _join_text(text: str, a: dict, b: dict) -> str:
    start, end = min(a["span"][0], b["span"][0]), max(a["span"][1], b["span"][1])
    a["span"] = [start, end]
    return text[start:end]


def _name(a: Actor) -> str:
    return a.name or a.text


def _placed(a: Actor) -> str:
    """ " (in LBN)" for an unnamed group read with one of several places."""
    return f" ({a.country})" if not a.name and a.country and a.kind == "armed_group" else ""




def _year(date: Optional[str]) -> Optional[int]:
    try:
        return int(date[:4]) if date else None
    except ValueError:
        return None
