package org.gss.model.layers;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** Small SameDiff building blocks, composed from ops whose backward passes are gradient-checked here. */
final class SdOps {

    static final double LAYER_NORM_EPS = 1e-5; // PyTorch nn.LayerNorm default

    private SdOps() {
    }

    /** LayerNorm over the last axis of {@code x}, with gain {@code g} and bias {@code b} of that axis' size. */
    static SDVariable layerNormLastAxis(SDVariable x, SDVariable g, SDVariable b, int rank) {
        int axis = rank - 1;
        SDVariable centred = x.sub(x.mean(true, axis));
        SDVariable variance = centred.mul(centred).mean(true, axis);
        return centred.mul(variance.add(LAYER_NORM_EPS).pow(-0.5)).mul(g).add(b);
    }

    /** x [M, in] · Wᵀ + b with W in PyTorch's [out, in] layout. */
    static SDVariable linear(SameDiff sd, SDVariable x, SDVariable w, SDVariable b) {
        return sd.linalg().mmul(x, w, false, true, false).add(b);
    }

    /** Exact GELU, 0.5·x·(1 + erf(x/√2)) (PyTorch nn.GELU default). */
    static SDVariable gelu(SameDiff sd, SDVariable x) {
        return x.mul(sd.math().erf(x.mul(Math.sqrt(0.5))).add(1.0)).mul(0.5);
    }

    /**
     * torch.roll along one axis: element i of the result is element (i + k) mod n of x, i.e. a roll by −k.
     * Written as two slices and a concat, both with working backward passes.
     */
    static SDVariable rollBack(SameDiff sd, SDVariable x, int axis, int rank, long n, long k) {
        long kk = Math.floorMod(k, n);
        if (kk == 0) {
            return x;
        }
        SDVariable tail = x.get(slice(axis, rank, kk, n));
        SDVariable head = x.get(slice(axis, rank, 0, kk));
        return sd.concat(axis, tail, head);
    }

    /** Keeps indices [from, to) along {@code axis}. */
    static SDVariable crop(SDVariable x, int axis, int rank, long from, long to) {
        return x.get(slice(axis, rank, from, to));
    }

    private static SDIndex[] slice(int axis, int rank, long from, long to) {
        SDIndex[] idx = new SDIndex[rank];
        for (int i = 0; i < rank; i++) {
            idx[i] = i == axis ? SDIndex.interval(from, to) : SDIndex.all();
        }
        return idx;
    }
}
