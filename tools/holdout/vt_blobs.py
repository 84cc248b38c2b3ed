"""Step 1 for vtest.avi: median background + thresholding + morphology + connected components.
Writes per-frame blob list (x,y,w,h,area) to a JSON file. Classical, no learned model."""
import cv2, numpy as np, json, sys
cv2.setNumThreads(1)
video, out = sys.argv[1], sys.argv[2]
cap = cv2.VideoCapture(video); frames = []
while True:
    ok, f = cap.read()
    if not ok: break
    frames.append(cv2.cvtColor(f, cv2.COLOR_BGR2GRAY) if False else f)
n = len(frames)
# median background from 80 frames spread over the whole video
idx = np.linspace(0, n - 1, 80).astype(int)
bg = np.median(np.stack([frames[i] for i in idx]), axis=0).astype(np.uint8)
cv2.imwrite(out.replace('.json', '_bg.png'), bg)
bgf = bg.astype(np.int16)
k3 = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (3, 3))
k7 = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 9))
res = []
for i, f in enumerate(frames):
    d = np.abs(f.astype(np.int16) - bgf).max(axis=2)
    m = (d > 30).astype(np.uint8) * 255
    m = cv2.morphologyEx(m, cv2.MORPH_OPEN, k3)
    m = cv2.morphologyEx(m, cv2.MORPH_CLOSE, k7)
    nl, lab, st, cen = cv2.connectedComponentsWithStats(m, connectivity=8)
    blobs = [[int(v) for v in st[j]] for j in range(1, nl) if st[j][4] >= 60]
    res.append(blobs)
json.dump({'n': n, 'blobs': res}, open(out, 'w'))
print(n, 'frames', sum(len(b) for b in res), 'blobs')
