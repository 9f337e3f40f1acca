"""Training and cross-validating the learned coder (`powderkeg.learn`) on the annotated corpus in
`data/train/`. Needs scikit-learn (the `train` extra); running the models does not."""
