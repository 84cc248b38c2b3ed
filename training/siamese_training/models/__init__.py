from .nanotrack import (NanoTrack, build_nanotrack, load_nanotrack, load_checkpoint_state_dict,
                        VERSIONS, TRACK_CONFIG)

__all__ = ["NanoTrack", "build_nanotrack", "load_nanotrack", "load_checkpoint_state_dict",
           "VERSIONS", "TRACK_CONFIG"]
