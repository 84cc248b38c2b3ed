"""Step 3 for vtest.avi: single-target association of foreground blobs (no appearance model).
Measurement at frame t = union of blobs lying mostly inside the velocity-predicted box (expanded).
Measurement rejected (merge with another person / occlusion / split) when its size departs from the
running median size; rejected frames are filled by linear interpolation if the gap is short (<= MAXGAP),
otherwise the sequence ends at the last good frame."""
import json, sys, numpy as np
MAXGAP = 8
def load(path): return json.load(open(path))['blobs']
def track(B, t0, box0, tmax=None, W=768, H=576):
    tmax = tmax or len(B) - 1
    good = {t0: list(map(float, box0))}; last_t = t0; vel = np.zeros(2)
    hist = [box0]
    for t in range(t0 + 1, tmax + 1):
        lb = np.array(good[last_t]); dt = t - last_t
        cx, cy = lb[0] + lb[2]/2 + vel[0]*dt, lb[1] + lb[3]/2 + vel[1]*dt
        mw, mh = np.median([h[2] for h in hist[-10:]]), np.median([h[3] for h in hist[-10:]])
        ex = [cx - 0.8*mw, cy - 0.65*mh, cx + 0.8*mw, cy + 0.65*mh]
        sel = []
        for x, y, w, h, a in B[t]:
            ix = max(0, min(x+w, ex[2]) - max(x, ex[0])); iy = max(0, min(y+h, ex[3]) - max(y, ex[1]))
            if ix*iy > 0.5*w*h: sel.append((x, y, w, h))
            elif ix*iy > 0.15*w*h: sel.append(None)   # a blob straddling the window: likely another person touching
        ok = len(sel) > 0 and None not in sel
        merged = None in sel
        if ok:
            x0 = min(s[0] for s in sel); y0 = min(s[1] for s in sel)
            x1 = max(s[0]+s[2] for s in sel); y1 = max(s[1]+s[3] for s in sel)
            m = [x0, y0, x1-x0, y1-y0]
            ok = 0.85*mh < m[3] < 1.18*mh and 0.6*mw < m[2] < 1.5*mw
            merged = m[2] >= 1.5*mw or m[3] >= 1.18*mh
            if ok:
                ncx, ncy = x0 + m[2]/2, y0 + m[3]/2
                ok = abs(ncx - cx) < 0.5*mw + 4 and abs(ncy - cy) < 0.25*mh + 4
        # target must stay away from image border (leaving = end)
        if ok and (m[0] <= 1 or m[0]+m[2] >= W-1 or m[1]+m[3] >= H-1): return good, t, 'border'
        if ok:
            nv = np.array([(m[0]+m[2]/2) - (lb[0]+lb[2]/2), (m[1]+m[3]/2) - (lb[1]+lb[3]/2)]) / dt
            vel = 0.7*vel + 0.3*nv if t > t0 + 1 else nv
            good[t] = list(map(float, m)); last_t = t; hist.append(m)
        elif merged:
            return good, t, 'merge with another blob (ambiguous)'
        elif t - last_t > MAXGAP:
            return good, t, 'lost (gap>%d)' % MAXGAP
    return good, tmax, 'end'
def fill(good):
    ts = sorted(good); out = []
    for a, b in zip(ts, ts[1:] + [None]):
        out.append((a, good[a], False))
        if b is None: break
        for t in range(a+1, b):
            f = (t-a)/(b-a); out.append((t, [good[a][k]*(1-f) + good[b][k]*f for k in range(4)], True))
    return out
if __name__ == '__main__':
    B = load(sys.argv[1]); T = json.load(open(sys.argv[2]))
    for k, tr in enumerate(T[:40]):
        g, tend, why = track(B, tr['start'], tr['boxes'][0])
        seq = fill(g); ni = sum(1 for s in seq if s[2])
        if len(seq) >= 60: print(k, 'start', tr['start'], tr['boxes'][0], 'len', len(seq), 'interp', ni, why, seq[-1][1])
