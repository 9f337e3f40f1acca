"""Validate /work/annot2/mentions_fresh.jsonl (standalone; reads only allowed files)."""
import csv, json, re, sys, urllib.parse
from collections import Counter
csv.field_size_limit(10**9)
HERE='/work/annot2/'
FILE=HERE+'mentions_fresh.jsonl'
GOLD='/work/main/data/gold/actors/mentions.jsonl'
DEV='/work/main/data/gold/dev/articles.jsonl'
W='/work/shared/data/wikinews/'
KEYS=["id","url","date","start","end","text","sentence","country","sector","kind","name","note"]
ISO={c['alpha_3'] for c in json.load(open('/usr/share/iso-codes/json/iso_3166-1.json'))['3166-1']}
COUNTRY_EXTRA={'IGO','NGO','IMG','MNC'}
onto=open('/work/shared/design/ontology.md').read()
SECTORS=set(re.findall(r'\b[A-Z]{3}\b',onto.split('Sector codes:')[1].split('Conflict-cooperation')[0]))
gold=[json.loads(l) for l in open(GOLD)]
KINDS={d['kind'] for d in gold}
assert list(gold[0].keys())==KEYS
def norm(u): return re.sub(r'/+wiki/','/wiki/',urllib.parse.unquote(u or '').strip())
def normt(t): return re.sub(r'\W+',' ',(t or '').lower()).strip()
arts={}
for y in (2019,2020):
    with open(W+f'wikinews_{y}.csv',newline='',encoding='utf-8') as f:
        for r in csv.DictReader(f): arts[r['url']]=r
ex_urls={norm(d['url']) for d in gold}; ex_titles=set()
for l in open(DEV):
    d=json.loads(l); ex_urls.add(norm(d.get('url'))); ex_titles.add(normt(d.get('title')))
errors=[]
def err(i,msg): errors.append(f'{i}: {msg}')
rows=[]
for n,l in enumerate(open(FILE,encoding='utf-8'),1):
    try: d=json.loads(l)
    except Exception as e: err(n,f'bad JSON {e}'); continue
    rows.append(d); i=d.get('id',n)
    if list(d.keys())!=KEYS: err(i,f'keys {list(d.keys())}')
    r=arts.get(d['url'])
    if r is None: err(i,'url not in the Wikinews CSVs'); continue
    t=r['text']
    if d['date']!=r['date'] or not re.fullmatch(r'\d{4}-\d\d-\d\d',d['date']): err(i,'date')
    if not (isinstance(d['start'],int) and isinstance(d['end'],int) and 0<=d['start']<d['end']<=len(t)): err(i,'offset range')
    elif t[d['start']:d['end']]!=d['text']: err(i,f'offset text {t[d["start"]:d["end"]]!r} != {d["text"]!r}')
    if d['text']!=d['text'].strip(): err(i,'untrimmed span')
    if d['sentence'] not in t or d['text'] not in d['sentence']: err(i,'sentence')
    else:
        # the sentence must cover the span
        ok=any(m.start()<=d['start'] and d['end']<=m.start()+len(d['sentence']) for m in re.finditer(re.escape(d['sentence']),t))
        if not ok: err(i,'sentence does not cover span')
    c=d['country']
    if c is not None and c not in ISO and c not in COUNTRY_EXTRA: err(i,f'country {c}')
    s=d['sector']
    if s is not None and s not in SECTORS: err(i,f'sector {s}')
    if d['kind'] not in KINDS: err(i,f'kind {d["kind"]}')
    if not d['name']: err(i,'empty name')
    u=norm(d['url'])
    if u in ex_urls or normt(r['title']) in ex_titles or any(x and (u.startswith(x) or x.startswith(u)) for x in ex_urls):
        err(i,'article overlaps gold actors / dev set')
ids=[d['id'] for d in rows]
if len(set(ids))!=len(ids): err('-','duplicate ids')
spans=Counter((d['url'],d['start'],d['end']) for d in rows)
for k,v in spans.items():
    if v>1: err('-',f'duplicate span {k}')
urls=Counter(d['url'] for d in rows)
print(f'lines: {len(rows)}  articles: {len(urls)}  per article: min {min(urls.values())} max {max(urls.values())}')
print('kinds:',dict(Counter(d['kind'] for d in rows).most_common()))
print('countries:',dict(Counter(str(d['country']) for d in rows).most_common()))
print('sectors:',dict(Counter(str(d['sector']) for d in rows).most_common()))
print('allowed sectors:',' '.join(sorted(SECTORS)),'| allowed kinds:',' '.join(sorted(KINDS)))
print('overlap with excluded articles: checked against',len(ex_urls),'urls and',len(ex_titles),'dev titles')
if errors:
    print(f'FAILED: {len(errors)} errors'); print('\n'.join(errors)); sys.exit(1)
print('OK: all checks passed (JSON, keys, offsets, sentences, dates, ISO/IGO/NGO countries, PLOVER sectors, kinds, no overlap)')
