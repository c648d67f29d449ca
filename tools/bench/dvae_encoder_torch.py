#!/usr/bin/env python3
"""PyTorch baseline for `gss bench tokenizer`: times the DALL-E dVAE encoder forward pass on CPU.

Written for this project from the architecture in testdata/dvae-golden/README.md (pre-activation residual
blocks, post_gain = 1/n_layers^2, max-pool after groups 1..3, 1x1 output conv); it reads the same .npz weights
(state_dict names) the Java benchmark uses, so both sides run identical networks.

usage: dvae_encoder_torch.py WEIGHTS.npz INPUT.npy THREADS WARMUP REPEATS   (INPUT: float32 [1,3,H,W], map_pixels applied)
prints one JSON line: {"seconds": [...], "median": s, "tokens_sha": ...}
"""
import hashlib
import json
import re
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def encoder(weights):
    w = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in weights.items()}
    groups = sorted({int(m.group(1)) for k in w for m in [re.match(r"blocks\.group_(\d)\.", k)] if m})
    blocks = {g: sorted({int(m.group(1)) for k in w for m in [re.match(rf"blocks\.group_{g}\.block_(\d+)\.", k)] if m})
              for g in groups}
    n_layers = sum(len(b) for b in blocks.values())
    gain = 1.0 / n_layers ** 2

    def conv(x, p):
        k = w[p + ".w"].shape[-1]
        return F.conv2d(x, w[p + ".w"], w[p + ".b"], padding=(k - 1) // 2)

    def forward(x):
        x = conv(x, "blocks.input")
        for g in groups:
            for i in blocks[g]:
                p = f"blocks.group_{g}.block_{i}"
                ident = conv(x, p + ".id_path") if (p + ".id_path.w") in w else x
                r = x
                for c in range(1, 5):
                    r = conv(F.relu(r), f"{p}.res_path.conv_{c}")
                x = ident + gain * r
            if g < groups[-1]:
                x = F.max_pool2d(x, 2)
        return conv(F.relu(x), "blocks.output.conv")

    return forward


def main():
    path, inp, threads, warmup, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    torch.set_num_threads(threads)
    forward = encoder(dict(np.load(path)))
    x = torch.from_numpy(np.load(inp).astype(np.float32))
    times = []
    with torch.no_grad():
        for i in range(warmup + repeats):
            t = time.perf_counter()
            tokens = forward(x).argmax(1)
            dt = time.perf_counter() - t
            if i >= warmup:
                times.append(dt)
    print(json.dumps({"seconds": times, "median": float(np.median(times)),
                      "tokens_sha": hashlib.sha256(tokens.numpy().astype(np.int32).tobytes()).hexdigest()}))


if __name__ == "__main__":
    main()
