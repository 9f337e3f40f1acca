"""Article selection: seed 2026, see README."""
from load import *
import random, json
SEED=2026
R=rows(); U,T=excluded()
rem=[r for r in R if not is_excluded(r,U,T)]
rem.sort(key=lambda r:r['url'])
order=random.Random(SEED).sample(rem,len(rem))
# manual topical judgement over the permutation order (positions), see README
KEEP=[0,1,3,5,7,8,11,12,14,16,17,19,20,23,25,28,29,38,46,47,50,51,57,58,66]
# supplement (see README): the first terrorism/armed-violence article after position 59
KEEP += [88]
if __name__=='__main__':
    import os; os.makedirs("art",exist_ok=True)
    for k in KEEP:
        r=order[k]
        open(f'art/{k:02d}.txt','w').write(r['url']+'\n'+r['date']+'\n'+r['title']+'\n=====\n'+r['text'])
