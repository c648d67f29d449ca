package org.gss.data.synth;

/** The splits a synthetic dataset has. {@code code} enters the per-image seed, so it must never change. */
public enum SynthSplit {
    TRAIN("train", 1),
    VAL("val", 2);

    private final String id;
    private final int code;

    SynthSplit(String id, int code) {
        this.id = id;
        this.code = code;
    }

    /** "train" or "val", the split folder name of the Cityscapes and MSeg layouts. */
    public String id() {
        return id;
    }

    int code() {
        return code;
    }
}
