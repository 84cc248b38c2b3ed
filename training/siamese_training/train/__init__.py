"""Training: pair sampling, augmentation, labels, losses and the loop (``python3 -m siamese_training.train``)."""
