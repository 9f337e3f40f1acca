import csv, json, sys, urllib.parse, re
csv.field_size_limit(10**9)
W='/work/shared/data/wikinews/'
def rows():
    out=[]
    for y in (2019,2020):
        with open(W+f'wikinews_{y}.csv',newline='',encoding='utf-8') as f:
            for r in csv.DictReader(f): out.append(r)
    return out
def norm(u):
    u=urllib.parse.unquote(u or '').strip()
    return re.sub(r'/+wiki/','/wiki/',u)
def normt(t): return re.sub(r'\W+',' ',(t or '').lower()).strip()
def excluded():
    urls=set(); titles=set()
    for l in open('/work/main/data/gold/actors/mentions.jsonl'):
        urls.add(norm(json.loads(l)['url']))
    for l in open('/work/main/data/gold/dev/articles.jsonl'):
        d=json.loads(l); urls.add(norm(d.get('url'))); titles.add(normt(d.get('title')))
    return urls,titles
def is_excluded(r,urls,titles):
    u=norm(r['url'])
    if u in urls or normt(r['title']) in titles: return True
    # truncated urls in dev file: prefix match
    for x in urls:
        if x and (u.startswith(x) or x.startswith(u)): return True
    return False
