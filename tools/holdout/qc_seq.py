"""QC on a materialised OTB-style sequence: draw groundtruth_rect.txt on every STEP-th frame (and the last)
and write a contact sheet of context crops.  usage: qc_seq.py SEQ_DIR OUT.png [STEP]"""
import cv2, numpy as np, os, sys
cv2.setNumThreads(1)
d, out = sys.argv[1], sys.argv[2]; step = int(sys.argv[3]) if len(sys.argv) > 3 else 10
boxes = [list(map(float, l.replace(',', ' ').split())) for l in open(os.path.join(d, 'groundtruth_rect.txt')) if l.strip()]
C = 200; tiles = []
for k in sorted(set(list(range(0, len(boxes), step)) + [len(boxes) - 1])):
    f = cv2.imread(os.path.join(d, 'img', '%04d.jpg' % (k + 1)))
    x, y, w, h = boxes[k]; s = max(w, h) * 2.2; cx, cy = x + w / 2, y + h / 2
    M = np.float32([[C / s, 0, C / 2 - cx * C / s], [0, C / s, C / 2 - cy * C / s]])
    t = cv2.warpAffine(f, M, (C, C), borderValue=(60, 60, 60))
    p0 = M @ np.array([x, y, 1.0]); p1 = M @ np.array([x + w, y + h, 1.0])
    cv2.rectangle(t, (int(round(p0[0])), int(round(p0[1]))), (int(round(p1[0])) - 1, int(round(p1[1])) - 1), (0, 255, 0), 1)
    cv2.putText(t, '%d' % (k + 1), (3, 16), 0, 0.5, (0, 255, 255), 1); tiles.append(t)
cols = 8; rows = (len(tiles) + cols - 1) // cols
S = np.zeros((rows * C, cols * C, 3), np.uint8)
for j, t in enumerate(tiles): S[(j // cols) * C:(j // cols + 1) * C, (j % cols) * C:(j % cols + 1) * C] = t
cv2.imwrite(out, S); print(out, len(tiles), 'tiles of', len(boxes))
