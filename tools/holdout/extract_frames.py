"""Extract frames [first, first+count) of a video (0-based index, decoded sequentially with OpenCV,
the same decoder used for annotation) to outdir/img/0001.jpg ... (JPEG quality 95)."""
import cv2, os, sys
cv2.setNumThreads(1)
video, first, count, outdir = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
img = os.path.join(outdir, 'img'); os.makedirs(img, exist_ok=True)
cap = cv2.VideoCapture(video); i = 0; n = 0
while n < count:
    ok, f = cap.read()
    if not ok: sys.exit('%s: video ended at frame %d, expected %d' % (video, i, first + count))
    if i >= first:
        n += 1; cv2.imwrite(os.path.join(img, '%04d.jpg' % n), f, [cv2.IMWRITE_JPEG_QUALITY, 95])
    i += 1
