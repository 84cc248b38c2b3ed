"""Distillation from a teacher (train/distill.py), picture folders as pool sources, and the CLI options for both."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import cv2
import numpy as np
import torch

from tests import _paths
from tests._synthetic import SyntheticSequencesMixin
from siamese_training.models.registry import build_model
from siamese_training.train.__main__ import parse_mix
from siamese_training.train.distill import (Teacher, distill_losses, feature_loss, forward, head_feature_loss, iou_map,
                                            parse_teacher)
from siamese_training.train.pairs import PairSampler
from siamese_training.train.sequences import FramePool, picture_files, read_picture
from siamese_training.train.trainer import TrainConfig, Trainer, compute_loss, make_batch


def _teacher_spec():
    return "nanotrack-v2:" + os.path.join(_paths.model_dir("v2"), "nanotrack.pth")


class DistillLossTest(unittest.TestCase):
    def test_teacher_spec(self):
        self.assertEqual(parse_teacher("nanotrack-v2:/x/n.pth"), ("nanotrack", "v2", "/x/n.pth"))
        self.assertEqual(parse_teacher("siamrpn++-acm-tiny:a:b.pth"), ("siamrpn++-acm", "tiny", "a:b.pth"))
        for bad in ("nanotrack-v2", "nanotrack-v9:/x.pth", "nanotrack-v2:", "/x/n.pth"):
            with self.assertRaisesRegex(ValueError, "FAMILY-VARIANT:PATH"):
                parse_teacher(bad)

    def test_losses_vanish_on_the_teachers_own_maps_and_grow_away_from_them(self):
        g = torch.Generator().manual_seed(0)
        cls = torch.randn(2, 2, 4, 4, generator=g) * 3
        loc = torch.rand(2, 4, 4, 4, generator=g) * 50 + 5
        teacher = dict(cls=cls, loc=loc)
        dcls, dloc = distill_losses(dict(cls=cls.clone(), loc=loc.clone()), teacher, temperature=2.0)
        self.assertLess(float(dcls), 1e-6)
        self.assertLess(float(dloc), 1e-6)
        dcls, dloc = distill_losses(dict(cls=-cls, loc=loc * 2), teacher, temperature=2.0)
        self.assertGreater(float(dcls), 0.1)
        self.assertGreater(float(dloc), 0.3)

    def test_box_loss_counts_only_where_the_teacher_sees_the_target(self):
        cls = torch.zeros(1, 2, 1, 2)
        cls[0, 0, 0, 0] = 20.0                             # point 0: background for the teacher
        cls[0, 1, 0, 1] = 20.0                             # point 1: target
        loc = torch.full((1, 4, 1, 2), 10.0)
        wrong_bg = loc.clone()
        wrong_bg[..., 0] = 1.0                              # a bad box where the teacher sees background
        _, dloc = distill_losses(dict(cls=cls, loc=wrong_bg), dict(cls=cls, loc=loc))
        self.assertLess(float(dloc), 1e-6)
        wrong_fg = loc.clone()
        wrong_fg[..., 1] = 1.0
        _, dloc = distill_losses(dict(cls=cls, loc=wrong_fg), dict(cls=cls, loc=loc))
        self.assertGreater(float(dloc), 0.9)

    def test_iou_map(self):
        a = torch.full((1, 4, 1, 1), 2.0)
        self.assertAlmostEqual(float(iou_map(a, a)), 1.0, places=6)
        self.assertAlmostEqual(float(iou_map(a / 2, a)), 5 / 17, places=6)  # 2x2 inside 4x4: (4+1)/(16+1)

    def test_feature_loss_is_relative_and_checks_shapes(self):
        t = dict(zf={"": torch.ones(1, 2, 2, 2)}, xf={"": torch.ones(1, 2, 3, 3) * 2})
        s = dict(zf={"": torch.zeros(1, 2, 2, 2)}, xf={"": torch.ones(1, 2, 3, 3) * 2})
        self.assertAlmostEqual(float(feature_loss(s, t)), 0.5, places=6)   # (1 + 0) / 2
        s["xf"] = {"": torch.ones(1, 3, 3, 3)}
        with self.assertRaisesRegex(ValueError, "shape"):
            feature_loss(s, t)

    def test_head_feature_loss_is_relative_per_branch_and_checks_shapes(self):
        t = dict(head_cls=torch.ones(1, 3, 2, 2), head_loc=torch.ones(1, 3, 2, 2) * 2)
        s = dict(head_cls=torch.ones(1, 3, 2, 2), head_loc=torch.zeros(1, 3, 2, 2))
        self.assertAlmostEqual(float(head_feature_loss(s, t)), 0.5, places=6)      # (0 + 4/4) / 2
        s["head_cls"] = torch.zeros(1, 3, 2, 2)
        self.assertAlmostEqual(float(head_feature_loss(s, t)), 1.0, places=6)      # (1 + 1) / 2
        s["head_loc"] = torch.ones(1, 4, 2, 2)
        with self.assertRaisesRegex(ValueError, "head_loc input has shape"):
            head_feature_loss(s, t)

    def test_head_taps_read_the_final_layers_inputs_and_leave_no_hook(self):
        model = build_model("siamban", "compact")
        z, x = torch.rand(2, 3, 127, 127) * 255, torch.rand(2, 3, 255, 255) * 255
        out = forward(model, z, x, head=True)
        layers = model.head_layers()
        for key in ("cls", "loc"):
            conv = layers[key][0]
            self.assertEqual(len(conv._forward_pre_hooks), 0)
            tapped = out["head_" + key]
            self.assertEqual(tapped.shape[:2], (2, conv.in_channels))
            if key == "cls":    # the cls output is the final conv applied to the tapped input
                self.assertTrue(torch.allclose(conv(tapped), out["cls"], atol=1e-5))
        plain = forward(model, z, x)
        self.assertNotIn("head_cls", plain)
        self.assertTrue(torch.allclose(plain["cls"], out["cls"]))
        with self.assertRaisesRegex(ValueError, "one final cls layer"):
            forward(build_model("siamban", "tiny", 32), z, x, head=True)


class MixOptionTest(unittest.TestCase):
    def test_parse_mix(self):
        self.assertEqual(parse_mix(["video:0.3", "unlabeled:0.7"]), [["video", 0.3], ["unlabeled", 0.7]])
        for bad, message in ((["movie:1"], "unknown kind"), (["video:x"], "number"), (["video:-1"], ">= 0"),
                             (["video:0"], "positive share"), ([], "positive share")):
            with self.assertRaisesRegex(ValueError, message):
                parse_mix(bad)


class PictureFolderTest(unittest.TestCase):
    def test_one_resolution_per_wallpaper_and_bounded_size(self):
        tmp = tempfile.mkdtemp(prefix="pictures-")
        try:
            images = os.path.join(tmp, "Kay", "contents", "images")
            os.makedirs(images)
            big = np.random.default_rng(0).integers(0, 255, size=(1200, 2000, 3), dtype=np.uint8)
            cv2.imwrite(os.path.join(images, "2000x1200.jpg"), big)
            cv2.imwrite(os.path.join(images, "800x480.jpg"), cv2.resize(big, (800, 480)))
            cv2.imwrite(os.path.join(tmp, "Kay", "contents", "screenshot.png"), big[:100, :100])
            cv2.imwrite(os.path.join(tmp, "sunset.png"), big[:300, :400])
            with open(os.path.join(tmp, "notes.txt"), "w") as f:
                f.write("not a picture")
            files = picture_files(tmp)
            self.assertEqual([os.path.relpath(f, tmp) for f in files],
                             ["sunset.png", os.path.join("Kay", "contents", "images", "2000x1200.jpg")])
            image = read_picture(files[1], max_side=640)
            self.assertEqual(image.shape, (600, 1000, 3))            # decoded at 1/2: still >= 640, not 2000
            self.assertEqual(read_picture(files[0], max_side=640).shape, (300, 400, 3))
            pool = FramePool(max_side=640)
            pool.add(image, files[1])
            self.assertEqual(pool.images[0].shape, (384, 640, 3))
            with self.assertRaisesRegex(FileNotFoundError, "--images"):
                picture_files(os.path.join(tmp, "nope"))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


@unittest.skipUnless(_paths.HAVE_SHARED, _paths.SKIP_REASON)
class DistillTrainingTest(SyntheticSequencesMixin, unittest.TestCase):
    """NanoTrack v2 architecture from random init, NanoTrack v2 weights as the teacher."""

    tmp_prefix = "distill-"

    def _trainer(self, out, steps, **kw):
        settings = dict(family="nanotrack", variant="v2", steps=steps, batch=2, warmup=1, seed=3, threads=2,
                        log_every=1, checkpoint_every=2, val_every=2, val_pairs=2, teacher=_teacher_spec(),
                        feature_distill_weight=0.5, distill_temperature=2.0)
        settings.update(kw)
        cfg = TrainConfig(**settings)
        return Trainer(cfg, PairSampler(self.seqs, self.pool), PairSampler(self.seqs[:1], FramePool(),
                       mix=[("video", 1.0)]), out, log=lambda m: None)

    def test_student_learns_the_teachers_maps_on_a_fixed_batch(self):
        trainer = self._trainer(None, 1, cls_weight=0.0, loc_weight=0.0, feature_distill_weight=0.0)
        self.assertEqual(trainer.model.score_size, trainer.teacher.model.score_size)
        batch = make_batch(trainer.sampler, trainer.model, np.random.default_rng(7), 4)
        for g in trainer.opt.param_groups:
            g["lr"] = 2e-3
        history = []
        for _ in range(15):
            loss, parts = compute_loss(trainer.model, batch, trainer.cfg, trainer.teacher)
            history.append(parts["dcls"] + parts["dloc"])
            trainer.opt.zero_grad()
            loss.backward()
            trainer.opt.step()
        self.assertLess(min(history[-3:]), 0.7 * history[0], history)

    def test_head_distillation_is_zero_against_itself_and_trains_the_towers(self):
        trainer = self._trainer(None, 1, cls_weight=0.0, loc_weight=0.0, distill_weight=0.0,
                                feature_distill_weight=0.0, head_distill_weight=1.0)
        batch = make_batch(trainer.sampler, trainer.model, np.random.default_rng(5), 2)
        _, same = compute_loss(trainer.teacher.model, batch, trainer.cfg, trainer.teacher)
        self.assertLess(same["head"], 1e-10)
        loss, parts = compute_loss(trainer.model, batch, trainer.cfg, trainer.teacher)
        self.assertGreater(parts["head"], 0.1)
        self.assertNotIn("feat", parts)
        loss.backward()
        towers = trainer.model.ban_head.bbox_pw_tower
        self.assertTrue(any(float(p.grad.abs().sum()) > 0 for p in towers.parameters() if p.grad is not None))
        final = trainer.model.ban_head.bbox_pred[0].weight    # after the tap: the head loss does not reach it
        self.assertTrue(final.grad is None or float(final.grad.abs().sum()) == 0.0)

    def test_resume_with_a_teacher_is_exact(self):
        one, two = os.path.join(self.tmp, "one"), os.path.join(self.tmp, "two")
        os.makedirs(one)
        os.makedirs(two)
        straight = self._trainer(one, 4, keep_every=3).run()
        self._trainer(two, 2).run()
        resumed = self._trainer(two, 4)
        resumed.resume(os.path.join(two, "checkpoint.pth"))
        again = resumed.run()
        self.assertEqual(sorted(f for f in os.listdir(one) if f.endswith(".pth")),
                         ["checkpoint-3.pth", "checkpoint.pth", "final.pth"])
        kept = torch.load(os.path.join(one, "checkpoint-3.pth"))
        self.assertEqual(kept["step"], 3)
        for (k, a), (_, b) in zip(straight.state_dict().items(), again.state_dict().items()):
            self.assertTrue(torch.equal(a, b), k)
        # the teacher adds nothing to the student's weights: the released checkpoint layout, no extra keys
        self.assertEqual(list(straight.state_dict()), list(build_model("nanotrack", "v2").state_dict()))

    def test_unlabeled_video_pairs_learn_from_the_teacher_only(self):
        clip_pool = FramePool()
        clip_pool.add_clip([self.seqs[0].image(i) for i in range(12)], "clip", every=2)
        self.assertEqual(clip_pool.clips, [(0, 12)])
        sampler = PairSampler([], clip_pool, mix=[("unlabeled", 1.0)], frame_range=4)
        rng = np.random.default_rng(0)
        pairs = [sampler.sample(rng) for _ in range(6)]
        self.assertTrue(all(p.kind == "unlabeled" and p.positive is None for p in pairs))
        trainer = self._trainer(None, 1, mix=[["unlabeled", 1.0]])
        batch = make_batch(sampler, trainer.model, np.random.default_rng(1), 2)
        self.assertTrue(bool((batch["cls"] == -1).all()))           # no ground truth: every label ignored
        loss, parts = compute_loss(trainer.model, batch, trainer.cfg, trainer.teacher)
        self.assertEqual((parts["cls"], parts["loc"]), (0.0, 0.0))
        self.assertGreater(parts["dcls"] + parts["dloc"], 0.0)
        loss.backward()
        self.assertTrue(any(p.grad is not None and float(p.grad.abs().sum()) > 0 for p in trainer.model.parameters()))
        with self.assertRaisesRegex(ValueError, "need a --teacher"):
            self._trainer(None, 1, mix=[["unlabeled", 1.0]], teacher="")

    def test_mismatched_head_or_backbone_widths_are_refused_before_training(self):
        student = build_model("nanotrack", "v1").train()     # same geometry as v2, other head widths
        before = [b.clone() for b in student.buffers()]
        teacher = Teacher(_teacher_spec(), student)
        teacher.check_mimicry(student, True, False)           # same backbone: feature mimicry is fine
        with self.assertRaisesRegex(ValueError, "--head-distill-weight with --teacher .*head_cls input has shape"):
            teacher.check_mimicry(student, False, True)
        teacher.check_mimicry(build_model("nanotrack", "v2").train(), True, True)    # matching: no error
        with self.assertRaisesRegex(ValueError, "head distillation"):
            self._trainer(None, 1, variant="v1", head_distill_weight=1.0)
        out = os.path.join(self.tmp, "cli-widths")
        res = subprocess.run([sys.executable, "-m", "siamese_training.train", "--data", self.tmp, "--out", out,
                              "--family", "nanotrack", "--variant", "v1", "--teacher", _teacher_spec(),
                              "--head-distill-weight", "1"], cwd=_paths.TRAINING_DIR, capture_output=True, text=True,
                             timeout=300)
        self.assertEqual(res.returncode, 1)
        lines = res.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, res.stderr)
        self.assertRegex(lines[0], "^error: --head-distill-weight with --teacher .*head_cls input has shape")
        self.assertFalse(os.path.exists(out))                 # nothing written for a refused run
        self.assertTrue(student.training)
        self.assertTrue(all(torch.equal(a, b) for a, b in zip(before, student.buffers())))

    def test_teacher_must_match_the_students_outputs(self):
        with self.assertRaisesRegex(ValueError, "do not match"):
            Teacher(_teacher_spec(), build_model("siamban", "tiny", 32))

    def test_cli_refuses_a_bad_teacher_in_one_line(self):
        for spec, message in (("nanotrack-v7:x.pth", "FAMILY-VARIANT:PATH"), ("nanotrack-v2:/nonexistent.pth",
                                                                               "no such file")):
            res = subprocess.run([sys.executable, "-m", "siamese_training.train", "--data", self.tmp,
                                  "--out", os.path.join(self.tmp, "cli"), "--teacher", spec],
                                 cwd=_paths.TRAINING_DIR, capture_output=True, text=True, timeout=300)
            self.assertEqual(res.returncode, 1)
            self.assertIn(message, res.stderr)
            self.assertNotIn("Traceback", res.stderr)
            self.assertFalse(os.path.exists(os.path.join(self.tmp, "cli")))
            self.assertEqual(len(res.stderr.strip().splitlines()), 1, res.stderr)


if __name__ == "__main__":
    unittest.main()
