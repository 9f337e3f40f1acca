"""Actor mentions in a parsed document, resolved in context.

Four passes over the tokens, each cheap:
1. match: knowledge-base names (case-sensitive) and role nouns (case-insensitive), longest first;
   spaCy's named entities fill the gaps (unknown people and organisations);
2. compose: a role noun takes its country from what stands beside it ("Iran's Minister of
   Defence", "Israeli jets", "Hamas-led officials", "President of France"), and a title or
   description apposed to a name is merged into it ("US Secretary of State, Antony Blinken";
   "Yemen's proxy, the Houthis");
3. refer back: surnames, pronouns, "the group", "the strip" take an earlier mention's actor;
4. fill in: a role noun with no country takes the country of a recent actor of the same sector.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Optional

import yaml

from powderkeg.actors.build import DATA
from powderkeg.actors.kb import Agent, Entity, KnowledgeBase
from powderkeg.records import Actor

POSSESSIVE = {"'s", "’s", "'", "’"}
NON_STATE = ("IGO", "NGO", "IMG", "MNC")
LEAD_SENTENCES = 4
ARMED = ("MIL", "REB", "UAF", "SPY")  # the title, the dateline and the lead
CIVIL_ROLES = ("LEG", "PTY", "CVL", "SOC", "EDU", None)
ROLE_PRIORITY = {"name": 0, "metonym": 1, "demonym": 2, "adj": 3, "place": 4}


@lru_cache(maxsize=1)
def words_config() -> dict:
    return yaml.safe_load((DATA / "lexicon" / "words.yaml").read_text(encoding="utf-8"))


_WORDS = words_config()
LED = set(_WORDS["led_participles"])  # "Hamas-led officials"
BACKED = set(_WORDS["backed_participles"])  # "Iranian-backed militias"
TITLE_QUALIFIERS = set(_WORDS["title_qualifiers"])  # "X, former president of Zimbabwe"
FORMER = set(_WORDS["former_words"])  # "a retired nurse": the country, not the sector


@dataclass
class Mention:
    start: int  # token index
    end: int  # token index, exclusive
    actor: Actor
    role: str  # name | adj | demonym | metonym | agent | ner | place | pronoun | anaphor
    entity: Optional[Entity] = None
    place: Optional[Entity] = None  # the place this mention names, if any
    agent: Optional[Agent] = None
    sent: int = 0
    patron: Optional[Actor] = None  # "Iranian-backed militias": the backer
    descriptor: Optional[dict] = None  # "Yemen's proxy, the Houthis": {"noun": "proxy", "of": Actor}
    plural: bool = False
    via: Optional[str] = None  # how it was resolved when not directly (surname, pronoun, context)
    parts: list = field(default_factory=list)  # (start, end) of merged pieces
    foreign_modifier: bool = False  # an unresolved group name stands before it ("Arab ministers")
    tail_end: Optional[int] = None  # end of a following "of <state>" that gave it its country
    generic_of: Optional[Actor] = None  # "Senate": the base's reading, used when the article's state is its state

    @property
    def is_actor(self) -> bool:
        return self.role not in ("place", "adj") or self.actor.country is not None and self.role == "adj"

    def contains(self, i: int) -> bool:
        return self.start <= i < self.end


@dataclass
class DocActors:
    mentions: list[Mention]
    by_token: dict[int, Mention]
    places: list[Mention]

    def at(self, i: int) -> Optional[Mention]:
        return self.by_token.get(i)


class Resolver:
    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        w = words_config()
        self.pron_person = set(w["pronouns"]["person"])
        self.pron_group = set(w["pronouns"]["group"])
        self.pron_thing = set(w["pronouns"]["thing"])
        self.anaphoric = {n: k for k, ns in w["anaphoric_nouns"].items() for n in ns}
        self.descriptor_nouns = {d for e in kb.entities if e.type == "place" for d in e.descriptors}
        self.reporting = set(w["reporting"])

    # ------------------------------------------------------------------ public
    def resolve(self, doc, date: Optional[str] = None) -> DocActors:
        sent_of = {}
        for si, s in enumerate(doc.sents):
            for t in s:
                sent_of[t.i] = si
        ments = self._match(doc, date, sent_of)
        ments = self._compose(doc, ments, date)
        self._refer_back(doc, ments, sent_of)
        self._fill_in(ments, doc)
        by_token: dict[int, Mention] = {}
        places = []
        for m in ments:
            for i in range(m.start, m.end):
                by_token[i] = m
            if m.place is not None:
                places.append(m)
        return DocActors(ments, by_token, places)

    # ------------------------------------------------------------------ pass 1
    def _match(self, doc, date, sent_of) -> list[Mention]:
        kb = self.kb
        words = [t.text for t in doc]
        lower = [t.lower_ for t in doc]
        ent_at: dict[int, object] = {}
        for e in doc.ents:
            for i in range(e.start, e.end):
                ent_at[i] = e
        surnames = self._person_surnames(doc)
        out: list[Mention] = []
        i, n = 0, len(doc)
        while i < n:
            tok = doc[i]
            if tok.is_space or tok.is_punct:
                i += 1
                continue
            if tok.lower_ == "the" and i + 1 < n and (kb.match_name(words, i + 1) or kb.match_agent(lower, i + 1)):
                i += 1
                continue
            nm = kb.match_name(words, i)
            ag = kb.match_agent(lower, i)
            if nm and nm[0] == 1 and all(kb.entities[x].type == "place" and kb.entities[x].kind == "city"
                                         for x, _ in nm[1]) and i in ent_at \
                    and ent_at[i].label_ in ("ORG", "PERSON") and out and ent_at[i].start <= out[-1].start < i:
                nm = None  # "Amnesty International Man-kei Tam": not the Ivorian city of Man
            if nm and i >= 2 and doc[i - 1].text in ("-", "–") and lower[i - 2] in ("pro", "anti"):
                # "pro-Beijing candidates", "anti-Russian": the camp's stance, not the state as an actor
                i += nm[0]
                continue
            if nm and nm[0] == 1 and words[i] in surnames and (i not in ent_at or ent_at[i].label_ == "PERSON") \
                    and not any(kb.entities[x].type == "person" for x, _ in nm[1]):
                # "Bolton", "Amman" after "John R. Bolton", "Sudesh Amman": the person, not the place
                out.append(Mention(i, i + 1, self._span_actor(doc, i, i + 1, name=words[i], kind="person"),
                                   "ner", sent=sent_of.get(i, 0)))
                i += 1
                continue
            org = self._org_naming_state(doc, i, nm, ag, ent_at, words, lower)
            if org is not None:
                m = self._from_ner(doc, org, sent_of.get(i, 0), start=i)
                if m is not None:
                    out.append(m)
                    i = m.end
                    continue
            if nm and (not ag or nm[0] >= ag[0]):
                length, refs = nm
                m = self._from_refs(doc, i, i + length, refs, date, ent_at)
                if m is not None:
                    m.sent = sent_of.get(i, 0)
                    out.append(m)
                    i += length
                    continue
            if ag and ag[0] == 1 and not (out and out[-1].end == i and out[-1].role in ("name", "adj", "metonym")) \
                    and (tok.tag_ == "JJ" and ag[1].kind != "armed_group" or i + 2 < n and doc[i + 1].text in ("-", "–")
                         and not tok.whitespace_ and doc[i + 2].is_lower):
                ag = None  # "general election", "local media", "Party-goers": not the role noun
            if ag:
                length, agent = ag
                # a role word inside a proper name ("Amnesty International", "Party of God") is not a role
                e = ent_at.get(i)
                if e is not None and e.label_ in ("PERSON", "ORG", "FAC", "WORK_OF_ART", "EVENT", "LAW") and (
                        e.start < i or e.end > i + length) and agent.sector not in ("GOV", "MIL", "LEG", "JUD", "COP") \
                        and e.label_ != "ORG":
                    pass
                else:
                    out.append(self._agent_mention(doc, i, i + length, agent, sent_of.get(i, 0)))
                    i += length
                    continue
            e = ent_at.get(i)
            if e is not None and e.start == i and e.label_ in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"):
                m = self._from_ner(doc, e, sent_of.get(i, 0))
                if m is not None:
                    out.append(m)
                    i = e.end
                    continue
            low = tok.lower_
            if tok.pos_ == "PRON" and (low in self.pron_person or low in self.pron_group or low in self.pron_thing):
                out.append(Mention(i, i + 1, Actor(text=tok.text), "pronoun", sent=sent_of.get(i, 0)))
            elif low in self.anaphoric or low in self.descriptor_nouns:
                if i > 0 and doc[i - 1].lower_ == "the":
                    out.append(Mention(i - 1, i + 1, Actor(text=doc[i - 1:i + 1].text), "anaphor",
                                       sent=sent_of.get(i, 0)))
            i += 1
        return self._unclaimed_names(doc, out, sent_of)

    def _unclaimed_names(self, doc, out: list[Mention], sent_of) -> list[Mention]:
        """Personal names the model did not find because a knowledge-base name took their first word
        ("Regina Ip from the camp": the city of Regina) or ran into them ("Chief Executive of Hong
        Kong Carrie Lam"): a run of capitalised proper nouns no mention covers, right after a city name
        or after a capitalised title and its "of <place>"."""
        covered = {i for m in out for i in range(m.start, m.end)}

        def run(k: int, org_ok: bool = False) -> int:
            e = k
            while e < len(doc) and e - k < 3 and e not in covered and doc[e].tag_ == "NNP" \
                    and doc[e].text[:1].isupper() and doc[e].is_alpha \
                    and doc[e].ent_type_ not in (("DATE",) if org_ok else ("ORG", "DATE")):
                e += 1
            return e

        extra, drop = [], set()
        for idx, m in enumerate(out):
            if m.role == "place" and m.place is not None and m.place.kind == "city" and m.end - m.start == 1 \
                    and (m.start == 0 or doc[m.start - 1].pos_ not in ("ADP",)) and doc[m.start].ent_type_ != "GPE":
                # spaCy may take "Regina Ip" for an organisation named after the city: still a person's name
                e = run(m.end, org_ok=doc[m.start].ent_type_ == "ORG" and doc[m.start].ent_iob_ == "B")
                if e == m.end + 1 and (e >= len(doc) or doc[e].tag_ != "NNP"):
                    drop.add(idx)
                    extra.append(Mention(m.start, e, self._span_actor(doc, m.start, e, name=doc[m.start:e].text,
                                                                     kind="person"), "ner", sent=m.sent))
            elif m.role == "adj" and m.actor.country and m.end < len(doc) and m.end not in covered:
                e = run(m.end)  # "Canadian Jane Doe": a nationality before a name the model missed
                if e - m.end >= 2 and (e >= len(doc) or doc[e].tag_ != "NNP"):
                    extra.append(Mention(m.end, e, self._span_actor(doc, m.end, e, name=doc[m.end:e].text,
                                                                   kind="person"), "ner", sent=m.sent))
            elif m.role == "agent" and m.agent is not None and m.agent.title and doc[m.start].text[:1].isupper() \
                    and m.end < len(doc) and doc[m.end].lower_ == "of":
                k = m.end + 1
                nxt = next((x for x in out if x.start == k), None)
                while nxt is not None and nxt.role in ("place", "name", "adj", "metonym") and nxt.actor.kind in ("state", "place"):
                    k = nxt.end
                    nxt = next((x for x in out if x.start == k), None)
                if k == m.end + 1:
                    continue
                e = run(k)
                if e - k >= 2 and (e >= len(doc) or doc[e].tag_ != "NNP"):
                    extra.append(Mention(k, e, self._span_actor(doc, k, e, name=doc[k:e].text, kind="person"), "ner",
                                         sent=sent_of.get(k, 0)))
        out = sorted([m for i, m in enumerate(out) if i not in drop] + extra, key=lambda m: m.start)
        return self._loose_names(doc, out, sent_of)

    NOT_NAME_ENTS = ("DATE", "TIME", "GPE", "LOC", "NORP", "MONEY", "CARDINAL", "ORDINAL", "PERCENT", "QUANTITY",
                     "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "LANGUAGE")

    def _name_run(self, doc, k: int, covered: set[int]) -> int:
        """End of a run of capitalised proper-noun tokens from k ("Man-kei Tam": a hyphen joins parts)."""
        e = k
        while e < len(doc) and e - k < 6 and e not in covered and doc[e].ent_type_ not in self.NOT_NAME_ENTS:
            t = doc[e]
            if t.tag_ == "NNP" and t.is_alpha and t.text[:1].isupper():
                e += 1
            elif t.text in ("-", "‐") and e > k and not doc[e - 1].whitespace_ and e + 1 < len(doc) \
                    and not t.whitespace_ and doc[e + 1].is_alpha and doc[e + 1].i not in covered:
                e += 2
            else:
                break
        return e

    def _person_evidence(self, doc, k: int, e: int, before: Optional[Mention], speaking: bool = True) -> bool:
        """Does the sentence say the capitalised run k..e is a person? A title right before it ("Voter
        Kitty Mak"), a role in apposition after it ("Alexis Boon, the head of ..."), or being the one
        who speaks ("... Man-kei Tam said")."""
        if before is not None and before.end == k and before.role == "agent" and before.agent is not None:
            # "Voter Kitty Mak" is a person; "software company Red Hat" is not
            return before.agent.kind in ("person", "population") and doc[before.start].text[:1].isupper()
        head = doc[k:e].root
        for c in head.children:
            a = self.kb.match_agent([c.lower_], 0) if c.dep_ == "appos" and c.i >= e and c.tag_ in ("NN", "NNS") else None
            if a is not None and (a[1].kind == "person" or a[1].title):
                return True
        if head.dep_ == "conj" and head.head.ent_type_ == "PERSON" \
                or any(c.dep_ == "conj" and c.ent_type_ == "PERSON" for c in head.children):
            return True  # "Dick Durbin and ... Adam Schiff", "Darin LaHood and Mike Bost"
        if speaking and head.dep_ in ("nsubj", "nsubjpass") and head.head.pos_ == "VERB" \
                and head.head.lemma_.lower() in self.reporting:
            return True
        if not speaking and e + 1 < len(doc) and doc[e].lower_ == "of":
            nxt = doc[e + 2] if doc[e + 1].lower_ == "the" and e + 2 < len(doc) else doc[e + 1]
            if nxt.ent_type_ in ("ORG", "GPE") and nxt.text[:1].isupper():
                return True  # "Nikki Holland of the UK's National Crime Agency", "X of Rogaland Fire and Rescue"
        return False

    def _loose_names(self, doc, out: list[Mention], sent_of) -> list[Mention]:
        """Personal names the small model missed or took for an organisation ("Ricardo Rosselló Nevares,
        Puerto Rico's governor"; "Voter Kitty Mak told"; "Hong Kong director of Amnesty International
        Man-kei Tam said"): a run of capitalised proper nouns with no organisation word in it, which
        the sentence shows to be a person. A lone surname counts when a full name of the document
        ends with it."""
        claimed = {i for m in out if m.actor.kind != "person" or m.entity is not None for i in range(m.start, m.end)}
        surnames = self._person_surnames(doc, claimed) | {m.actor.name.split()[-1] for m in out
                                                          if m.entity is not None and m.entity.type == "person"
                                                          and m.actor.name and " " in m.actor.name}
        # a one-word city the model did not take for a place may be a name's first word ("Man-kei Tam")
        weak = {id(m) for m in out if m.role == "place" and m.place is not None and m.place.kind == "city"
                and m.end - m.start == 1 and doc[m.start].ent_type_ not in ("GPE", "LOC", "FAC")}
        covered: dict[int, Mention] = {i: m for m in out if id(m) not in weak for i in range(m.start, m.end)}
        # organisation-labelled mentions the base does not know and no word marks as an organisation
        for idx, m in enumerate(out):
            if m.role == "ner" and m.actor.kind == "organization" and m.actor.sector is None:
                words = [t.text for t in doc[m.start:m.end]]
                if self._name_run(doc, m.start, set()) >= m.end and 2 <= len(words) <= 4 \
                        and self.kb.org_sector(words) is None \
                        and self._person_evidence(doc, m.start, m.end, out[idx - 1] if idx else None, speaking=False):
                    # companies say things too: a title, a role in apposition or "X of the <body>" is needed
                    m.actor.kind, m.actor.country = "person", None
        extra = []
        i = 0
        prev: Optional[Mention] = None
        while i < len(doc):
            if i in covered:
                prev = covered[i]
                i = prev.end
                continue
            t = doc[i]
            if t.tag_ != "NNP" or not t.text[:1].isupper() or (i > 0 and doc[i - 1].tag_ == "NNP" and i - 1 not in covered):
                i += 1
                continue
            e = self._name_run(doc, i, set(covered))
            words = [w.text for w in doc[i:e] if w.is_alpha]
            lower = [w.lower_ for w in doc[i:e]]
            ok = (2 <= len(words) <= 4 or len(words) == 1 and words[0] in surnames and e == i + 1) \
                and self.kb.org_sector(words) is None \
                and not any(self.kb.match_agent(lower, j - i) for j in range(i, e)
                            if not (j + 1 < e and doc[j + 1].text in ("-", "‐") and not doc[j].whitespace_)) \
                and (e >= len(doc) or doc[e].text not in POSSESSIVE or len(words) >= 2) \
                and (len(words) == 1 or self._person_evidence(doc, i, e, prev))
            if ok:
                m = Mention(i, e, self._span_actor(doc, i, e, name=doc[i:e].text, kind="person"), "ner",
                            sent=sent_of.get(i, 0))
                extra.append(m)
                prev = m
            i = max(e, i + 1)
        if not extra:
            return out
        taken = {i for m in extra for i in range(m.start, m.end)}
        out = [m for m in out if not (id(m) in weak and m.start in taken)]
        return sorted(out + extra, key=lambda m: m.start)

    @staticmethod
    def _person_surnames(doc, claimed: frozenset[int] | set[int] = frozenset()) -> set[str]:
        """Last words of the full personal names spaCy found: a later lone use is the person. Names
        that run into a `claimed` token ("Trump Tower": Trump) give none."""
        return {e[-1].text for e in doc.ents if e.label_ == "PERSON" and len(e) >= 2 and e[-1].text[:1].isupper()
                and not any(i in claimed for i in range(e.start, e.end))}

    def _org_naming_state(self, doc, i, nm, ag, ent_at, words, lower):
        """A named organisation that begins with a state's name or adjective ("Indonesian National
        Police", "Tunisian League for the Defence of Human Rights"): the whole name is the actor,
        and it takes that state. A state word followed by a role noun is left to composition."""
        e = ent_at.get(i)
        if e is None or e.label_ != "ORG" or not nm or ag:
            return None
        length, refs = nm
        if e.end <= i + length or not all(self.kb.entities[x].type in ("state", "place") for x, _ in refs):
            return None
        if self.kb.match_agent(lower, i + length) or self.kb.match_name(words, i + length):
            return None
        if not any(self.kb.entities[x].type == "state" for x, _ in refs) and self.kb.org_sector(words[i + length:e.end]) is None \
                and self._head_sector(doc, i + length, e.end) is None:
            return None  # a city's name and a word that says nothing of an organisation: "Regina Ip", a person
        return e

    def _state_inside(self, doc, start: int, end: int) -> Optional[str]:
        """The country of the first state (name, adjective, capital) or located place named inside a span."""
        words = [t.text for t in doc]
        j = start
        while j < end:
            nm = self.kb.match_name(words, j)
            if nm and j + nm[0] <= end:
                for x, r in nm[1]:
                    ent = self.kb.entities[x]
                    if ent.country and ent.country not in NON_STATE and " ".join(words[j:j + nm[0]]) not in ent.ambiguous \
                            and (ent.type == "state" or ent.type == "place" and j + nm[0] < end):
                        return ent.country
                j += nm[0]
            else:
                j += 1
        return None

    def _head_sector(self, doc, start: int, end: int) -> Optional[str]:
        """The sector of the role noun a name ends with ("Indonesian National Police" -> COP)."""
        lower = [t.lower_ for t in doc[:end]]
        for j in range(start, end):
            a = self.kb.match_agent(lower, j)
            if a and j + a[0] == end:
                return a[1].sector
        return None

    def _span_actor(self, doc, start, end, **kw) -> Actor:
        span = doc[start:end]
        return Actor(text=span.text, start=span.start_char, end=span.end_char, **kw)

    def _from_refs(self, doc, start, end, refs, date, ent_at) -> Optional[Mention]:
        kb = self.kb
        e = ent_at.get(start)
        roles = {r for _, r in refs}
        nxt = doc[end] if end < len(doc) else None
        prefer_adj = "adj" in roles and nxt is not None and (nxt.pos_ in ("NOUN", "PROPN", "ADJ", "NUM") or nxt.text in ("-", "–"))
        cands = sorted(refs, key=lambda r: (0 if prefer_adj and r[1] == "adj" else 1, ROLE_PRIORITY.get(r[1], 9), r[0]))
        cands = self._by_context(doc, cands)
        chosen, role = None, None
        place = None
        for idx, r in cands:
            ent = kb.entities[idx]
            if r == "place":
                place = place or ent
                continue
            if chosen is None:
                chosen, role = ent, r
            elif ent.type == "person" and chosen.type == "person":
                # two people share the name: prefer the one in office on the article's date
                if ent.office_at(date) and date and self._in_office(ent, date) and not self._in_office(chosen, date):
                    chosen = ent
        if chosen is None and place is None:
            return None
        surface = doc[start:end].text
        # A state or place name inside a longer person name ("Jordan Peterson") is not the state.
        if e is not None and e.label_ == "PERSON" and (chosen is None or chosen.type != "person"):
            if e.start < start or e.end > end or (chosen and surface in chosen.ambiguous):
                return None
        possessed = nxt is not None and nxt.text in POSSESSIVE and chosen is not None and chosen.type == "state"
        if chosen is not None and surface in chosen.ambiguous and not possessed:
            if e is None or e.label_ not in ("GPE", "NORP", "LOC"):
                if place is None:
                    return None
                chosen = None
            elif place is not None and place.country != chosen.country \
                    and self._sentence_names(doc, start, end, place.country):
                chosen = None  # "Rubio of Florida, Lee of Utah and Perdue of Georgia": the US state
        if chosen is None:
            actor = self._span_actor(doc, start, end, name=place.name, country=place.country,
                                     sector=None, kind="place", wikidata=place.qid)
            return Mention(start, end, actor, "place", entity=None, place=place)
        if chosen.type == "state" and role in ("name", "metonym") and place is None:
            place = chosen  # a state named as a place ("in Iran")
        sector, kind = chosen.sector, chosen.kind
        country = chosen.country
        if chosen.type == "person":
            office = chosen.office_at(date)
            if office:
                sector = office.get("sector") or sector
                country = office.get("country") or country  # an EU post, a Commonwealth realm
        if role == "demonym":
            kind, sector = "population", "CVL"
            if start > 0 and doc[start - 1].lower_ == "the" and (nxt is None or nxt.pos_ not in ("NOUN", "PROPN")):
                kind, sector = "state", "GOV"  # "the British relinquished control": the state
        actor = self._span_actor(doc, start, end, name=chosen.name, country=country, sector=sector,
                                 kind=kind, wikidata=chosen.qid)
        plural = role == "demonym" or doc[end - 1].tag_ in ("NNS", "NNPS") or chosen.name.endswith("s")
        generic_of = None
        if chosen.generic and surface in chosen.generic:
            # "Senate", "the Queen", "Labour": other states have one too; the article's state decides later
            generic_of = actor
            actor = replace(actor, country=None, name=None, wikidata=None)
        return Mention(start, end, actor, role, entity=chosen, place=place if role != "adj" else None,
                       plural=plural, generic_of=generic_of)

    def _sentence_names(self, doc, start: int, end: int, country: str) -> bool:
        """Does the sentence, outside start..end, name a state or place of `country`?"""
        sent = doc[start].sent
        words = [t.text for t in doc]
        j = sent.start
        while j < sent.end:
            nm = self.kb.match_name(words, j) if not start <= j < end else None
            if nm:
                if any(self.kb.entities[x].country == country and self.kb.entities[x].type in ("state", "place")
                       and words[j] not in self.kb.entities[x].ambiguous for x, _ in nm[1]):
                    return True
                j += nm[0]
            else:
                j += 1
        return False

    def _by_context(self, doc, cands: list[tuple[int, str]]) -> list[tuple[int, str]]:
        """Entries that share an alias ("RSF": the Rapid Support Forces, Reporters Without Borders)
        are ordered by how many of their cue words the document uses ("journalists", "press" against
        "Sudan", "Darfur"); the base's order decides a tie."""
        named = [c for c in cands if c[1] != "place"]
        if len(named) < 2 or not any(self.kb.entities[x].context for x, _ in named):
            return cands
        words = doc.user_data.get("pk_words")
        if words is None:
            words = doc.user_data["pk_words"] = {t.lower_ for t in doc}
        score = {x: -len(words.intersection(self.kb.entities[x].context)) for x, _ in named}
        group = {}
        for _, r in cands:
            group.setdefault(r, len(group))
        return sorted(cands, key=lambda c: (group[c[1]], score.get(c[0], 0)))

    @staticmethod
    def _in_office(ent: Entity, date: str) -> bool:
        return any((not o.get("from") or o["from"] <= date) and (not o.get("to") or date <= o["to"])
                   for o in ent.offices)

    def _agent_mention(self, doc, start, end, agent: Agent, sent: int) -> Mention:
        head = doc[end - 1]
        before = doc[start - 1] if start > 0 else None
        foreign = before is not None and before.pos_ != "DET" and (before.ent_type_ in ("NORP", "GPE", "ORG") or
                                          (before.pos_ in ("PROPN", "ADJ") and before.text[:1].isupper() and before.i > before.sent.start
                                           and not (before.is_upper and len(before) <= 3)))  # "an IT worker"
        if foreign and start >= 3 and doc[start - 2].text in ("-", "–") and doc[start - 3].lower_ in ("pro", "anti"):
            foreign = False  # "pro-Beijing candidates" are the article's own camp, not a foreign group
        actor = self._span_actor(doc, start, end, name=None, country=None, sector=agent.sector,
                                 kind=agent.kind if agent.kind != "organization" or agent.sector != "MIL" else "organization")
        camp = self._camp(doc, start, end) if agent.sector in CIVIL_ROLES else None
        if camp:
            actor.sector = camp
        return Mention(start, end, actor, "agent", agent=agent, sent=sent, foreign_modifier=foreign,
                       plural=head.tag_ == "NNS" or head.lower_ in ("police", "people", "military", "forces"))

    def _camp(self, doc, start: int, end: int) -> Optional[str]:
        """The sector of a political camp named just before a role noun or in "from the ... camp" after it."""
        s0 = doc[start].sent.start
        k = start
        while k > max(s0, start - 4) and (doc[k - 1].pos_ not in ("DET", "PUNCT", "ADP", "VERB", "AUX")
                                          or doc[k - 1].tag_ == "VBG" and k == start) \
                or k > s0 and doc[k - 1].text in ("-", "–") and k - 1 > start - 5:
            k -= 1
        before = doc[k:start].text.lower()
        after = doc[end:min(end + 7, doc[start].sent.end)].text.lower()
        camp_after = after.startswith(("from the ", "of the ")) and " camp" in after
        for w, sector in self.kb.camp_words:
            if w in before.split() or w in before.replace(" ", "") or camp_after and w in after.split(" camp")[0]:
                return sector
        return None

    def _from_ner(self, doc, e, sent: int, start: Optional[int] = None) -> Optional[Mention]:
        label = e.label_
        start = e.start if start is None else start
        end = e.end
        # spaCy sometimes takes a trailing "of" or possessive into the name ("Patrice Talon of")
        while end - start > 1 and (doc[end - 1].lower_ in ("of", "from", "and") or doc[end - 1].text in POSSESSIVE
                                   or doc[end - 1].is_punct):
            end -= 1
        text = doc[start:end].text
        if label == "PERSON":
            if len(text) < 2 or not any(c.isupper() for c in text):
                return None
            return Mention(start, end, self._span_actor(doc, start, end, name=text, kind="person"),
                           "ner", sent=sent)
        if label == "ORG":
            name = text[4:] if text.lower().startswith("the ") else text
            head = self._head_sector(doc, start, end)
            named = self.kb.org_sector([t.text for t in doc[start:end]])
            # "National Police Agency": the specific word (Police) says more than the generic head (Agency)
            sector = named if head in (None, "GOV") and named else head
            country = self._state_inside(doc, start, end)
            actor = self._span_actor(doc, start, end, name=name, kind="organization", country=country, sector=sector)
            return Mention(start, end, actor, "ner", sent=sent, plural=doc[end - 1].tag_ == "NNPS")
        if label in ("GPE", "LOC", "FAC"):
            return Mention(e.start, e.end, self._span_actor(doc, e.start, e.end, name=text, kind="place"),
                           "place", sent=sent, place=Entity(idx=-1, name=text, type="place", kind="place"))
        return None  # NORP not in the base ("Kurdish", "Arab"): no country to give

    # ------------------------------------------------------------------ pass 2
    def _compose(self, doc, ments: list[Mention], date) -> list[Mention]:
        """Merge role nouns with what gives them a country or a name."""
        if not ments:
            return ments
        ments.sort(key=lambda m: m.start)
        # (a) left modifiers of role nouns and of names: "Israeli jets", "Iran's minister", "Hamas-led"
        out: list[Mention] = []
        for m in ments:
            prev = out[-1] if out else None
            if prev is not None and m.role in ("agent",) and self._modifies(doc, prev, m):
                out[-1] = self._apply_modifier(doc, prev, m)
                continue
            if prev is not None and m.role in ("name", "ner", "agent") and self._backs(doc, prev, m):
                m.patron = prev.actor
            if prev is not None and m.role == "ner" and m.actor.kind == "organization" and m.actor.country is None \
                    and prev.entity is not None and prev.entity.type == "state" and prev.role in ("name", "metonym") \
                    and [t.text for t in self._gap(doc, prev, m)] in (["'s"], ["’s"]):
                m.actor.country, m.via = prev.actor.country, "possessor"  # "the UK's National Crime Agency"
            out.append(m)
        # (b) right: "President of France", "militias in Iraq", "the Supreme Court of Puerto Rico"
        for m in out:
            if m.role == "agent" or (m.role == "ner" and m.actor.country is None):
                self._right_of(doc, m, out)
        # (c) appositions and titles before names
        merged: list[Mention] = []
        i = 0
        while i < len(out):
            m = out[i]
            nxt = out[i + 1] if i + 1 < len(out) else None
            if nxt is not None:
                joined = self._appose(doc, m, nxt, date)
                if joined is not None:
                    merged.append(joined)
                    i += 2
                    continue
            merged.append(m)
            i += 1
        self._describe(doc, merged)
        return merged

    # words that introduce a description after a name ("X, a retired nurse,"; "X, another lawyer for ...")
    DESCRIPTION_DETS = {"a", "an", "the", "another", "one"}
    TAIL_PREPS = {"of", "for", "at", "in", "with", "from", "to", "on"}

    def _tail_end(self, doc, j: int, limit: int = 10) -> Optional[int]:
        """Where a prepositional tail starting at token j ends ("for the victim", "of the Tunisian
        League for the Defence of Human Rights"), if it runs to punctuation without a verb."""
        if j >= len(doc):
            return j
        if doc[j].lower_ not in self.TAIL_PREPS:
            return j if doc[j].is_punct else None
        sent_end = doc[j].sent.end
        k = j
        while k < sent_end and k - j <= limit:
            t = doc[k]
            if t.text in (",", ".", ";", ":", "(", ")", '"', "“", "”", "—", "–") and not (t.text in ("–",) and k > j):
                return k
            if t.pos_ in ("VERB", "AUX") and t.tag_ != "VBN":
                return None
            k += 1
        return k if k == sent_end else None

    def _person_role(self, m: Mention) -> bool:
        """A role noun that can describe one person (a title, a person noun or a singular role)."""
        return m.role == "agent" and m.agent is not None and (m.agent.title or m.agent.kind == "person"
                                                              or m.agent.kind == "population" and not m.plural)

    @staticmethod
    def _based_in(doc, m: Mention, ments: list[Mention], idx: int) -> Optional[str]:
        """"X, a Berlin-based non-profit" / "the London-based X": the place's country."""
        def based_after(x: Mention) -> bool:
            return x.end + 1 < len(doc) and doc[x.end].text in ("-", "–") and doc[x.end + 1].lower_ == "based"

        if m.end < len(doc) and doc[m.end].text == ",":
            for x in ments[idx + 1:idx + 3]:
                if x.start - m.end <= 3 and x.actor.country and x.actor.country not in NON_STATE and based_after(x):
                    return x.actor.country
        if idx > 0:
            x = ments[idx - 1]
            if x.end + 2 <= m.start <= x.end + 3 and x.actor.country and x.actor.country not in NON_STATE \
                    and based_after(x):
                return x.actor.country
        return None

    @staticmethod
    def _former(doc, q: Mention) -> bool:
        return any(t.lower_ in FORMER for t in doc[max(0, q.start - 2):q.start])

    def _describe(self, doc, ments: list[Mention]) -> None:
        """A person's description gives the country and sector the name alone does not:
        "The mayor of Paris, Anne Hidalgo," / "Lisa Parry, a retired nurse," / "officers A and B" /
        "The Native American Rights Fund's Jacqueline De León" / "X, a Canadian tourist"."""
        def take(m: Mention, src: Mention, former: bool = False) -> bool:
            changed = False
            if m.actor.kind != "person":  # spaCy typed the name as an organisation; the role says a person
                m.actor.kind = "person"
            if m.actor.country is None and src.actor.country:
                m.actor.country, m.via, changed = src.actor.country, "description", True
            if former:  # "a retired nurse", "a former prosecutor": no longer in that sector
                return True
            if m.actor.sector is None and src.actor.sector:
                m.actor.sector, changed = src.actor.sector, True
            return changed

        def wants(m: Mention) -> bool:
            if m.role == "ner" and m.actor.kind == "organization" and idx > 0 and ments[idx - 1].end == m.start \
                    and ments[idx - 1].role == "agent" and ments[idx - 1].agent is not None \
                    and (ments[idx - 1].agent.kind == "person" or ments[idx - 1].plural) \
                    and all(t.text[:1].isupper() for t in doc[m.start:m.end]) and m.end - m.start <= 3:
                return True  # "officers Antoine Quirin" although spaCy typed the name ORG
            if m.role == "ner" and m.actor.kind == "organization" and m.actor.sector is None and 2 <= m.end - m.start <= 3 \
                    and all(t.text[:1].isupper() and t.is_alpha for t in doc[m.start:m.end]) \
                    and m.end < len(doc) and (doc[m.end].text == "," or doc[m.start - 1].text in POSSESSIVE):
                return True  # "Jasim Uddin, a spokesperson for ...": a name spaCy typed ORG; the role decides
            return self._is_person(m) and (m.actor.sector is None or m.actor.country is None) \
                and not (m.entity is not None and m.entity.type == "person" and m.actor.country and m.actor.sector)

        ending = {m.end: m for m in ments}
        prev_described: Optional[Mention] = None
        for idx, m in enumerate(ments):
            if m.actor.country is None and m.actor.kind not in ("state", "place") and m.role in ("ner", "agent"):
                based = self._based_in(doc, m, ments, idx)
                if based:
                    m.actor.country, m.via = based, "description"
            if not wants(m):
                prev_described = m if self._is_person(m) and m.parts and m.descriptor else None
                continue
            done = False
            p = ments[idx - 1] if idx > 0 else None
            # "officers Antoine Quirin", "Legislator Tanya Chan": a role noun right before the name
            if p is not None and p.end == m.start and p.role == "agent" and p.actor.sector \
                    and (p.agent.title or p.agent.kind in ("person", "population") or p.plural):
                done = take(m, p, self._former(doc, p))
            # "Canadian Jane Doe": the nationality, not the state's sector
            if not done and p is not None and p.end == m.start and p.role == "adj" and p.actor.country \
                    and p.actor.country not in NON_STATE and m.actor.country is None:
                m.actor.country, m.via = p.actor.country, "description"
            # "The mayor of Paris, Anne Hidalgo," / "A member of the Tunisian Parliament, Samir Dilou said"
            comma = m.start >= 2 and doc[m.start - 1].text == ","
            if not done and (comma or m.start >= 2 and doc[m.start - 1].tag_ == "NNP"):
                for q in reversed(ments[max(0, idx - 6):idx]):
                    if q.end > m.start - 1 or not self._person_role(q):
                        continue
                    # "Chief Executive of Hong Kong Carrie Lam": no comma, the tail is a state
                    if not (comma and self._tail_end(doc, q.end) == m.start - 1 or not comma and q.tail_end == m.start):
                        continue
                    b = q.start - 1
                    while b >= 0 and doc[b].lower_ in {"the", "a", "an"} | TITLE_QUALIFIERS:
                        b -= 1
                    if b < doc[q.start].sent.start or doc[b].text in (",", ":", ";", "(") or doc[b].is_space:
                        done = take(m, q, self._former(doc, q))
                        break
            # "Lisa Parry, a retired nurse," / "Sophie Obadia, another lawyer for the victim, told"
            if not done and m.end < len(doc) and doc[m.end].text == ",":
                j = m.end + 1
                if j + 1 < len(doc) and doc[j].like_num and doc[j + 1].text == ",":
                    j += 2  # "Emily Spanton, 39,"
                if [t.lower_ for t in doc[j:j + 2]] == ["one", "of"]:
                    # "Andriy Yermak, one of President Zelensky's aides": the possessor's state, the role's sector
                    role = next((x for x in ments[idx + 1:idx + 4] if x.start >= j + 2 and x.role == "agent"
                                 and x.plural and x.parts and x.actor.country and self._person_role(x)), None)
                    if role is not None and self._tail_end(doc, role.end) is not None:
                        done = take(m, role)
                for q in ([] if done else ments[idx + 1:idx + 4]):
                    if q.start < j:
                        continue
                    gap = doc[j:q.start]
                    if not all(t.lower_ in self.DESCRIPTION_DETS | TITLE_QUALIFIERS or t.lower_ == "of"
                               or (t.pos_ in ("ADJ", "NOUN", "VERB") and t.tag_ in ("JJ", "VBN", "NN") and t.text.islower())
                               for t in gap) or len(gap) > 4:
                        break
                    if not self._person_role(q):
                        break
                    if (q.tail_end and self._tail_end(doc, q.tail_end) is not None) or self._tail_end(doc, q.end) is not None:
                        done = take(m, q, any(t.lower_ in FORMER for t in gap))
                    break
            # "Sabrina Bennoui, of RSF" / "Phil Chetwynd, director of global news for AFP,": the body's
            if not done and m.end < len(doc) and doc[m.end].text == ",":
                org = self._organisation_described(doc, m, ments, idx)
                if org is not None:
                    done = take(m, org)
            # "The Native American Rights Fund's Jacqueline De León": the body's sector
            if not done and m.start >= 1 and doc[m.start - 1].text in POSSESSIVE:
                owner = ending.get(m.start - 1)
                if owner is not None and owner.actor.kind in ("organization", "igo", "armed_group") \
                        and owner.role in ("name", "ner", "agent"):
                    done = take(m, owner)
            # "officers Antoine Quirin and Nicolas Redouane": the next name in the list shares the role
            if not done and prev_described is not None:
                between = [t.text for t in doc[prev_described.end:m.start]]
                if between and between[0] == "of" and len(between) <= 6 and between[-1] in ("and", ","):
                    between = between[-2:] if between[-2:] == [",", "and"] else between[-1:]  # "A of Nigeria and B"
                if between in (["and"], [","], [",", "and"]):
                    src = prev_described
                    if src.via == "of" or src.tail_end:  # each name has its own "of <state>"
                        src = replace(src, actor=replace(src.actor, country=None))
                    done = take(m, src)
            prev_described = m if done or (m.parts and m.descriptor and m.actor.sector) else None

    ORG_PREPS = {"of", "for", "at", "with", "from"}

    def _organisation_described(self, doc, m: Mention, ments: list[Mention], idx: int) -> Optional[Mention]:
        """The known organisation a description after a name places the person in: ", of RSF",
        ", director of global news for AFP," (lower-case words, then a preposition, then the body)."""
        j = m.end + 1
        for q in ments[idx + 1:idx + 4]:
            if q.start < j:
                continue
            gap = doc[j:q.start]
            if len(gap) > 8 or not gap or gap[-1].lower_ not in self.ORG_PREPS \
                    or any(t.is_punct or t.is_space or (t.text[:1].isupper() and t.i > j) for t in gap):
                return None
            role = any((a := self.kb.match_agent([t.lower_], 0)) is not None and a[1].kind == "person"
                       and a[1].sector != "CVL" for t in gap[:-1])
            if len(gap) > 1 and not role:
                return None  # "X, with the help of NATO," / "X, a critic of Amnesty": not X's body
            if q.role in ("name", "ner") and q.actor.kind in ("organization", "igo") and q.actor.country \
                    and (q.entity is None or q.entity.type in ("organization", "media", "body")) \
                    and (q.end >= len(doc) or doc[q.end].text in (",", ".", ";", ")") or doc[q.end].is_space):
                return q
            return None
        return None

    def _gap(self, doc, a: Mention, b: Mention) -> list:
        return [t for t in doc[a.end:b.start]]

    def _modifies(self, doc, prev: Mention, m: Mention) -> bool:
        if prev.role not in ("adj", "name", "metonym", "place", "ner") or prev.actor.country is None and prev.role != "ner":
            return False
        gap = [t.text for t in self._gap(doc, prev, m)]
        if prev.role == "ner" and prev.actor.kind == "person":
            return False
        if gap == [] or gap in (["'s"], ["’s"], ["'"], ["’"]):
            return prev.role != "ner" or prev.actor.kind == "organization"
        if len(gap) == 2 and gap[0] in ("-", "–") and gap[1].lower() in LED:
            return True
        # "AU trade and industry commissioner", "Iranian oil minister": lower-case field words between
        toks = self._gap(doc, prev, m)
        if m.agent is not None and m.agent.title and prev.role in ("name", "adj") and 0 < len(toks) <= 4 \
                and prev.actor.country is not None and all(
                    t.text.islower() and t.pos_ in ("NOUN", "CCONJ", "ADJ", "PROPN") for t in toks) \
                and toks[-1].pos_ in ("NOUN", "PROPN", "ADJ"):
            return True
        # "Polish Roman Catholic priests", "Syrian Kurdish fighters": a nationality, then other qualifiers
        if prev.role == "adj" and m.agent is not None and m.agent.kind != "state" and 0 < len(toks) <= 3 and all(
                (t.text[:1].isupper() or t.pos_ == "ADJ" and m.agent.kind != "population")
                and t.pos_ in ("ADJ", "PROPN") and t.ent_type_ in ("", "NORP")
                for t in toks):  # not "Israeli airstrike victims": what stands between is what they suffered
            return True
        return False

    def _backs(self, doc, prev: Mention, m: Mention) -> bool:
        gap = [t.text.lower() for t in self._gap(doc, prev, m)]
        return len(gap) == 2 and gap[0] in ("-", "–") and gap[1] in BACKED and prev.actor.country is not None

    def _apply_modifier(self, doc, prev: Mention, m: Mention) -> Mention:
        a = m.agent
        src = prev.actor
        actor = replace(m.actor, text=doc[prev.start:m.end].text, start=doc[prev.start].idx, end=m.actor.end)
        possessive = any(t.text in POSSESSIVE for t in self._gap(doc, prev, m))
        patron = None
        if a and a.sector in ("REB", "UAF") and possessive and prev.entity is not None and prev.entity.type == "state":
            # "Israel's proxies": the possessor backs them; their own base comes from "in X" or context
            patron = src
        else:
            actor.country = src.country
            if a is not None and a.weak or actor.sector is None:
                actor.sector = src.sector if prev.role != "adj" or a is None or a.weak else actor.sector
                if a is not None and a.weak and a.kind != "person":
                    actor.kind = src.kind
            if a is not None and a.weak and a.kind == "person" and src.kind == "armed_group":
                actor.sector = src.sector or "REB"
        if actor.name is None:
            actor.name = f"{src.name or src.text} {m.actor.text}".strip() if not patron else m.actor.text
        nm = Mention(prev.start, m.end, actor, "agent", agent=a, sent=m.sent, plural=m.plural, patron=patron,
                     parts=[(prev.start, prev.end), (m.start, m.end)])
        return nm

    def _right_of(self, doc, m: Mention, ments: list[Mention]) -> None:
        """'President of France' takes FRA; 'militias in Iraq' are based in IRQ."""
        j = m.end
        if m.role == "ner" and m.actor.kind == "person" and j + 3 < len(doc) and doc[j].text == "," \
                and doc[j + 1].like_num and doc[j + 2].text == "," and doc[j + 3].lower_ == "from":
            j += 3  # "John Smith, 40, from Canada,"
        if j >= len(doc) or doc[j].lower_ not in ("of", "in", "from", "for", "at"):
            return
        k = j + 1
        if k < len(doc) and doc[k].lower_ == "the":
            k += 1
        nxt = next((x for x in ments if x.start == k), None)
        if nxt is None and k < len(doc):  # "in Gaza City": the place may be a longer name
            nxt = next((x for x in ments if x.start <= k < x.end), None)
        if nxt is not None and nxt.role == "adj":  # "chief of the Indonesian State Intelligence Agency"
            head = next((x for x in ments if x.start == nxt.end and x.role != "adj" and x.actor.kind != "person"), None)
            if head is not None and head.actor.country not in (None, nxt.actor.country) and head.role != "agent":
                head = None  # "the Tunisian League": not another state's "League"
            if head is not None:
                if head.actor.country is None:
                    head.actor.country = nxt.actor.country
                nxt = head
        if nxt is not None and nxt.end + 1 < len(doc) and doc[nxt.end].text in POSSESSIVE \
                and (nxt.actor.kind == "state" or nxt.role in ("name", "metonym", "place")):
            # "the director of Argentina's Amnesty International": the possessed body
            owned = next((x for x in ments if x.start == nxt.end + 1 and x.role != "adj"), None)
            if owned is not None and owned.actor.kind not in ("state", "place"):
                if owned.actor.country is None or owned.actor.country in NON_STATE:
                    owned.actor.country = nxt.actor.country
                nxt = owned
        if nxt is not None and nxt.actor.country is None and doc[j].lower_ == "for" and m.agent is not None \
                and m.agent.speaks_for and m.agent.weak and nxt.actor.sector and m.actor.country is None:
            m.actor.sector, m.tail_end = nxt.actor.sector, nxt.end  # "a spokeswoman for the police department"
            return
        if nxt is None or nxt.actor.country is None:
            return
        prep = doc[j].lower_
        sector = m.agent.sector if m.agent else None
        if m.role == "ner":
            # "Patrice Talon of Benin", "Jennifer Lu of <a Taiwanese group>", "the Supreme Court of Puerto Rico"
            if prep in ("of", "from") and nxt.actor.country and nxt.actor.country not in NON_STATE and (
                    nxt.actor.kind in ("state", "place", "organization", "armed_group") or nxt.role == "place"):
                m.actor.country = nxt.actor.country
                m.via = "of"
            if prep == "in" and m.actor.kind == "organization" and m.actor.country is None and nxt.actor.country \
                    not in NON_STATE and (nxt.role == "place" or nxt.place is not None):
                m.actor.country, m.via = nxt.actor.country, "of"  # "Charité in Berlin"
            if prep == "of" and m.actor.kind == "person" and m.actor.sector is None and nxt.role != "place" \
                    and nxt.actor.kind in ("organization", "armed_group", "igo"):
                m.actor.sector = nxt.actor.sector  # "Morgan Tsvangirai of the MDC": the body's sector
            return
        a = m.agent
        tail_prep = prep == "of" or (a is not None and (prep == "for" and a.speaks_for or
                                                          prep == "at" and a.kind == "person" and a.title))
        if tail_prep and m.actor.country is None and (a is None or a.title or a.kind == "organization"):
            m.actor.country = nxt.actor.country
            m.tail_end = nxt.end
            if a is not None and a.title and not a.weak and nxt.actor.kind in ("organization", "armed_group", "igo") \
                    and nxt.role not in ("place", "adj") and nxt.actor.sector:
                m.actor.sector = nxt.actor.sector  # "the president of the Senate": LEG
            if m.agent is not None and m.agent.weak:
                m.actor.sector = nxt.actor.sector
                if nxt.actor.kind == "armed_group":
                    m.actor.sector = nxt.actor.sector or "REB"
        elif prep in ("in", "from") and sector in ("REB", "UAF", "CVL", "REF") and (m.actor.country is None or m.patron is not None):
            m.actor.country = nxt.actor.country

    def _appose(self, doc, a: Mention, b: Mention, date) -> Optional[Mention]:
        """Merge 'TITLE[,] NAME' and 'NAME, TITLE,' into one actor, the name's."""
        gap = [t.text for t in self._gap(doc, a, b)]
        if gap and gap[0] == ",":
            gap = [gap[0]] + [w for w in gap[1:] if w.lower() not in TITLE_QUALIFIERS]
        if gap not in ([], [","], [",", "the"], [",", "a"], [",", "an"]):
            return None
        if a.role == "agent" and (a.agent is None or a.agent.title or a.agent.sector == "REB" or a.agent.weak) \
                and self._is_person(b):
            return self._merge_person(doc, a, b, title=a, name=b, date=date)
        if a.role == "demonym" and gap == [","] and a.start > 0 and doc[a.start - 1].lower_ in ("a", "an") \
                and self._is_person(b) and not b.actor.country:
            # "An Australian, Brenton Tarrant,": the nationality, not a sector
            merged = self._merge_person(doc, a, b, title=a, name=b, date=date)
            merged.actor.sector = b.actor.sector
            return merged
        if self._is_person(a) and b.role == "agent" and gap and b.agent is not None and b.agent.title:
            tail = b.tail_end or b.end
            after = doc[tail] if tail < len(doc) else None
            if after is None or after.text in (",", ".", ";") or after.is_space:
                return self._merge_person(doc, a, b, title=b, name=a, date=date)
        if a.role == "agent" and gap in ([","], [",", "the"]) and b.role == "name" and b.entity is not None \
                and b.entity.type in ("armed_group", "organization", "body"):
            # "Yemen's proxy, the Houthis": the name is the actor; the description is kept for checks
            actor = replace(b.actor, text=doc[a.start:b.end].text, start=a.actor.start)
            return Mention(a.start, b.end, actor, "name", entity=b.entity, sent=a.sent, plural=b.plural,
                           descriptor={"noun": doc[a.end - 1].lemma_.lower(), "text": a.actor.text,
                                       "of": a.actor if a.actor.country or a.patron else None,
                                       "patron": a.patron},
                           parts=[(a.start, a.end), (b.start, b.end)])
        return None

    @staticmethod
    def _is_person(m: Mention) -> bool:
        return (m.role == "ner" and m.actor.kind == "person") or (m.entity is not None and m.entity.type == "person")

    def _merge_person(self, doc, whole_a: Mention, whole_b: Mention, title: Mention, name: Mention, date) -> Mention:
        p = name.actor
        country = p.country or title.actor.country
        sector = p.sector if name.entity is not None else (title.actor.sector or p.sector)
        if name.entity is not None and title.actor.sector and not p.sector:
            sector = title.actor.sector
        if not sector and title.agent is not None and title.agent.before_name and title.end == name.start \
                and doc[title.start].text[:1].isupper():
            sector = title.agent.before_name
        actor = Actor(text=doc[whole_a.start:whole_b.end].text, name=p.name or p.text, country=country,
                      sector=sector, kind="person", wikidata=p.wikidata,
                      start=doc[whole_a.start].idx, end=whole_b.actor.end)
        return Mention(whole_a.start, whole_b.end, actor, "name" if name.entity else "ner", entity=name.entity,
                       sent=whole_a.sent, parts=[(title.start, title.end), (name.start, name.end)],
                       descriptor={"noun": doc[title.end - 1].lemma_.lower(), "text": title.actor.text,
                                   "of": None, "patron": None})

    # ------------------------------------------------------------------ pass 3
    def _refer_back(self, doc, ments: list[Mention], sent_of) -> None:
        surnames: dict[str, Mention] = {}
        history: list[Mention] = []
        named: dict[str, Mention] = {}  # full names already read as people ("Connie Moganedi" typed ORG later)
        short: dict[str, Mention] = {}  # "National Crime Agency (NCA)": the document's own abbreviations
        for m in ments:
            if m.role in ("ner", "agent") and m.actor.text in short and m.actor.name in (None, m.actor.text) \
                    and short[m.actor.text] is not m:
                src = short[m.actor.text]
                m.actor = replace(src.actor, text=m.actor.text, start=m.actor.start, end=m.actor.end)
                m.entity, m.via = src.entity, src.via or "abbreviation"
            if m.actor.kind in ("organization", "igo", "armed_group") and m.actor.country and m.end + 2 < len(doc) \
                    and doc[m.end].text == "(" and doc[m.end + 2].text == ")" and doc[m.end + 1].is_upper \
                    and len(doc[m.end + 1]) >= 2:
                short.setdefault(doc[m.end + 1].text, m)
            if m.role == "ner" and m.actor.text in named and (m.actor.sector is None or m.actor.country is None) \
                    and m.actor.kind in ("organization", "person") and named[m.actor.text] is not m:
                src = named[m.actor.text]
                m.actor = replace(src.actor, text=m.actor.text, start=m.actor.start, end=m.actor.end)
                m.via = src.via or "surname"
            if m.role in ("ner", "name") and m.actor.kind == "person" and m.end - m.start >= 2:
                named.setdefault(m.actor.text, m)
            if m.role in ("ner", "name") and m.actor.kind == "person":
                last = doc[m.end - 1].text
                if m.end - m.start == 1 and last in surnames and (m.actor.country is None or m.role == "ner"):
                    src = surnames[last]
                    m.actor = replace(src.actor, text=m.actor.text, start=m.actor.start, end=m.actor.end)
                    m.entity = src.entity
                    m.via = "surname"
                elif m.actor.name:
                    surnames[m.actor.name.split()[-1]] = m
                    surnames[last] = m
            elif m.role == "pronoun":
                ref = self._antecedent(doc, m, history)
                if ref is not None:
                    m.actor = replace(ref.actor, text=m.actor.text, start=doc[m.start].idx,
                                      end=doc[m.end - 1].idx + len(doc[m.end - 1]))
                    m.entity = ref.entity
                    m.via = "pronoun"
            elif m.role == "anaphor":
                ref = self._anaphor(doc, m, history)
                if ref is not None:
                    m.actor = replace(ref.actor, text=m.actor.text, start=doc[m.start].idx,
                                      end=doc[m.end - 1].idx + len(doc[m.end - 1]))
                    m.entity, m.place = ref.entity, ref.place
                    m.via = "anaphor"
            if m.actor.country is not None or m.actor.kind == "person" or m.place is not None:
                history.append(m)

    def _antecedent(self, doc, m: Mention, history: list[Mention]) -> Optional[Mention]:
        low = doc[m.start].lower_
        for h in reversed(history):
            if m.sent - h.sent > 2:
                break
            if h.role in ("place", "pronoun") and h.actor.country is None:
                continue
            kind = h.actor.kind
            if low in self.pron_person:
                if kind == "person":
                    g = h.entity.gender if h.entity is not None else None
                    if g and ((low in ("she", "her", "hers", "herself")) != (g == "f")):
                        continue
                    return h
            elif low in self.pron_group:
                if h.role == "place" or kind == "person" or (h.role == "adj" and not h.plural):
                    continue
                if m.sent - h.sent > 1:
                    break
                return h
            elif low in self.pron_thing:
                if kind in ("state", "organization", "armed_group", "igo") and not h.plural and h.role not in ("adj", "place"):
                    if m.sent - h.sent > 1:
                        break
                    return h
        return None

    def _anaphor(self, doc, m: Mention, history: list[Mention]) -> Optional[Mention]:
        noun = doc[m.end - 1].lower_
        want = self.anaphoric.get(noun)
        for h in reversed(history):
            if noun in self.descriptor_nouns and h.place is not None and noun in (h.place.descriptors or []):
                return h
            if want == "armed_group" and h.actor.kind == "armed_group" and h.role != "agent":
                return h
            if want == "state" and h.actor.kind == "state" and h.role in ("name", "metonym"):
                return h
        return None

    # ------------------------------------------------------------------ pass 4
    def focus(self, ments: list[Mention]) -> Optional[str]:
        """The state the article is about: the state named most, counting states, their people and
        bodies, and the places where things happen; the title and lead count three times."""
        score: Counter = Counter()
        for m in ments:
            c = m.actor.country
            if not c or c in NON_STATE or m.role in ("pronoun", "anaphor") or m.via is not None:
                continue
            if m.role == "ner" or (m.role == "agent" and m.actor.kind not in ("state",) and len(m.parts) < 2):
                continue  # an unknown name or a bare role noun says little about the article
            w = 3 if m.sent < LEAD_SENTENCES else 1
            if m.role == "place" or (m.role in ("name", "metonym") and m.place is not None):
                w += 1  # where things happen
            score[c] += w
        if not score:
            return None
        return score.most_common(1)[0][0]

    def _focus_scores(self, ments: list[Mention]) -> tuple[Optional[str], bool]:
        """The focus state and whether it dominates (no other state has half its weight)."""
        top = self.focus(ments)
        if top is None:
            return None, False
        score: Counter = Counter()
        for m in ments:
            c = m.actor.country
            if c and c not in NON_STATE and m.role in ("name", "metonym", "adj", "demonym", "place") and m.via is None:
                score[c] += 3 if m.sent < LEAD_SENTENCES else 1
        others = [v for c, v in score.items() if c != top]
        return top, not others or max(others) * 2 <= score[top]

    def _fill_in(self, ments: list[Mention], doc=None) -> None:
        """A role noun with no country takes it from a recent actor of the same sector; what is
        still without a country (role nouns, unknown people and organisations) takes the state the
        article is about, unless something foreign stands before it ("Arab ministers") or it is
        someone's proxy."""
        top, dominant = self._focus_scores(ments)
        recent: list[Mention] = []
        ending: dict[int, Mention] = {}
        for m in ments:
            if m.generic_of is not None and m.actor.country is None:
                # "the Senate" in an article about the Philippines is the Philippine Senate
                if top and top != m.generic_of.country and m.entity is not None and top in m.entity.generic_in:
                    m.actor.country, m.via = top, "focus"
                    if any(o.get("country") == top for o in m.entity.offices):
                        m.actor.name, m.actor.wikidata = m.generic_of.name, m.generic_of.wikidata
                else:
                    m.actor.country, m.actor.name, m.actor.wikidata = (m.generic_of.country, m.generic_of.name,
                                                                       m.generic_of.wikidata)
            owner = self._possessor(doc, m, ending)
            if owner is not None:  # "Ian Smith's government": the owner's state
                m.actor.country, m.via = owner.actor.country, "possessor"
            local = doc is not None and m.start > 0 and doc[m.start - 1].lower_ == "local"
            if m.role == "agent" and m.actor.country is None and m.patron is None and not m.foreign_modifier \
                    and not local:  # "local media" are the story's place's, not the last outlet named
                sector = m.actor.sector
                for r in reversed(recent):
                    if m.sent - r.sent > 2:
                        break
                    if sector and r.actor.sector == sector and r.actor.country:
                        m.actor.country = r.actor.country
                        m.via = "context"
                        break
            if m.role == "agent" and m.actor.country is None and m.actor.kind == "state" and m.agent is not None \
                    and m.agent.weak and doc is not None and m.start > 0 and doc[m.start - 1].lower_ in ("the", "this") \
                    and not m.plural:
                # "the country's cabinet": the state last named, else the article's state when it dominates
                last = next((r for r in reversed(recent) if m.sent - r.sent <= 1 and r.actor.kind == "state"
                             and r.role in ("name", "metonym")), None)
                if last is not None or dominant:
                    m.actor.country, m.via = (last.actor.country if last else top), "context"
            if m.actor.country is None and top and self._takes_focus(m) and (
                    dominant or m.role != "agent" or m.actor.sector not in ARMED):
                # an army or a gunman in an article about two states could be either side's
                m.actor.country = top
                m.via = "focus"
            if m.actor.country and not (m.place is not None and m.role in ("name", "metonym", "place")):
                recent.append(m)  # a state named as a place ("hospitalised in Singapore") is not an actor
            ending[m.end] = m

    @staticmethod
    def _possessor(doc, m: Mention, ending: dict[int, Mention]) -> Optional[Mention]:
        """The person whose role noun this is ("<person>'s government"), if that person has a country."""
        if doc is None or m.role != "agent" or m.actor.country is not None or m.start < 2:
            return None
        if doc[m.start - 1].text not in POSSESSIVE:
            return None
        owner = ending.get(m.start - 1)
        if owner is None or owner.actor.kind != "person" or not owner.actor.country:
            return None
        return owner

    @staticmethod
    def _takes_focus(m: Mention) -> bool:
        if m.patron is not None or m.foreign_modifier:
            return False
        if m.role == "agent":
            return m.actor.kind != "state"  # "the country" is not necessarily the focus
        if m.role == "ner":
            return m.actor.kind in ("person", "organization")
        if m.role == "name" and m.entity is not None:
            return m.entity.type == "person" or (m.entity.type == "armed_group" and bool(m.entity.acts_in))
        return False


def actor_mentions_for_output(da: DocActors) -> list[Mention]:
    """Mentions worth listing as actors: not bare places, not adjectives, not unresolved pronouns."""
    out = []
    for m in da.mentions:
        if m.role == "place" and m.place is not None:
            continue
        if m.role == "adj":
            continue
        if m.role in ("pronoun", "anaphor") and m.via is None:
            continue
        out.append(m)
    return out
