"""Semantic readers: sentence embeddings from a packaged pretrained model, and small linear
models trained on the project's data, so messages worded unlike the training data are understood.

`encoder` loads the model (checksum-verified, never downloaded), `training` fits the models into
`models/semantic/`, `reader` applies them to a message. The gateway combines the risk reading
with the lexicon and sends the intent ranking to Rasa, which blends it with DIET's.
Nothing happens at import time; torch is imported when the model is first loaded.
"""
