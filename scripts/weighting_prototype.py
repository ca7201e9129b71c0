#!/usr/bin/env python3
"""Term-weighting prototype on the dev collection (README, quality): TF-IDF (sublinear), log-entropy,
BM25-style saturation and pivoted length normalization, exact cosine without SVD, on a deliberately
simple analyzer (accents folded, 7-letter prefixes, a tiny stop list), H1 nDCG@10 and H2 MRR. A quick
way to see the direction of a weighting before building it into the engine; not the engine's numbers.
Reads ../shared/data/dev at run time (never copied). Python 3 + numpy.

    python3 scripts/weighting_prototype.py [DEV_DIR]
"""
import json, re, unicodedata, numpy as np, collections, sys, os
D = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../shared/data/dev')
def norm(s): return ''.join(c for c in unicodedata.normalize('NFD', s.lower()) if unicodedata.category(c)!='Mn')
STOP=set("le la les de des du un une et en a au aux pour par sur dans avec ou d l the of and to in a an is are for on with or as by be".split())
def toks(s): return [w[:7] for w in re.findall(r"[a-z]{2,}", norm(s)) if w not in STOP]
corpus=[json.loads(l) for l in open(f'{D}/corpus_rome.jsonl')]
ids=[c['id'] for c in corpus]; pos={d:i for i,d in enumerate(ids)}
def qrels(f):
    q=collections.defaultdict(dict)
    for l in open(f):
        a,_,d,g=l.split(); q[a][d]=int(g)
    return q
h1=qrels(f'{D}/h1_qrels.tsv')
docs=[toks(c['text']) for c in corpus]
vocab={}; 
for d in docs:
    for t in d: vocab.setdefault(t,len(vocab))
n=len(docs); V=len(vocab)
C=np.zeros((n,V))
for i,d in enumerate(docs):
    for t in d: C[i,vocab[t]]+=1
def ndcg(rank, rel):
    dcg=sum(rel.get(ids[r],0)/np.log2(i+2) for i,r in enumerate(rank[:10]))
    ideal=sum(g/np.log2(i+2) for i,g in enumerate(sorted(rel.values(),reverse=True)[:10]))
    return dcg/ideal
def evalH1(X):
    X=X/np.maximum(np.linalg.norm(X,axis=1,keepdims=True),1e-12)
    S=X@X.T; np.fill_diagonal(S,-9)
    return np.mean([ndcg(list(np.argsort(-S[pos[q]])), h1[q]) for q in h1])
df=(C>0).sum(0); idf=np.log((1+n)/(1+df))+1
tf=np.where(C>0,1+np.log(np.maximum(C,1)),0)
print('tfidf', evalH1(tf*idf))
p=C/np.maximum(C.sum(0),1); ent=1+np.where(p>0,p*np.log(np.where(p>0,p,1)),0).sum(0)/np.log(n)
print('logent', evalH1(np.log1p(C)*ent))
print('logent*idf', evalH1(np.log1p(C)*ent*idf))
L=C.sum(1,keepdims=True); avg=L.mean()
for k1 in [0.5,1.2,2]:
  for b in [0.0,0.5,0.75]:
    bm=C*(k1+1)/(C+k1*(1-b+b*L/avg)); print('bm25sat',k1,b, evalH1(bm*idf))
# (pivoted normalization cannot change H1's rankings here: evalH1 normalizes every vector; see H2 below)
X=tf*idf; X=X/np.linalg.norm(X,axis=1,keepdims=True)
for k in [50,100,200,300]:
    U,S,Vt=np.linalg.svd(X,full_matrices=False); Z=U[:,:k]*S[:k]; print('lsa',k,evalH1(Z))
# H2/H3-style: queries folded in with the corpus weights
for task in ['h2']:
    Q=[json.loads(l) for l in open(f'{D}/{task}_queries.jsonl')]; qr=qrels(f'{D}/{task}_qrels.tsv')
    Qc=np.zeros((len(Q),V))
    for i,q in enumerate(Q):
        for t in toks(q['text']):
            if t in vocab: Qc[i,vocab[t]]+=1
    def mrr(Xd, Xq):
        Xd=Xd/np.maximum(np.linalg.norm(Xd,axis=1,keepdims=True),1e-12); Xq=Xq/np.maximum(np.linalg.norm(Xq,axis=1,keepdims=True),1e-12)
        S=Xq@Xd.T; out=[]
        for i,q in enumerate(Q):
            if q['id'] not in qr: continue
            r=np.argsort(-S[i]); rel=qr[q['id']]
            out.append(next((1/(j+1) for j,x in enumerate(r) if ids[x] in rel),0))
        return np.mean(out)
    tfq=np.where(Qc>0,1+np.log(np.maximum(Qc,1)),0)
    print(task,'tfidf',mrr(tf*idf,tfq*idf))
    print(task,'logent',mrr(np.log1p(C)*ent,np.log1p(Qc)*ent))
    Lq=Qc.sum(1,keepdims=True)
    for k1 in [1.2,2]:
        for b in [0.3,0.75]:
            print(task,'bm25sat',k1,b,mrr(C*(k1+1)/(C+k1*(1-b+b*L/avg))*idf, tfq*idf))
    for s in [0.2,0.5,0.8]:
        nrm=np.linalg.norm(tf*idf,axis=1,keepdims=True); piv=(tf*idf)/((1-s)*nrm.mean()+s*nrm)
        # pivoted: doc norm pivoted, no renormalization
        Xq=tfq*idf; Xq=Xq/np.maximum(np.linalg.norm(Xq,axis=1,keepdims=True),1e-12)
        S=Xq@piv.T; out=[]
        for i,q in enumerate(Q):
            if q['id'] not in qr: continue
            r=np.argsort(-S[i]); rel=qr[q['id']]; out.append(next((1/(j+1) for j,x in enumerate(r) if ids[x] in rel),0))
        print(task,'pivot',s,np.mean(out))
