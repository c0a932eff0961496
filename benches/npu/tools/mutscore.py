#!/usr/bin/env python3
"""Mutation score of the NPU testbenches (maintainers only; slow: about
270 simulations).  Each reference gets small textual mutations (relational
operators, + and -, constants, logical operators, shifts, negated
conditions), up to three sites per operator; a mutant is killed when its
testbench fails.  Survivors are written to ./surv_TASK_N.v for review:
they should all be equivalent mutants.

Usage: tools/mutscore.py [TASK...]
"""
import os, re, subprocess, sys, tempfile, concurrent.futures as cf
S = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OPS=[(r'(?<![<>=!])>(?!=)', '>='), (r'>=', '>'), (r'(?<![<])<(?![<=])', '<='),
     (r" \+ ", " - "), (r" - ", " + "), (r"1'b1", "1'b0"), (r"1'b0", "1'b1"),
     (r"&&", "||"), (r"\|\|", "&&"), (r"~", ""), (r"<<<?", ">>"), (r">>>", ">>"),
     (r"3'd4", "3'd3"), (r"2'd3", "2'd2"), (r"'d1\b", "'d2"), (r"\bif \(", "if (!")]
def mutants(src):
    body = src.split(');',1)
    head, rest = body[0]+');', body[1]
    out=[]
    for pat, rep in OPS:
        ms=list(re.finditer(pat, rest))
        for m in ms[:3]:
            out.append(head + rest[:m.start()] + rep + rest[m.end():])
    return out
def run(task, i, code):
    with tempfile.TemporaryDirectory() as d:
        open(d+'/m.v','w').write(code)
        p=subprocess.run(['iverilog','-g2012','-o',d+'/x',d+'/m.v',S+'/'+task+'/tb.v'],capture_output=True)
        if p.returncode: return 'nocompile'
        try:
            p=subprocess.run(['vvp','-n',d+'/x'],capture_output=True,timeout=20)
        except subprocess.TimeoutExpired: return 'killed'
        out=p.stdout.decode(errors='replace')
        if p.returncode or re.search(r'^(ERROR|FATAL)',out,re.M): return 'killed'
        return 'survived'
tasks = sys.argv[1:] or sorted(d for d in os.listdir(S)
                         if os.path.isfile(S + '/' + d + '/ref.v'))
jobs=[]
for t in tasks:
    src=open(S+'/'+t+'/ref.v').read()
    for i,m in enumerate(mutants(src)):
        if m!=src: jobs.append((t,i,m))
res={}
with cf.ThreadPoolExecutor(2) as ex:
    for (t,i,m),r in zip(jobs, ex.map(lambda j: run(*j), jobs)):
        res.setdefault(t,[]).append((i,r,m))
tk=ts=0
for t in tasks:
    rs=[r for _,r,_ in res.get(t,[]) if r!='nocompile']
    k=rs.count('killed'); s=rs.count('survived'); tk+=k; ts+=s
    print('%-16s killed %3d survived %3d'%(t,k,s))
    for i,r,m in res.get(t,[]):
        if r=='survived':
            open('surv_%s_%d.v'%(t,i),'w').write(m)
print('TOTAL killed', tk, 'survived', ts)
