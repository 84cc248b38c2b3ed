"""siamese_training.train: labels, losses, crops, pair sampling, the loop (determinism, resume) and the CLI."""

import json
import math
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import unittest

import numpy as np
import torch

from tests import _paths
from tests._synthetic import SyntheticSequencesMixin
from siamese_training.train import augment
from siamese_training.train.losses import linear_iou_loss, logistic_loss, select_cross_entropy
from siamese_training.train.pairs import PairSampler
from siamese_training.train.sequences import FramePool, read_groundtruth
from siamese_training.train.targets import point_grid, point_labels, response_labels
from siamese_training.models.registry import build_model
from siamese_training.train.trainer import TrainConfig, Trainer, compute_loss, make_batch


class LabelTest(unittest.TestCase):
    def test_point_grid_matches_the_runtime_decoder(self):
        xs, ys = point_grid(16, 16, 255)
        # ori = -(S//2)*stride from the crop centre 127: -128 .. 112 -> crop pixels -1 .. 239
        self.assertEqual(xs[0, 0], -1.0)
        self.assertEqual(xs[0, 15], 239.0)
        self.assertEqual(ys[15, 0], 239.0)
        self.assertEqual(xs[0, 8], 127.0)

    def test_ellipse_labels_and_distances(self):
        box = np.array([87.0, 97.0, 167.0, 157.0])          # 80 x 60 centred on (127, 127)
        cls, loc = point_labels(box, True, 16, 16, 255)
        self.assertEqual(cls[8, 8], 1)                      # the centre point
        self.assertEqual(cls[0, 0], 0)                      # far corner: background
        xs, ys = point_grid(16, 16, 255)
        pos = cls == 1
        inside = (xs > box[0]) & (xs < box[2]) & (ys > box[1]) & (ys < box[3])
        self.assertTrue(np.all(inside[pos]))
        self.assertTrue((cls == -1).any())                  # the ring between the ellipses is ignored
        np.testing.assert_allclose(loc[:, 8, 8], [40, 30, 40, 30])

    def test_negative_pair_is_all_background(self):
        cls, loc = point_labels(np.array([87.0, 97.0, 167.0, 157.0]), False, 16, 16, 255)
        self.assertTrue(np.all(cls == 0))

    def test_tiny_target_still_gets_a_positive_point(self):
        cls, _ = point_labels(np.array([120.0, 120.0, 134.0, 134.0]), True, 16, 16, 255)
        self.assertEqual(int((cls == 1).sum()), 1)
        self.assertEqual(cls[8, 8], 1)

    def test_response_labels_are_balanced(self):
        labels, weights = response_labels(np.array([100.0, 100.0, 154.0, 154.0]), True, 17, 8, 255)
        self.assertAlmostEqual(float(weights.sum()), 1.0, places=5)
        self.assertAlmostEqual(float(weights[labels > 0].sum()), 0.5, places=5)
        self.assertEqual(labels[8, 8], 1.0)
        self.assertEqual(labels[0, 0], 0.0)
        labels, weights = response_labels(None, False, 17, 8, 255)
        self.assertEqual(labels.sum(), 0)
        self.assertAlmostEqual(float(weights.sum()), 1.0, places=5)


class LossTest(unittest.TestCase):
    def test_cross_entropy_is_balanced_and_ignores_minus_one(self):
        labels = torch.tensor([[[1, 0], [0, -1]]])
        logits = torch.zeros(1, 2, 2, 2)
        self.assertAlmostEqual(float(select_cross_entropy(logits, labels)), float(np.log(2)), places=5)
        logits[0, 1, 0, 0] = 20.0                          # confident and right on the positive
        logits[0, 0, 0, 1] = logits[0, 0, 1, 0] = 20.0     # and on the negatives
        logits[0, 1, 1, 1] = 50.0                          # wrong but ignored
        self.assertLess(float(select_cross_entropy(logits, labels)), 1e-6)

    def test_linear_iou(self):
        labels = torch.tensor([[[1]]])
        target = torch.full((1, 4, 1, 1), 2.0)
        self.assertAlmostEqual(float(linear_iou_loss(target.clone(), target, labels)), 0.0, places=6)
        pred = torch.full((1, 4, 1, 1), 1.0)               # 2x2 inside 4x4: (4+1)/(16+1)
        self.assertAlmostEqual(float(linear_iou_loss(pred, target, labels)), 1 - 5 / 17, places=6)
        self.assertEqual(float(linear_iou_loss(pred, target, torch.tensor([[[0]]]))), 0.0)

    def test_logistic_loss_prefers_the_right_map(self):
        labels, weights = response_labels(np.array([100.0, 100.0, 154.0, 154.0]), True, 17, 8, 255)
        labels, weights = torch.from_numpy(labels)[None], torch.from_numpy(weights)[None]
        good = (labels * 2 - 1)[:, None] * 5
        self.assertLess(float(logistic_loss(good, labels, weights)), float(logistic_loss(-good, labels, weights)))
        self.assertAlmostEqual(float(logistic_loss(torch.zeros(1, 1, 17, 17), labels, weights)), float(np.log(2)),
                               places=5)


class CropTest(unittest.TestCase):
    def test_crop_maps_the_box_where_its_pixels_land(self):
        img = np.zeros((200, 300, 3), np.uint8)
        img[50:90, 100:160] = 255                           # box x=100, y=50, w=60, h=40
        box = (100.0, 50.0, 60.0, 40.0)
        patch, m = augment.crop(img, 130.0, 70.0, 200.0, 200.0, 100, (10, 10, 10))
        x1, y1, x2, y2 = augment.box_to_crop(box, m)
        self.assertAlmostEqual((x1 + x2) / 2, 49.5 + 0.0 * 0.5, delta=0.5)
        self.assertAlmostEqual(x2 - x1, 30.0, places=6)
        self.assertAlmostEqual(y2 - y1, 20.0, places=6)
        self.assertEqual(patch[int((y1 + y2) / 2), int((x1 + x2) / 2)].tolist(), [255, 255, 255])
        self.assertEqual(patch[2, 2].tolist(), [10, 10, 10])  # outside the image: the pad colour

    def test_context_side(self):
        self.assertAlmostEqual(augment.context_side(40, 20), np.sqrt(70 * 50))


class PairAndTrainerTest(SyntheticSequencesMixin, unittest.TestCase):
    tmp_prefix = "train-"

    def test_groundtruth_reader(self):
        self.assertEqual(read_groundtruth(os.path.join(self.tmp, "a", "groundtruth_rect.txt")).shape, (12, 4))
        bad = os.path.join(self.tmp, "bad.txt")
        with open(bad, "w") as f:
            f.write("1,2,3,4\n1,2,x,4\n")
        with self.assertRaisesRegex(ValueError, "bad.txt:2"):
            read_groundtruth(bad)

    def test_pairs_show_the_target_where_the_label_says(self):
        sampler = PairSampler(self.seqs, self.pool, mix=[("video", 1.0)], flip=0.5, gray=0.0,
                              search_aug=augment.Augmentation(shift=32, scale=0.1, colour=0.0),
                              template_aug=augment.Augmentation(colour=0.0))
        rng = np.random.default_rng(3)
        for _ in range(10):
            p = sampler.sample(rng)
            self.assertEqual(p.template.shape, (127, 127, 3))
            self.assertEqual(p.search.shape, (255, 255, 3))
            cx, cy = int((p.box[0] + p.box[2]) / 2), int((p.box[1] + p.box[3]) / 2)
            b, g, r = p.search[cy, cx].tolist()             # the red square's centre, flipped or not
            self.assertGreater(r, 200)
            self.assertLess(max(b, g), 60)
            self.assertEqual(p.template[63, 63].tolist()[2] > 200, True)

    def test_pasted_pairs_show_the_target_on_another_picture(self):
        pool = FramePool()                                   # pictures without red: only the pasted target is
        noise = np.random.default_rng(9)
        for shape in ((200, 300, 3), (36, 30, 3)):           # the small one is scaled up to take the target
            pool.add(noise.integers(0, 60, size=shape, dtype=np.uint8), "noise")
        sampler = PairSampler(self.seqs, pool, mix=[("paste", 1.0)], flip=0.5, gray=0.0,
                              search_aug=augment.Augmentation(shift=32, scale=0.1, colour=0.0),
                              template_aug=augment.Augmentation(colour=0.0))
        before = [image.copy() for image in pool.images]
        rng = np.random.default_rng(4)
        for _ in range(10):
            p = sampler.sample(rng)
            self.assertEqual((p.kind, p.positive), ("paste", True))
            self.assertEqual(p.search.shape, (255, 255, 3))
            cx, cy = int((p.box[0] + p.box[2]) / 2), int((p.box[1] + p.box[3]) / 2)
            b, g, r = p.search[cy, cx].tolist()             # the red square, pasted where the label says
            self.assertGreater(r, 200)
            self.assertLess(max(b, g), 60)
            red = (p.search[..., 2] > 200) & (p.search[..., :2].max(axis=2) < 60)
            ys, xs = np.nonzero(red)                         # every red pixel lies in the label box: pasted once
            self.assertTrue(((xs >= p.box[0] - 2) & (xs <= p.box[2] + 2)).all())
            self.assertTrue(((ys >= p.box[1] - 2) & (ys <= p.box[3] + 2)).all())
            area = (p.box[2] - p.box[0]) * (p.box[3] - p.box[1])
            self.assertGreater(red.sum(), 0.5 * area)
        for image, old in zip(pool.images, before):           # the shared pool pictures are left as they were
            np.testing.assert_array_equal(image, old)

    def test_distractor_pairs_show_another_object_beside_the_target(self):
        noise = np.random.default_rng(9)                     # pool pictures without red: random-region distractors
        pool = FramePool()
        pool.add(noise.integers(0, 60, size=(200, 300, 3), dtype=np.uint8), "noise")
        sampler = PairSampler(self.seqs, pool, mix=[("distractor", 1.0)], flip=0.5, gray=0.0,
                              search_aug=augment.Augmentation(shift=32, scale=0.1, colour=0.0),
                              template_aug=augment.Augmentation(colour=0.0))
        cached = {}
        rng = np.random.default_rng(5)
        red_outside = 0
        for _ in range(16):
            p = sampler.sample(rng)
            self.assertEqual((p.kind, p.positive), ("distractor", True))
            red = (p.search[..., 2] > 200) & (p.search[..., :2].max(axis=2) < 60)
            x1, y1, x2, y2 = p.box
            inside = np.zeros_like(red)
            inside[int(np.ceil(y1)) + 1:int(y2) - 1, int(np.ceil(x1)) + 1:int(x2) - 1] = True
            self.assertGreater(red[inside].mean(), 0.95)     # the target is where the label says, never covered
            ring = np.zeros_like(red)                        # a margin around the box: the target's own edge
            ring[max(0, int(y1) - 3):int(np.ceil(y2)) + 4, max(0, int(x1) - 3):int(np.ceil(x2)) + 4] = True
            red_outside += int((red & ~ring).sum() > 20)     # the other sequence's red square, pasted beside it
        self.assertGreater(red_outside, 0)
        for key, (image, _) in sampler.cache._frames.items():  # cached frames are left as they were read
            np.testing.assert_array_equal(image, self.seqs[[s.name for s in self.seqs].index(key[0])].image(key[1]))

    def test_shifted_pairs_move_the_target_and_leave_its_surroundings(self):
        image = np.random.default_rng(6).integers(0, 256, size=(400, 400, 3), dtype=np.uint8)
        original = image.copy()
        box = np.array([180.0, 185.0, 40.0, 30.0])
        sampler = PairSampler(self.seqs, self.pool, mix=[("shift", 1.0)], flip=0.5, gray=0.0,
                              search_aug=augment.Augmentation(shift=32, scale=0.1, colour=0.0),
                              template_aug=augment.Augmentation(colour=0.0))
        rng = np.random.default_rng(7)
        for _ in range(20):
            picture, moved, _ = sampler._shifted(rng, image, box)
            dx, dy = int(moved[0] - box[0]), int(moved[1] - box[1])
            moved_by = math.hypot(dx / 40.0, dy / 30.0)     # in box sizes: 0.5-2 (rounded to pixels)
            self.assertTrue(0.45 <= moved_by <= 2.05, moved_by)
            np.testing.assert_array_equal(picture[185 + dy:215 + dy, 180 + dx:220 + dx], image[185:215, 180:220])
            old = np.zeros(image.shape[:2], bool)
            old[185:215, 180:220] = True
            new = np.zeros_like(old)
            new[185 + dy:215 + dy, 180 + dx:220 + dx] = True
            np.testing.assert_array_equal(picture[~old & ~new], image[~old & ~new])   # surroundings in place
            uncovered = old & ~new                           # the old place shows what lies beyond it
            ys, xs = np.nonzero(uncovered)
            np.testing.assert_array_equal(picture[ys, xs], image[ys - dy, xs - dx])
        np.testing.assert_array_equal(image, original)      # the (shared) frame is never painted on
        for _ in range(10):
            p = sampler.sample(rng)
            self.assertEqual((p.kind, p.positive), ("shift", True))
            cx, cy = int((p.box[0] + p.box[2]) / 2), int((p.box[1] + p.box[3]) / 2)
            b, g, r = p.search[cy, cx].tolist()             # the red square, where the label says
            self.assertGreater(r, 200)
            self.assertLess(max(b, g), 60)
        without_pool = PairSampler(self.seqs, FramePool(), mix=[("shift", 1.0)])    # needs no frame pool
        self.assertEqual(without_pool.sample(rng).kind, "shift")
        with self.assertRaisesRegex(ValueError, "no training data"):
            PairSampler(self.seqs, FramePool(), mix=[("paste", 1.0)])

    def test_every_kind_of_pair(self):
        sampler = PairSampler(self.seqs, self.pool)
        rng = np.random.default_rng(0)
        kinds = {sampler.sample(rng).kind for _ in range(40)}
        self.assertEqual(kinds, {"video", "self", "negative"})

    def test_self_loc_weight_drops_the_box_loss_of_self_pairs_only(self):
        model = build_model("siamban", "compact")
        sampler = PairSampler(self.seqs, self.pool, mix=[("video", 0.5), ("self", 0.5)])
        batch = make_batch(sampler, model, np.random.default_rng(2), 8)
        kinds = batch["kinds"]
        self.assertIn("self", kinds)
        self.assertIn("video", kinds)
        with torch.no_grad():
            def loc_loss(b, weight):
                return compute_loss(model, b, TrainConfig(self_loc_weight=weight))[1]["loc"]
            shifted_self, shifted_video = dict(batch), dict(batch)
            shifted_self["loc"] = batch["loc"].clone()
            shifted_video["loc"] = batch["loc"].clone()
            shifted_self["loc"][[i for i, k in enumerate(kinds) if k == "self"]] *= 1.7
            shifted_video["loc"][[i for i, k in enumerate(kinds) if k == "video"]] *= 1.7
            base = loc_loss(batch, 0.0)
            self.assertEqual(loc_loss(shifted_self, 0.0), base)           # self pairs' boxes ignored
            self.assertNotEqual(loc_loss(shifted_video, 0.0), base)       # the video pairs' still count
            self.assertNotEqual(loc_loss(shifted_self, 1.0), loc_loss(batch, 1.0))
            out = model.pack_search(batch["x"], model.pack_template(exemplar=batch["z"]))
            ones = torch.ones(len(kinds))                                # all weights 1: the plain mean
            self.assertAlmostEqual(float(linear_iou_loss(out["loc"], batch["loc"], batch["cls"], ones)),
                                   float(linear_iou_loss(out["loc"], batch["loc"], batch["cls"])), places=5)
            twice = ones.clone()                                         # weight 2 = the pair counted twice
            twice[0] = 2.0
            doubled = [torch.cat([t[:1], t]) for t in (out["loc"], batch["loc"], batch["cls"])]
            self.assertAlmostEqual(float(linear_iou_loss(out["loc"], batch["loc"], batch["cls"], twice)),
                                   float(linear_iou_loss(*doubled)), places=5)

    def _trainer(self, out, steps, family="siamban", variant="compact"):
        cfg = TrainConfig(family=family, variant=variant, steps=steps, batch=4, warmup=2, seed=5, threads=2,
                          log_every=1, checkpoint_every=2, val_every=2, val_pairs=4)
        sampler = PairSampler(self.seqs, self.pool)
        val = PairSampler(self.seqs[:1], FramePool(), mix=[("video", 1.0)])
        return Trainer(cfg, sampler, val, out, log=lambda m: None)

    def test_resume_gives_the_same_weights_as_one_run(self):
        one = os.path.join(self.tmp, "one")
        two = os.path.join(self.tmp, "two")
        os.makedirs(one)
        os.makedirs(two)
        straight = self._trainer(one, 4).run()
        first = self._trainer(two, 2)
        first.run()
        resumed = self._trainer(two, 4)
        resumed.resume(os.path.join(two, "checkpoint.pth"))
        self.assertEqual(resumed.step, 2)
        again = resumed.run()
        for (k, a), (_, b) in zip(straight.state_dict().items(), again.state_dict().items()):
            self.assertTrue(torch.equal(a, b), k)
        with open(os.path.join(one, "train_log.jsonl")) as f:
            log = [json.loads(line) for line in f]
        self.assertEqual([r["step"] for r in log], [1, 2, 3, 4])
        self.assertIn("val_loss", log[1])
        self.assertTrue(all(np.isfinite(r["loss"]) for r in log))
        self.assertTrue(os.path.isfile(os.path.join(one, "final.pth")))

    def test_response_map_family_trains_with_the_logistic_loss(self):
        out = os.path.join(self.tmp, "fc")
        os.makedirs(out)
        trainer = self._trainer(out, 2, family="siamfc", variant="fdsiamfc-15")
        trainer.run()
        with open(os.path.join(out, "train_log.jsonl")) as f:
            last = [json.loads(line) for line in f][-1]
        self.assertIn("logistic", last)
        self.assertTrue(np.isfinite(last["logistic"]))

    def test_anchor_family_is_refused_clearly(self):
        with self.assertRaisesRegex(ValueError, "point .* response-map"):
            self._trainer(None, 1, family="siamrpn++", variant="tiny").run()


def _run_in_training(argv, timeout=600):
    """Runs a command from training/ (where the documented commands run), output captured as text."""
    return subprocess.run(argv, cwd=_paths.TRAINING_DIR, capture_output=True, text=True, timeout=timeout)


@unittest.skipUnless(_paths.HAVE_SHARED, _paths.SKIP_REASON)
class TrainingCommandSmokeTest(unittest.TestCase):
    """The plain training command of README.md (compact SiamBAN, no teacher), a few steps, then export to a pack."""

    def test_documented_command_runs_and_exports(self):
        tmp = tempfile.mkdtemp(prefix="train-cli-")
        try:
            run = os.path.join(tmp, "run")
            cmd = [sys.executable, "-m", "siamese_training.train", "--data", _paths.shared("data", "sequences"),
                   "--holdout", "person12", "--extra", _paths.shared("data", "videos", "bag.avi"),
                   "--out", run, "--steps", "3", "--batch", "4", "--val-pairs", "8", "--val-every", "3",
                   "--log-every", "1", "--threads", "2"]
            res = _run_in_training(cmd)
            self.assertEqual(res.returncode, 0, res.stderr[-2000:])
            self.assertIn("held out: person12", res.stdout)
            with open(os.path.join(run, "train_log.jsonl")) as f:
                log = [json.loads(line) for line in f]
            self.assertEqual(len(log), 3)
            self.assertIn("val_loss", log[-1])
            pack = os.path.join(tmp, "pack")
            res = _run_in_training([sys.executable, "-m", "siamese_training.convert", "--family", "siamban",
                                    "--variant", "compact", "--checkpoint", os.path.join(run, "final.pth"),
                                    "--out", pack])
            self.assertEqual(res.returncode, 0, res.stderr[-2000:])
            with open(os.path.join(pack, "model.json")) as f:
                manifest = json.load(f)
            self.assertEqual(manifest["family"], "siamban")
            self.assertEqual(manifest["output"], {"stride": 16, "scoreSize": 16})
            # the export declares the template features' batch (graph_edits.py): the pack loads without edits
            zf = [t for t in manifest["search"][0]["inputs"] if t["bind"] == "zf"][0]
            self.assertEqual(zf["shape"], [-1, 64, 8, 8])
            # a resume may change speed settings (threads) and extend the run, but not the recipe
            more = cmd[:-6] + ["--steps", "4", "--threads", "1", "--resume"]
            res = _run_in_training(more)
            self.assertEqual(res.returncode, 0, res.stderr[-2000:])
            self.assertIn("resumed from", res.stdout)
            with open(os.path.join(run, "train_log.jsonl")) as f:
                self.assertEqual(json.loads(f.readlines()[-1])["step"], 4)
            other = _run_in_training(more + ["--lr", "0.05"])
            self.assertEqual(other.returncode, 1, other.stderr[-2000:])
            self.assertIn("settings different", other.stderr)
            self.assertIn(": lr", other.stderr)
            bad = _run_in_training(cmd[:-14] + ["--out", run, "--holdout", "nope"], timeout=120)
            self.assertNotEqual(bad.returncode, 0)
            self.assertIn("nope", bad.stderr)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def model_card_commands(card_path):
    """The shell commands of the model card's Training section: its first ```sh block, continuation lines joined,
    each split the way the shell would (shlex; no brace expansion: callers replace the checkpoint lists)."""
    with open(card_path) as f:
        text = f.read()
    training = text[text.index("## Training"):]
    block = re.search(r"```sh\n(.*?)```", training, re.S)
    if block is None:
        raise AssertionError("%s: no ```sh block in the Training section" % card_path)
    joined = re.sub(r"\\\n\s*", " ", block.group(1))
    return [shlex.split(line) for line in joined.splitlines() if line.strip()]


@unittest.skipUnless(_paths.HAVE_SHARED, _paths.SKIP_REASON)
class ModelCardRecipeSmokeTest(unittest.TestCase):
    """The shipped default's own recipe, read from models/default/MODEL_CARD.md and run as written (train with the
    teacher, average kept checkpoints, convert with the licence), shrunk to a few steps: the card cannot drift
    from what the code accepts."""

    def test_model_card_commands_train_average_and_convert(self):
        card = os.path.join(_paths.REPO_ROOT, "models", "default", "MODEL_CARD.md")
        commands = model_card_commands(card)
        modules = [c[2] if len(c) > 2 and c[1] == "-m" else None for c in commands]
        self.assertEqual(modules, ["siamese_training.train", "siamese_training.average", "siamese_training.convert"])
        tmp = tempfile.mkdtemp(prefix="card-recipe-")
        try:
            pictures = os.path.join(tmp, "pictures")      # two frames stand in for the wallpaper sets (setup-data.sh)
            os.makedirs(pictures)
            frames = sorted(os.listdir(_paths.shared("data", "sequences", "Human3", "img")))
            for name in frames[:2]:
                shutil.copy(_paths.shared("data", "sequences", "Human3", "img", name), pictures)

            def localise(argv):
                out = []
                for a in argv:
                    prefix, colon, rest = a.rpartition(":")      # the teacher is FAMILY-VARIANT:PATH
                    if rest.startswith("../../shared/"):
                        a = prefix + colon + _paths.shared(*rest[len("../../shared/"):].split("/"))
                    elif a.startswith("runs/"):
                        a = os.path.join(tmp, a)
                    elif a == "../models/default":
                        a = os.path.join(tmp, "pack")
                    out.append(a)
                return out

            train, average, convert = (localise(c) for c in commands)
            self.assertIn("--teacher", train)
            self.assertTrue(os.path.isfile(train[train.index("--teacher") + 1].partition(":")[2]),
                            "the card's --teacher file is in ../shared")
            run = train[train.index("--out") + 1]
            # argparse keeps the last value of an option: a short run with the card's every other setting
            train += ["--images", pictures, "--steps", "4", "--batch", "4", "--warmup", "1", "--val-pairs", "8",
                      "--val-every", "4", "--log-every", "2", "--checkpoint-every", "2", "--keep-every", "2",
                      "--threads", "2"]
            res = _run_in_training(train, timeout=900)
            self.assertEqual(res.returncode, 0, res.stderr[-2000:])
            with open(os.path.join(run, "config.json")) as f:
                config = json.load(f)
            card_args = commands[0]
            for option in ("--distill-weight", "--feature-distill-weight", "--distill-temperature", "--lr"):
                if option in card_args:
                    self.assertEqual(config[option[2:].replace("-", "_")],
                                     float(card_args[card_args.index(option) + 1]), option)
            kept = [os.path.join(run, "checkpoint-%d.pth" % s) for s in (2, 4)]
            for path in kept:
                self.assertTrue(os.path.isfile(path), path)
            averaged = average[average.index("--out") + 1]
            average = average[:average.index("--out") + 2] + kept   # the card's list names steps 3,500-5,000
            res = _run_in_training(average, timeout=300)
            self.assertEqual(res.returncode, 0, res.stderr[-2000:])
            self.assertEqual(convert[convert.index("--checkpoint") + 1], averaged)
            res = _run_in_training(convert)
            self.assertEqual(res.returncode, 0, res.stderr[-2000:])
            pack = os.path.join(tmp, "pack")
            with open(os.path.join(pack, "model.json")) as f:
                manifest = json.load(f)
            with open(os.path.join(_paths.REPO_ROOT, "models", "default", "model.json")) as f:
                shipped = json.load(f)
            for key in ("family", "name", "license", "input", "output", "hyperparameters"):
                self.assertEqual(manifest.get(key), shipped.get(key), key)
            self.assertEqual(sorted(os.listdir(pack)), sorted(f for f in os.listdir(os.path.dirname(card))
                                                              if f.endswith((".onnx", ".json"))))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
