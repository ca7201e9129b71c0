# Adapted from /work/notes/blind-gold-2/build/make.py: hand notes in "@id" blocks -> TSVs, with checks.
import os
B='/work/notes/blind-gold-3'
docs={f[:-4]:open(f'{B}/docs/{f}',encoding='utf-8').read() for f in os.listdir(f'{B}/docs') if f.endswith('.txt')}
ids=set(l.split('\t')[0] for l in open('/work/notes/competency-list-for-gold3.tsv',encoding='utf-8') if l.strip())
err=0
def rows(fn,n):
    out=[];cur=None
    for l in open(f'{B}/build/{fn}',encoding='utf-8'):
        l=l.rstrip('\n')
        if not l.strip() or l.startswith('#'): continue
        if l.startswith('@'): cur='bg3-'+l[1:].strip(); continue
        p=[x.strip() for x in l.split(' || ')]
        assert len(p)==n,(fn,l)
        out.append([cur]+p)
    return out
def check(doc,ev):
    global err
    if doc not in docs: print('NO DOC',doc); err+=1; return
    for part in ev.split(' … '):
        if not part or part not in docs[doc]: print('EVIDENCE NOT FOUND',doc,'|',part); err+=1
    for bad in ('\t','\n'):
        if bad in ev: print('BAD CHAR',doc); err+=1
comp=rows('comp.txt',3); seen=set()
for d,v,s,e in comp:
    check(d,e)
    if v not in ids: print('BAD ID',d,v); err+=1
    iscv=d.startswith('bg3-cv-')
    if (iscv and s not in('shown','intent')) or (not iscv and s not in('required','desirable','context')): print('BAD STATUS',d,v,s); err+=1
    if (d,v) in seen: print('DUP',d,v); err+=1
    seen.add((d,v))
lang=rows('lang.txt',4); lseen=set()
for d,l,lv,s,e in lang:
    check(d,e)
    if lv not in ('notions','intermediate','good','excellent','native','unspecified'): print('BAD LEVEL',d,lv); err+=1
    iscv=d.startswith('bg3-cv-')
    if (iscv and s!='declared') or (not iscv and s not in ('required','desirable')): print('BAD LSTATUS',d,l,s); err+=1
    if (d,l) in lseen: print('DUP LANG',d,l); err+=1
    lseen.add((d,l))
req=rows('req.txt',3)
for d,k,v,e in req:
    check(d,e)
    iscv=d.startswith('bg3-cv-')
    if (iscv and k!='years_experience') or (not iscv and k not in ('years_min','degree')): print('BAD KIND',d,k); err+=1
    if k!='degree': float(v)
for d in docs:
    if not docs[d].strip(): print('EMPTY',d); err+=1
print('docs',len(docs),'comp rows',len(comp),'lang rows',len(lang),'req rows',len(req),'errors',err)
if err: raise SystemExit(1)
with open(f'{B}/competencies.tsv','w',encoding='utf-8') as f:
    f.write('doc_id\tkind\tvalue\tstatus\tevidence\n')
    for d,v,s,e in comp: f.write(f'{d}\tcompetency\t{v}\t{s}\t{e}\n')
with open(f'{B}/languages.tsv','w',encoding='utf-8') as f:
    f.write('doc_id\tlanguage\tlevel\tstatus\tevidence\n')
    for r in lang: f.write('\t'.join(r)+'\n')
with open(f'{B}/requirements.tsv','w',encoding='utf-8') as f:
    f.write('doc_id\tkind\tvalue\tevidence\n')
    for r in req: f.write('\t'.join(r)+'\n')
# added for gold 3: language codes are ISO 639 (2 letters, or 3 where no 2-letter code exists)
for d,l,lv,s,e in lang:
    if not (len(l)==2 or l in ('moe','rom')): print('ODD LANG CODE',d,l)
