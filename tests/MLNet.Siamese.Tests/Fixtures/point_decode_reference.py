"""Reference anchor-free decode (NanoTrack/pysot semantics, numpy 1.x dtype promotion) for PointDecoderTests.

Usage: point_decode_reference.py CASES_DIR
Each case i has CASES_DIR/i.cls (float32 C*S*S), i.loc (float32 4*S*S) and i.json
({"S","stride","w","h","scale_z","wi","pk","lr"}). Prints one JSON line per case:
{"best", "cx", "cy", "w", "h", "lr", "score"} with the box already divided by scale_z.
"""
import json, os, sys
import numpy as np
import torch


def decode(cls, loc, S, stride, size, scale_z, wi, pk, lr_k):
    ori = -(S // 2) * stride
    x, y = np.meshgrid([ori + stride * dx for dx in np.arange(0, S)],
                       [ori + stride * dy for dy in np.arange(0, S)])
    points = np.zeros((S * S, 2), dtype=np.float32)
    points[:, 0], points[:, 1] = x.astype(np.float32).flatten(), y.astype(np.float32).flatten()
    window = np.outer(np.hanning(S), np.hanning(S)).flatten()

    cls_t = torch.from_numpy(cls.reshape(1, -1, S, S))
    if cls_t.shape[1] == 1:
        score = cls_t.permute(1, 2, 3, 0).contiguous().view(-1).sigmoid().numpy()
    else:
        score = cls_t.permute(1, 2, 3, 0).contiguous().view(2, -1).permute(1, 0).softmax(1)[:, 1].numpy()
    delta = torch.from_numpy(loc.reshape(1, 4, S, S)).permute(1, 2, 3, 0).contiguous().view(4, -1).numpy().copy()
    delta[0, :] = points[:, 0] - delta[0, :]
    delta[1, :] = points[:, 1] - delta[1, :]
    delta[2, :] = points[:, 0] + delta[2, :]
    delta[3, :] = points[:, 1] + delta[3, :]
    x1, y1, x2, y2 = delta[0, :], delta[1, :], delta[2, :], delta[3, :]
    pred = np.stack([(x1 + x2) * 0.5, (y1 + y2) * 0.5, x2 - x1, y2 - y1])

    def change(r):
        return np.maximum(r, 1. / r)

    def sz(w, h):
        pad = (w + h) * 0.5
        return np.sqrt((w + pad) * (h + pad))

    s_c = change(sz(pred[2, :], pred[3, :]) / (sz(size[0] * scale_z, size[1] * scale_z)))
    r_c = change((size[0] / size[1]) / (pred[2, :] / pred[3, :]))
    penalty = np.exp(-(r_c * s_c - 1) * pk)
    pscore = penalty * score
    pscore = pscore * (1 - wi) + window * wi
    best = int(np.argmax(pscore))
    bbox = pred[:, best] / scale_z
    lr = penalty[best] * score[best] * lr_k
    return dict(best=best, cx=float(bbox[0]), cy=float(bbox[1]), w=float(bbox[2]), h=float(bbox[3]),
                lr=float(lr), score=float(score[best]))


def main():
    d = sys.argv[1]
    i = 0
    while os.path.exists(os.path.join(d, f"{i}.json")):
        p = json.load(open(os.path.join(d, f"{i}.json")))
        cls = np.fromfile(os.path.join(d, f"{i}.cls"), dtype=np.float32)
        loc = np.fromfile(os.path.join(d, f"{i}.loc"), dtype=np.float32)
        size = np.array([p["w"], p["h"]], dtype=np.float64)
        print(json.dumps(decode(cls, loc, p["S"], p["stride"], size, np.float64(p["scale_z"]), p["wi"], p["pk"], p["lr"])))
        i += 1


if __name__ == "__main__":
    main()
