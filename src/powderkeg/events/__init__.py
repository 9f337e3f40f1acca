"""Events: PLOVER triggers, their arguments, modality, merging and GDELT-style scores."""
