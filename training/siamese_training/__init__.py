"""Python side of MLNet.Siamese: reference model definitions (and, later, training code)."""
