"""Reference anchor decode (pysot SiamRPNTracker: generate_anchor, _convert_score, _convert_bbox, penalty, window;
numpy 1.x dtype promotion, torch softmax) for AnchorDecoderTests. Written from the reference's documented behaviour.

Usage: anchor_decode_reference.py CASES_DIR
Case i: CASES_DIR/i.cls (float32, 2A*S*S), i.loc (float32, 4A*S*S), i.json {"S", "stride", "ratios", "scales", "w",
"h", "scale_z", "wi", "pk", "lr"}. Prints one JSON line per case: {"best", "cx", "cy", "w", "h", "lr", "score"} with
the box already divided by scale_z.
"""
import json, math, os, sys
import numpy as np
import torch
import torch.nn.functional as F


def base_anchors(stride, ratios, scales):
    anchors = np.zeros((len(ratios) * len(scales), 4), dtype=np.float32)
    size = stride * stride
    count = 0
    for r in ratios:
        ws = int(math.sqrt(size * 1. / r))
        hs = int(ws * r)
        for s in scales:
            w = ws * s
            h = hs * s
            anchors[count][:] = [-w * 0.5, -h * 0.5, w * 0.5, h * 0.5][:]
            count += 1
    return anchors


def generate_anchor(score_size, stride, ratios, scales):
    anchor = base_anchors(stride, ratios, scales)
    x1, y1, x2, y2 = anchor[:, 0], anchor[:, 1], anchor[:, 2], anchor[:, 3]
    anchor = np.stack([(x1 + x2) * 0.5, (y1 + y2) * 0.5, x2 - x1, y2 - y1], 1)
    anchor_num = anchor.shape[0]
    anchor = np.tile(anchor, score_size * score_size).reshape((-1, 4))
    ori = - (score_size // 2) * stride
    xx, yy = np.meshgrid([ori + stride * dx for dx in range(score_size)],
                         [ori + stride * dy for dy in range(score_size)])
    xx, yy = np.tile(xx.flatten(), (anchor_num, 1)).flatten(), np.tile(yy.flatten(), (anchor_num, 1)).flatten()
    anchor[:, 0], anchor[:, 1] = xx.astype(np.float32), yy.astype(np.float32)
    return anchor


def decode(cls, loc, p):
    S, A = p["S"], len(p["ratios"]) * len(p["scales"])
    anchors = generate_anchor(S, p["stride"], p["ratios"], p["scales"])
    window = np.tile(np.outer(np.hanning(S), np.hanning(S)).flatten(), A)

    score = torch.from_numpy(cls.reshape(1, 2 * A, S, S))
    score = score.permute(1, 2, 3, 0).contiguous().view(2, -1).permute(1, 0)
    score = F.softmax(score, dim=1).data[:, 1].cpu().numpy()

    delta = torch.from_numpy(loc.reshape(1, 4 * A, S, S))
    delta = delta.permute(1, 2, 3, 0).contiguous().view(4, -1).data.cpu().numpy()
    delta[0, :] = delta[0, :] * anchors[:, 2] + anchors[:, 0]
    delta[1, :] = delta[1, :] * anchors[:, 3] + anchors[:, 1]
    delta[2, :] = np.exp(delta[2, :]) * anchors[:, 2]
    delta[3, :] = np.exp(delta[3, :]) * anchors[:, 3]
    pred_bbox = delta

    def change(r):
        return np.maximum(r, 1. / r)

    def sz(w, h):
        pad = (w + h) * 0.5
        return np.sqrt((w + pad) * (h + pad))

    size = np.array([p["w"], p["h"]], dtype=np.float64)
    scale_z = np.float64(p["scale_z"])
    s_c = change(sz(pred_bbox[2, :], pred_bbox[3, :]) / (sz(size[0] * scale_z, size[1] * scale_z)))
    r_c = change((size[0] / size[1]) / (pred_bbox[2, :] / pred_bbox[3, :]))
    penalty = np.exp(-(r_c * s_c - 1) * p["pk"])
    pscore = penalty * score
    pscore = pscore * (1 - p["wi"]) + window * p["wi"]
    best = int(np.argmax(pscore))
    bbox = pred_bbox[:, best] / scale_z
    lr = penalty[best] * score[best] * p["lr"]
    return dict(best=best, cx=float(bbox[0]), cy=float(bbox[1]), w=float(bbox[2]), h=float(bbox[3]),
                lr=float(lr), score=float(score[best]))


def main():
    d = sys.argv[1]
    i = 0
    while os.path.exists(os.path.join(d, f"{i}.json")):
        p = json.load(open(os.path.join(d, f"{i}.json")))
        cls = np.fromfile(os.path.join(d, f"{i}.cls"), dtype=np.float32)
        loc = np.fromfile(os.path.join(d, f"{i}.loc"), dtype=np.float32)
        print(json.dumps(decode(cls, loc, p)))
        i += 1


if __name__ == "__main__":
    main()
