from .nanotrack import (NanoTrack, build_nanotrack, load_nanotrack, load_checkpoint_state_dict,
                        VERSIONS, TRACK_CONFIG)
from .registry import FAMILIES, build_model, load_model, load_weights, default_variant, NanoTrackModel
from .common import state_dict_layout

__all__ = ["NanoTrack", "build_nanotrack", "load_nanotrack", "load_checkpoint_state_dict",
           "VERSIONS", "TRACK_CONFIG", "FAMILIES", "build_model", "load_model", "load_weights",
           "default_variant", "NanoTrackModel", "state_dict_layout"]
