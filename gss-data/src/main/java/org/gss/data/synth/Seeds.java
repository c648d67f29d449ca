package org.gss.data.synth;

/**
 * Seed derivation by SplitMix64 finalisation. Every image gets its own seed from (dataset seed, domain, split, index),
 * so generating more images, or another split, never changes the files already generated.
 */
final class Seeds {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A seed that depends on every part and on their order. */
    static long derive(long seed, long... parts) {
        long h = mix64(seed + GOLDEN);
        for (long p : parts) {
            h = mix64(h ^ mix64(p * GOLDEN + 0x632BE59BD9B4E019L));
        }
        return h;
    }
}
