#!/usr/bin/env python3
"""Convert the DALL-E dVAE checkpoints (encoder.pkl, decoder.pkl) to .npz files for gss-spark.

The .pkl files released with openai/DALL-E are pickled torch modules, so unpickling them needs PyTorch and the
`dall_e` package importable (pip install DALL-E, or the repository on PYTHONPATH). The output holds one float32
array per state_dict entry, keyed by the exact PyTorch name (`blocks.group_2.block_1.id_path.w`, ...), convs in
OIHW, written with np.savez (stored entries: also readable by Nd4j.createFromNpzFile). The Java side
(org.gss.tokenizer.DvaeWeights.load) infers n_hid, n_blk_per_group, n_init and the vocabulary from the shapes and
rejects missing, extra or wrongly shaped tensors.

Usage:
    python3 tools/dvae_pkl_to_npz.py encoder.pkl decoder.pkl     # writes weights/dalle/{encoder,decoder}.npz
"""
import argparse
import os
import sys

import numpy as np

GROUP_COUNT = 4


def load_state_dict(path):
    """state_dict of a pickled module (or of a file that already holds a state_dict)."""
    import torch  # imported here so that --help works without PyTorch

    try:
        obj = torch.load(path, map_location="cpu", weights_only=False)  # torch >= 2.6 defaults to weights_only=True
    except TypeError:  # torch < 1.13 has no weights_only argument
        obj = torch.load(path, map_location="cpu")
    state = obj.state_dict() if hasattr(obj, "state_dict") else obj
    if not hasattr(state, "items"):
        sys.exit(f"{path}: neither a torch module nor a state_dict ({type(obj).__name__})")
    return state


def to_float32(value):
    if hasattr(value, "detach"):  # torch tensor (the checkpoints may hold fp16 on some exports)
        value = value.detach().cpu().float().numpy()
    return np.ascontiguousarray(np.asarray(value, dtype=np.float32))


def describe(kind, arrays):
    """The configuration the Java loader will infer, as a quick sanity check for the user."""
    w_in = arrays["blocks.input.w"].shape
    w_out = arrays["blocks.output.conv.w"].shape
    n_blk = 0
    while f"blocks.group_1.block_{n_blk + 1}.res_path.conv_1.w" in arrays:
        n_blk += 1
    params = sum(a.size for a in arrays.values())
    if kind == "encoder":
        cfg = f"n_hid={w_in[0]} n_blk_per_group={n_blk} input_channels={w_in[1]} vocab_size={w_out[0]}"
    else:
        cfg = (f"n_init={w_in[0]} n_hid={w_out[1]} n_blk_per_group={n_blk} output_channels={w_out[0] // 2} "
               f"vocab_size={w_in[1]}")
    return f"{kind}: {len(arrays)} tensors, {params:,} parameters, {cfg}, post_gain=1/{(GROUP_COUNT * n_blk) ** 2}"


def convert(kind, state, out_path):
    arrays = {name: to_float32(value) for name, value in state.items()}
    for required in ("blocks.input.w", "blocks.output.conv.w"):
        if required not in arrays:
            sys.exit(f"{kind}: no '{required}' in the state_dict; is this the dVAE {kind}?")
    np.savez(out_path, **arrays)
    with np.load(out_path) as back:  # read back: same names, shapes and bits
        assert list(back.keys()) == list(arrays.keys())
        for name, a in arrays.items():
            assert back[name].dtype == np.float32 and np.array_equal(back[name], a), name
    print(describe(kind, arrays), "->", out_path)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("encoder_pkl")
    p.add_argument("decoder_pkl")
    p.add_argument("--out-dir", default="weights/dalle",
                   help="where encoder.npz and decoder.npz go (default: weights/dalle, the folder conf/base/models.conf reads)")
    args = p.parse_args(argv)
    os.makedirs(args.out_dir, exist_ok=True)
    convert("encoder", load_state_dict(args.encoder_pkl), os.path.join(args.out_dir, "encoder.npz"))
    convert("decoder", load_state_dict(args.decoder_pkl), os.path.join(args.out_dir, "decoder.npz"))


if __name__ == "__main__":
    main()
