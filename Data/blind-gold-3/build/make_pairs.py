# Adapted from /work/notes/blind-gold-2/build/make_pairs.py. missing = posting's required ids minus the CV's shown ids.
import csv, os, sys
from collections import Counter
B='/work/notes/blind-gold-3'
comp=list(csv.DictReader(open(f'{B}/competencies.tsv',encoding='utf-8'),delimiter='\t'))
shown={};req={}
for r in comp:
    if r['status']=='shown': shown.setdefault(r['doc_id'],set()).add(r['value'])
    if r['status']=='required': req.setdefault(r['doc_id'],set()).add(r['value'])
docs=set(f[:-4] for f in os.listdir(f'{B}/docs'))
out=open(f'{B}/pairs.tsv','w',encoding='utf-8'); out.write('cv_id\tposting_id\tfit\tmissing\tnote\n')
c=Counter(); seen=set(); percv=Counter(); perjob=Counter()
for l in open(f'{B}/build/pairs.txt',encoding='utf-8'):
    l=l.strip()
    if not l or l.startswith('#'): continue
    cv,job,fit,note=[x.strip() for x in l.split(' || ')]
    cv='bg3-cv-'+cv; job='bg3-job-'+job
    assert cv in docs and job in docs,(cv,job); assert fit in('strong','possible','weak')
    assert (cv,job) not in seen,(cv,job); seen.add((cv,job))
    assert '\t' not in note
    m='|'.join(sorted(req.get(job,set())-shown.get(cv,set())))
    if '-v' in sys.argv: print(cv[7:],'->',job[8:],fit,':',m)
    out.write(f'{cv}\t{job}\t{fit}\t{m}\t{note}\n'); c[fit]+=1; percv[cv]+=1; perjob[job]+=1
print(c, sum(c.values()))
print('CVs without pair:',[d for d in docs if d.startswith('bg3-cv-') and d not in percv])
print('postings without pair:',[d for d in docs if d.startswith('bg3-job-') and d not in perjob])
# added for gold 3: 3-5 pairs per CV, every CV has one weak pair, fictional marker in every document
import re
bad=[cv for cv in percv if not 3<=percv[cv]<=5]
print('CVs with pair count outside 3-5:',bad)
for d in sorted(docs):
    t=open(f'{B}/docs/{d}.txt',encoding='utf-8').read()
    if not re.search(r'fictif|fictive|fictional',t,re.I): print('NO FICTIONAL MARKER',d)
