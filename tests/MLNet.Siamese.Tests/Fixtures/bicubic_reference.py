"""Reference for BicubicUpsamplerTests: cv2.resize(map, (m, m), interpolation=cv2.INTER_CUBIC) on float32 maps.

Usage: bicubic_reference.py CASES_DIR
Each case i has CASES_DIR/i.map (float32, n*n row-major) and i.json ({"n", "m"}); writes i.out (float32, m*m) and
prints one line per case ("ok").
"""
import json, os, sys
import numpy as np
import cv2


def main():
    d = sys.argv[1]
    i = 0
    while os.path.exists(os.path.join(d, f"{i}.json")):
        p = json.load(open(os.path.join(d, f"{i}.json")))
        src = np.fromfile(os.path.join(d, f"{i}.map"), dtype=np.float32).reshape(p["n"], p["n"])
        out = cv2.resize(src, (p["m"], p["m"]), interpolation=cv2.INTER_CUBIC)
        assert out.dtype == np.float32 and out.shape == (p["m"], p["m"])
        np.ascontiguousarray(out).tofile(os.path.join(d, f"{i}.out"))
        print("ok")
        i += 1


if __name__ == "__main__":
    main()
