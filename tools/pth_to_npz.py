#!/usr/bin/env python3
"""Turn a PyTorch checkpoint (.pth) of the GSS image encoder into an .npz with the reference state-dict names.

Kinds:
  resnet-v1c  mmcv / open-mmlab ResNet v1c (open-mmlab://resnet101_v1c): stem.*, layer1.0.conv1.weight, ...;
              a classifier (fc.*) is dropped; a backbone.* prefix is removed.
  swin        Swin Transformer, either the official release (patch_embed.proj, layers.N.blocks.M.attn.qkv, mlp.fc1,
              layers.N.downsample.reduction, ...) or mmseg's converted keys (patch_embed.projection, stages.N...,
              attn.w_msa.qkv, ffn.layers.0.0, ...). Official keys are renamed as mmseg's swin2mmseg does, with
              the patch-merging weights reordered from cat(x0,x1,x2,x3) to nn.Unfold's channel-major order; the
              classifier (head.*, norm.*) and attention-mask buffers are dropped; the per-stage output norms
              norm0..norm3, which an ImageNet checkpoint lacks, are written as mmseg initialises them
              (weight 1, bias 0) and listed.
  gss         a whole mmseg EncoderDecoder checkpoint (backbone.* + decode_head.*, as the reference GSS code saves
              it); the frozen dVAE (decode_head.d_vae.*) is dropped (the tokenizer is configured on its own).

The checkpoint may hold the state dict directly or under "state_dict" / "model". Every tensor becomes float32
(buffers such as num_batches_tracked and relative_position_index stay int64). Prints what it kept, renamed and
dropped; `gss weights convert` then validates the result against the configured model.
Only run it on files you trust: torch.load unpickles.
"""
import argparse
import re
import sys

import numpy as np
import torch


def load_state_dict(path):
    ck = torch.load(path, map_location="cpu", weights_only=False) if _has_weights_only() else \
        torch.load(path, map_location="cpu")
    for key in ("state_dict", "model"):
        if isinstance(ck, dict) and key in ck and isinstance(ck[key], dict):
            ck = ck[key]
            break
    if not isinstance(ck, dict):
        sys.exit(f"{path}: not a state dict (got {type(ck).__name__})")
    return {k: v for k, v in ck.items() if torch.is_tensor(v)}


def _has_weights_only():
    import inspect
    return "weights_only" in inspect.signature(torch.load).parameters


def strip(sd, prefix):
    if any(k.startswith(prefix) for k in sd):
        return {k[len(prefix):]: v for k, v in sd.items() if k.startswith(prefix)}
    return sd


def unfold_order_weight(w):
    # official cat(x0,x1,x2,x3) feature k*C + c (k: (0,0),(1,0),(0,1),(1,1) as (dy,dx)) -> unfold c*4 + dy*2 + dx
    out_c, in_c = w.shape
    return w.reshape(out_c, 4, in_c // 4)[:, [0, 2, 1, 3], :].transpose(1, 2).reshape(out_c, in_c)


def unfold_order_vector(v):
    c4 = v.shape[0]
    return v.reshape(4, c4 // 4)[[0, 2, 1, 3], :].transpose(0, 1).reshape(c4)


def convert_resnet(sd, notes):
    sd = strip(sd, "backbone.")
    out = {}
    for k, v in sd.items():
        if k.startswith("fc."):
            notes.append(f"dropped classifier {k}")
            continue
        out[k] = v
    if "stem.0.weight" not in out:
        sys.exit("not a ResNet v1c state dict: no stem.0.weight (a ResNet without the deep stem is not v1c)")
    return out


def convert_swin(sd, notes):
    sd = strip(sd, "backbone.")
    if "patch_embed.projection.weight" in sd:
        return dict(sd)
    if "patch_embed.proj.weight" not in sd:
        sys.exit("neither official (patch_embed.proj.weight) nor mmseg (patch_embed.projection.weight) Swin keys")
    out = {}
    stages = set()
    for k, v in sd.items():
        if k.startswith("head.") or k.startswith("norm.") or k.endswith("attn_mask"):
            notes.append(f"dropped {k}")
            continue
        n = k
        n = n.replace("patch_embed.proj.", "patch_embed.projection.")
        m = re.match(r"layers\.(\d+)\.(.*)", n)
        if m:
            stages.add(int(m.group(1)))
            n = f"stages.{m.group(1)}.{m.group(2)}"
        n = n.replace(".attn.qkv.", ".attn.w_msa.qkv.").replace(".attn.proj.", ".attn.w_msa.proj.")
        n = n.replace(".attn.relative_position_bias_table", ".attn.w_msa.relative_position_bias_table")
        n = n.replace(".attn.relative_position_index", ".attn.w_msa.relative_position_index")
        n = n.replace(".mlp.fc1.", ".ffn.layers.0.0.").replace(".mlp.fc2.", ".ffn.layers.1.")
        if ".downsample.reduction." in n:
            v = unfold_order_weight(v)
        elif ".downsample.norm." in n:
            v = unfold_order_vector(v)
        if n != k:
            notes.append(f"renamed {k} -> {n}")
        out[n] = v
    for s in sorted(stages):
        c = out[f"stages.{s}.blocks.0.norm1.weight"].shape[0]
        for part, val in (("weight", 1.0), ("bias", 0.0)):
            key = f"norm{s}.{part}"
            if key not in out:
                out[key] = torch.full((c,), val)
                notes.append(f"added {key} = {val} (mmseg's initialisation of the stage output norm)")
    # official releases put patch merging at the end of stage i; mmseg too (stages.i.downsample): same index
    return out


def convert_gss(sd, notes):
    out = {}
    for k, v in sd.items():
        if k.startswith("decode_head.d_vae."):
            continue
        if not (k.startswith("backbone.") or k.startswith("decode_head.")):
            notes.append(f"dropped {k} (not backbone.* or decode_head.*)")
            continue
        out[k] = v
    dropped = sum(1 for k in sd if k.startswith("decode_head.d_vae."))
    if dropped:
        notes.append(f"dropped {dropped} frozen dVAE tensors (decode_head.d_vae.*)")
    if not any(k.startswith("decode_head.") for k in out) or not any(k.startswith("backbone.") for k in out):
        sys.exit("not an EncoderDecoder checkpoint: needs backbone.* and decode_head.* tensors")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kind", required=True, choices=["resnet-v1c", "swin", "gss"])
    ap.add_argument("input")
    ap.add_argument("output")
    a = ap.parse_args()
    sd = load_state_dict(a.input)
    notes = []
    conv = {"resnet-v1c": convert_resnet, "swin": convert_swin, "gss": convert_gss}[a.kind]
    out = conv(sd, notes)
    arrays = {}
    for k, v in out.items():
        t = v.detach().cpu()
        arrays[k] = t.numpy() if t.dtype in (torch.int64, torch.int32) else t.float().numpy()
    np.savez(a.output, **arrays)
    for n in notes[:50]:
        print(n)
    if len(notes) > 50:
        print(f"... {len(notes) - 50} more")
    params = sum(int(np.prod(v.shape)) for v in arrays.values() if v.dtype == np.float32)
    print(f"{a.kind}: {len(arrays)} tensors, {params:,} float values -> {a.output}")


if __name__ == "__main__":
    main()
