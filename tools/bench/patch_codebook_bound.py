#!/usr/bin/env python3
"""Upper bounds for an 8x8-patch tokenizer on a label-map dataset (docs/stage1.md, "What bounds it").

For the val label maps of an MSeg-style synthetic set written by `gss synth` (DOMAIN/labels/{train,val}/*.png, ids
0..K-1, 255 = unlabeled), prints the reconstruction mIoU of
  * majority-per-patch: every 8x8 patch painted with its most frequent class (a perfect tokenizer without shape);
  * k-means N: a context-free patch codebook, k-means over one-hot 8x8 train patches (unique patches weighted by
    count, 25 Lloyd iterations, seed 0), each val patch replaced by its nearest centroid's per-pixel argmax.
A learned tokenizer's decoder also sees neighbouring tokens, so it can beat the k-means figure, but rarely does.

usage: tools/bench/patch_codebook_bound.py DATA_ROOT K CODES[,CODES...]   (needs numpy only)
"""
import glob
import struct
import sys
import zlib

import numpy as np


def read_gray_png(path):
    """8-bit greyscale PNG without PIL: inflate IDAT and undo the per-row filters."""
    data = open(path, 'rb').read()
    assert data[:8] == b'\x89PNG\r\n\x1a\n', path
    pos, idat = 8, b''
    while pos < len(data):
        n, = struct.unpack('>I', data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b'IHDR':
            w, h, depth, colour = struct.unpack('>IIBB', body[:10])
        elif kind == b'IDAT':
            idat += body
    assert depth == 8 and colour == 0, f'{path}: expected 8-bit greyscale, got depth {depth} colour type {colour}'
    raw = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(h, w + 1)
    out = np.zeros((h, w), np.int32)
    prev = np.zeros(w, np.int32)
    for y in range(h):
        f, row, cur = raw[y, 0], raw[y, 1:].astype(np.int32), np.zeros(w, np.int32)
        for x in range(w):
            a = cur[x - 1] if x else 0
            b = prev[x]
            c = prev[x - 1] if x else 0
            if f == 0:
                p = 0
            elif f == 1:
                p = a
            elif f == 2:
                p = b
            elif f == 3:
                p = (a + b) // 2
            else:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                p = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            cur[x] = (row[x] + p) & 255
        out[y], prev = cur, cur
    return out


def miou(preds, gts, k):
    cm = np.zeros((k, k), np.int64)
    for p, g in zip(preds, gts):
        m = g != 255
        cm += np.bincount(g[m] * k + p[m], minlength=k * k).reshape(k, k)
    inter = np.diag(cm)
    union = cm.sum(0) + cm.sum(1) - inter
    iou = inter / np.maximum(union, 1)
    return 100 * iou[union > 0].mean(), np.round(100 * iou, 1)


def patches(labels, k, p=8):
    h, w = labels.shape
    sym = np.where(labels == 255, k, labels)  # unlabeled as its own symbol
    return sym.reshape(h // p, p, w // p, p).transpose(0, 2, 1, 3).reshape(-1, p * p)


def unpatch(t, h, w, p=8):
    return t.reshape(h // p, w // p, p, p).transpose(0, 2, 1, 3).reshape(h, w)


def main():
    root, k, codes = sys.argv[1], int(sys.argv[2]), [int(c) for c in sys.argv[3].split(',')]
    train = [read_gray_png(f) for f in sorted(glob.glob(f'{root}/*/labels/train/*.png'))]
    val = [read_gray_png(f) for f in sorted(glob.glob(f'{root}/*/labels/val/*.png'))]
    one_hot = lambda t: np.eye(k + 1, dtype=np.float32)[t][:, :, :k].reshape(len(t), -1)
    preds = []
    for l in val:
        major = np.eye(k + 1)[patches(l, k)][:, :, :k].sum(1).argmax(1)
        preds.append(unpatch(np.repeat(major[:, None], 64, 1), *l.shape))
    print(f'{len(train)} train / {len(val)} val maps of {val[0].shape[1]}x{val[0].shape[0]}, {k} classes')
    print('majority-per-patch mIoU %.2f  per class %s' % miou(preds, val, k))
    uniq, counts = np.unique(np.concatenate([patches(l, k) for l in train]), axis=0, return_counts=True)
    u = one_hot(uniq)
    rng = np.random.default_rng(0)
    for n in codes:
        c = u[rng.choice(len(u), min(n, len(u)), replace=False, p=counts / counts.sum())].copy()
        for _ in range(25):
            nearest = ((u ** 2).sum(1)[:, None] - 2 * u @ c.T + (c ** 2).sum(1)[None]).argmin(1)
            for j in range(len(c)):
                m = nearest == j
                if m.any():
                    c[j] = (u[m] * counts[m, None]).sum(0) / counts[m].sum()
        preds = []
        for l in val:
            t = one_hot(patches(l, k))
            j = ((t ** 2).sum(1)[:, None] - 2 * t @ c.T + (c ** 2).sum(1)[None]).argmin(1)
            preds.append(unpatch(c[j].reshape(-1, 64, k).argmax(2), *l.shape))
        print('k-means %5d codes mIoU %.2f  per class %s' % ((n,) + miou(preds, val, k)))


if __name__ == '__main__':
    main()
