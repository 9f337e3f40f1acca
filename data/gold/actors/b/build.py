"""Build mentions_fresh.jsonl from ann.txt (hand annotations) + article texts."""
import json, re, sys
import importlib.util
spec=importlib.util.spec_from_file_location("choose","/work/annot2/choose.py"); sel=importlib.util.module_from_spec(spec); spec.loader.exec_module(sel)
order=sel.order
ABBR=re.compile(r'(?:\b(?:U\.S|U\.K|Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Rep|Sen|Gov|No|vs|v|a\.m|p\.m|Inc|Co|Corp|[A-Z])\.)$')
def sentence(text,s,e):
    # boundaries: newline, or [.!?] (+closing quotes/brackets) followed by space + capital/quote
    bounds=[0]
    for m in re.finditer(r'\n+|[.!?]["”’\]\)]*\s+(?=["“(\[A-Z0-9])',text):
        if m.group().startswith('\n'):
            bounds.append(m.end()); continue
        head=text[max(0,m.start()-6):m.start()+1]
        if ABBR.search(head): continue
        bounds.append(m.end())
    bounds.append(len(text))
    a=max(b for b in bounds if b<=s)
    z=min(b for b in bounds if b>=e and b>a)
    return text[a:z].strip()
def main():
    out=[]; n=0; errs=0
    for ln,line in enumerate(open('ann.txt',encoding='utf-8'),1):
        line=line.rstrip('\n')
        if not line.strip() or line.startswith('#'): continue
        p=line.split('|')
        if len(p)!=8: print('BAD FIELDS',ln,line); errs+=1; continue
        key,spec,occ,c,sec,kind,name,note=p
        r=order[int(key)]; text=r['text']
        if '{' in spec:
            anchor=spec.replace('{','').replace('}','')
            off=spec.index('{'); mention=spec[off+1:spec.index('}')]
        else:
            anchor=spec; off=0; mention=spec
        occ=int(occ) if occ else 1
        pos=-1
        for _ in range(occ):
            pos=text.find(anchor,pos+1)
            if pos<0: break
        if pos<0: print('NOT FOUND',ln,spec,occ); errs+=1; continue
        s=pos+off; e=s+len(mention)
        assert text[s:e]==mention
        n+=1
        out.append({"id":f"f{n:04d}","url":r['url'],"date":r['date'],"start":s,"end":e,"text":mention,
            "sentence":sentence(text,s,e),"country":None if c in('','null') else c,
            "sector":None if sec in('','null') else sec,"kind":kind,"name":name,"note":note})
    # duplicate spans
    seen={}
    for d in out:
        k=(d['url'],d['start'],d['end'])
        if k in seen: print('DUP',d['id'],seen[k],d['text']); errs+=1
        seen[k]=d['id']
    with open('mentions_fresh.jsonl','w',encoding='utf-8') as f:
        for d in out: f.write(json.dumps(d,ensure_ascii=False)+'\n')
    print(n,'mentions',errs,'errors')
    if '-v' in sys.argv:
        for d in out:
            t=order_text[d['url']]
            print(d['id'], repr(t[max(0,d['start']-35):d['start']]+'['+d['text']+']'+t[d['end']:d['end']+25]), d['country'],d['sector'],d['kind'])
order_text={r['url']:r['text'] for r in order}
if __name__=='__main__': main()
