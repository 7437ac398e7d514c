#!/usr/bin/env python3
# The main thread's JFR samples inside TrainStepBenchmark.trainStep, by CpuBackend method and phase, for a run on 1 thread
# against one on 2 (the ratio is how the operation's wall time scales):
#   for t in 1 2; do DARTS4J_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/sc$t.jfr,settings=profile -XX:FlightRecorderOptions=stackdepth=512" \
#     ./darts4j bench train-step ARGS --threads $t --steps 12; jfr print --stack-depth 200 --events jdk.ExecutionSample /tmp/sc$t.jfr > /tmp/sc$t.txt; done
#   python3 docs/evidence/speed2/jfr-scaling.py [ONE_THREAD.txt TWO_THREADS.txt]   (default: the /tmp/sc1.txt and /tmp/sc2.txt above)
import re,collections,sys
def load(fn):
    txt=open(fn).read(); c=collections.Counter()
    for s in txt.split('jdk.ExecutionSample')[1:]:
        t=re.search(r'sampledThread = "([^"]+)"',s)
        if not t or t.group(1)!='main': continue
        fr=re.findall(r'^\s+(\S.*?)\s+line:',s,re.M)
        if not any('trainStep' in f for f in fr): continue
        key='?'
        for f in fr:
            m=re.match(r'org\.darts4j\.tensor\.cpu\.CpuBackend\.(\w+?)(\$|\(|$)',f)
            if m:
                key=m.group(1)
                if key.startswith('lambda'):
                    mm=re.search(r'lambda\$(\w+)\$',f); key='lambda:'+(mm.group(1) if mm else '?')
                break
        ph='bwd' if any('Autograd.propagate' in f for f in fr) else 'fwd'
        if key=='?':
            key='?'+re.sub(r'\(.*','',fr[0]).split('.')[-2]+'.'+re.sub(r'\(.*','',fr[0]).split('.')[-1]
        c[(ph,key)]+=1
    return c
one, two = sys.argv[1:3] if len(sys.argv) > 2 else ('/tmp/sc1.txt', '/tmp/sc2.txt')
a=load(one); b=load(two)
print('total main samples in trainStep', sum(a.values()), sum(b.values()))
keys=sorted(set(a)|set(b), key=lambda k:-(a[k]+b[k]))
for k in keys[:30]: print(f"{k[0]} {k[1]:40s} 1t {a[k]:4d}  2t {b[k]:4d}  ratio {b[k]/max(a[k],1):.2f}")
