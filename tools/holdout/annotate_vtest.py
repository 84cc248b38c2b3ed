"""Ground truth for the vtest.avi sequences (static camera): median background subtraction blobs
(vt_blobs.py) + single-target blob association (vt_track.py); no appearance model, no tracker network.
Targets were chosen by inspecting the tracklets listed by vt_tracklets.py and the QC sheets (qc_sheet.py).
usage: annotate_vtest.py vtest.avi outdir"""
import os, subprocess, sys
from vt_track import load, track, fill
here = os.path.dirname(os.path.abspath(__file__))
# name: (first frame (0-based video index), initial blob box x,y,w,h)
TARGETS = {
    'vtest_p1': (50, (668, 259, 47, 114)),
    'vtest_p2': (78, (275, 52, 13, 32)),
    'vtest_p3': (175, (460, 217, 44, 89)),
    'vtest_p4': (193, (261, 200, 33, 80)),
    'vtest_p5': (358, (377, 176, 32, 73)),
}
if __name__ == '__main__':
    video, outdir = sys.argv[1], sys.argv[2]
    blobs = os.path.join(outdir, 'vt_blobs.json')
    if not os.path.exists(blobs):
        subprocess.check_call([sys.executable, os.path.join(here, 'vt_blobs.py'), video, blobs])
    B = load(blobs)
    for name, (t0, box) in TARGETS.items():
        g, tend, why = track(B, t0, box)
        seq = fill(g)
        with open(os.path.join(outdir, name + '.txt'), 'w') as f:
            for t, b, interp in seq: f.write('%.0f,%.0f,%.0f,%.0f\n' % tuple(b))
        print(name, 'first', t0, 'frames', len(seq), 'interpolated', sum(s[2] for s in seq), 'end:', why)
