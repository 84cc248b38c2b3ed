"""Step 2 for vtest.avi: greedy IoU association of foreground blobs into tracklets.
A tracklet ends when its blob has no unique continuation (merge/split/ambiguity) or
its area jumps by more than 35 % between frames. Prints long tracklets."""
import json, sys
J = json.load(open(sys.argv[1])); B = J['blobs']
def iou(a, b):
    ix = max(0, min(a[0]+a[2], b[0]+b[2]) - max(a[0], b[0])); iy = max(0, min(a[1]+a[3], b[1]+b[3]) - max(a[1], b[1]))
    i = ix*iy; return i / (a[2]*a[3] + b[2]*b[3] - i + 1e-9)
def boxarea(b): return b[2]*b[3]
active = []; done = []
for t, blobs in enumerate(B):
    blobs = [b for b in blobs if b[3] >= 25]   # person-sized only
    # candidate links
    links = {}
    for ti, tr in enumerate(active):
        last = tr['boxes'][-1]
        c = [bi for bi, b in enumerate(blobs) if iou(last, b) > 0.3]
        links[ti] = c
    used = {}
    for ti, c in links.items():
        for bi in c: used[bi] = used.get(bi, 0) + 1
    new_active = []
    taken = set()
    for ti, tr in enumerate(active):
        c = links[ti]
        ok = len(c) == 1 and used[c[0]] == 1
        if ok:
            b = blobs[c[0]]; last = tr['boxes'][-1]
            r = boxarea(b) / boxarea(last)
            ok = 1/1.35 < r < 1.35
        if ok:
            tr['boxes'].append(b[:4]); new_active.append(tr); taken.add(c[0])
        else:
            tr['end_reason'] = 'links=%d shared=%s' % (len(c), [used[x] for x in c]); done.append(tr)
    for bi, b in enumerate(blobs):
        if bi not in taken and used.get(bi, 0) == 0:
            new_active.append({'start': t, 'boxes': [b[:4]]})
    active = new_active
for tr in active: tr['end_reason'] = 'video end'; done.append(tr)
done.sort(key=lambda tr: -len(tr['boxes']))
json.dump(done, open(sys.argv[2], 'w'))
for k, tr in enumerate(done[:25]):
    b0, b1 = tr['boxes'][0], tr['boxes'][-1]
    print(k, 'start', tr['start'], 'len', len(tr['boxes']), 'first', b0, 'last', b1, tr['end_reason'])
