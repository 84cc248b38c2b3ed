"""Ground truth for box.mp4 / cup.mp4 (static camera, object moved by hand) by classical colour
segmentation, independent of any tracker:
  box: saturated yellow (HSV 15-35 hue, S>=120, V>=90) -> the printed cardboard box; the hand (skin) is excluded.
  cup: dark and unsaturated (S<90, V<90) -> the black/smoked cup; thin arm contours removed by opening.
Mask -> opening -> closing -> largest connected component (+ nearby large pieces) -> axis-aligned bounding box (0-based x,y,w,h).
usage: annotate_color.py box|cup video out_gt.txt"""
import cv2, numpy as np, sys
cv2.setNumThreads(1)
kind, video, out = sys.argv[1:4]
cap = cv2.VideoCapture(video); rows = []; i = 0
ko = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))
kc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (21, 21))
while True:
    ok, f = cap.read()
    if not ok: break
    hsv = cv2.cvtColor(f, cv2.COLOR_BGR2HSV)
    if kind == 'box': m = cv2.inRange(hsv, (15, 120, 90), (35, 255, 255))
    else: m = cv2.inRange(hsv, (0, 0, 0), (180, 90, 90))
    m = cv2.morphologyEx(m, cv2.MORPH_OPEN, ko)
    m = cv2.morphologyEx(m, cv2.MORPH_CLOSE, kc)
    n, lab, st, cen = cv2.connectedComponentsWithStats(m, connectivity=8)
    j = 1 + int(np.argmax(st[1:, 4]))
    x, y, w, h, a = st[j]
    # the hand can cut the object's mask in two: add components >= 10 % of the largest that lie within 40 px of it
    for q in range(1, n):
        if q == j or st[q, 4] < 0.1 * a: continue
        qx, qy, qw, qh = st[q, :4]
        gx = max(qx - (x + w), x - (qx + qw), 0); gy = max(qy - (y + h), y - (qy + qh), 0)
        if max(gx, gy) < 40:
            x0, y0 = min(x, qx), min(y, qy); x1, y1 = max(x + w, qx + qw), max(y + h, qy + qh)
            x, y, w, h, a = x0, y0, x1 - x0, y1 - y0, a + st[q, 4]
    rows.append((x, y, w, h, a)); i += 1; H, W = f.shape[:2]
with open(out, 'w') as fo:
    for x, y, w, h, a in rows: fo.write('%d,%d,%d,%d\n' % (x, y, w, h))
r = np.array(rows)
print(out, len(rows), 'frames; touches border in', int(((r[:, 0] <= 0) | (r[:, 1] <= 0) | (r[:, 0] + r[:, 2] >= W) | (r[:, 1] + r[:, 3] >= H)).sum()),
      'frames; max rel. area change', float(np.max(np.abs(np.diff(r[:, 4])) / r[:-1, 4])))
for k in np.argsort(-np.abs(np.diff(r[:, 2] * r[:, 3])) / (r[:-1, 2] * r[:-1, 3]))[:6]: print('  jump at', k + 1, rows[k][:4], '->', rows[k + 1][:4])
