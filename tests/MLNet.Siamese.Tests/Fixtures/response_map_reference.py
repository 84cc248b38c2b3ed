"""Reference response-map tracking steps (siamfc-pytorch TrackerSiamFC.init/update semantics, FDSiamFC's optional
centre clipping) for ResponseMapDecoderTests. Written from the reference's documented behaviour; the model outputs are
replaced by the given responses, so only the decoding and the state update run.

Usage: response_map_reference.py CASES_DIR
Case i: CASES_DIR/i.json {"box": [x,y,w,h] (1-based), "frames": T, "S", "scale_num", "scale_step", "scale_penalty",
"scale_lr", "window_influence", "response_up", "total_stride", "instance_sz", "exemplar_sz", "context", "clip",
"height", "width"} and i.resp (float32, T*scale_num*S*S). Prints one JSON line per case:
{"scale_factors": [...], "init": STATE, "frames": [{"scale_id", "row", "col", "peak", "state": STATE, "box": [...]}]}
with STATE = {"cx", "cy", "w", "h", "z_sz", "x_sz"}; floats are printed with repr, so they round-trip exactly.
"""
import json, os, sys
import numpy as np
import cv2


class Decoder:
    def __init__(self, cfg, box):
        self.cfg = cfg
        # convert box to 0-indexed and center based [y, x, h, w] (float32, as the reference)
        box = np.array([
            box[1] - 1 + (box[3] - 1) / 2,
            box[0] - 1 + (box[2] - 1) / 2,
            box[3], box[2]], dtype=np.float32)
        self.center, self.target_sz = box[:2], box[2:]
        self.upscale_sz = cfg["response_up"] * cfg["S"]
        self.hann_window = np.outer(np.hanning(self.upscale_sz), np.hanning(self.upscale_sz))
        self.hann_window /= self.hann_window.sum()
        self.scale_factors = cfg["scale_step"] ** np.linspace(
            -(cfg["scale_num"] // 2), cfg["scale_num"] // 2, cfg["scale_num"])
        context = cfg["context"] * np.sum(self.target_sz)
        self.z_sz = np.sqrt(np.prod(self.target_sz + context))
        self.x_sz = self.z_sz * cfg["instance_sz"] / cfg["exemplar_sz"]

    def state(self):
        return dict(cx=float(self.center[1]), cy=float(self.center[0]), w=float(self.target_sz[1]),
                    h=float(self.target_sz[0]), z_sz=float(self.z_sz), x_sz=float(self.x_sz))

    def update(self, responses, img_shape):
        cfg = self.cfg
        n = cfg["scale_num"]
        responses = np.stack([cv2.resize(u, (self.upscale_sz, self.upscale_sz), interpolation=cv2.INTER_CUBIC)
                              for u in responses])
        responses[:n // 2] *= cfg["scale_penalty"]
        responses[n // 2 + 1:] *= cfg["scale_penalty"]
        maxima = np.amax(responses, axis=(1, 2))
        scale_id = np.argmax(maxima)
        response = responses[scale_id]
        response -= response.min()
        response /= response.sum() + 1e-16
        response = (1 - cfg["window_influence"]) * response + cfg["window_influence"] * self.hann_window
        loc = np.unravel_index(response.argmax(), response.shape)
        disp_in_response = np.array(loc) - (self.upscale_sz - 1) / 2
        disp_in_instance = disp_in_response * cfg["total_stride"] / cfg["response_up"]
        disp_in_image = disp_in_instance * self.x_sz * self.scale_factors[scale_id] / cfg["instance_sz"]
        self.center += disp_in_image
        if cfg["clip"]:
            self.center[0] = np.clip(self.center[0], 0, img_shape[0])
            self.center[1] = np.clip(self.center[1], 0, img_shape[1])
        scale = (1 - cfg["scale_lr"]) * 1.0 + cfg["scale_lr"] * self.scale_factors[scale_id]
        self.target_sz *= scale
        self.z_sz *= scale
        self.x_sz *= scale
        box = np.array([
            self.center[1] + 1 - (self.target_sz[1] - 1) / 2,
            self.center[0] + 1 - (self.target_sz[0] - 1) / 2,
            self.target_sz[1], self.target_sz[0]])
        return dict(scale_id=int(scale_id), row=int(loc[0]), col=int(loc[1]), peak=float(maxima[scale_id]),
                    state=self.state(), box=[float(v) for v in box])


def main():
    d = sys.argv[1]
    i = 0
    while os.path.exists(os.path.join(d, f"{i}.json")):
        cfg = json.load(open(os.path.join(d, f"{i}.json")))
        S, n, T = cfg["S"], cfg["scale_num"], cfg["frames"]
        resp = np.fromfile(os.path.join(d, f"{i}.resp"), dtype=np.float32).reshape(T, n, S, S)
        dec = Decoder(cfg, cfg["box"])
        out = dict(scale_factors=[float(f) for f in dec.scale_factors], init=dec.state(), frames=[])
        for t in range(T):
            out["frames"].append(dec.update(resp[t].copy(), (cfg["height"], cfg["width"], 3)))
        print(json.dumps(out))
        i += 1


if __name__ == "__main__":
    main()
