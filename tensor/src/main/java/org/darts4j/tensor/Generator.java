package org.darts4j.tensor;

/**
 * A seeded pseudo-random generator (xoshiro256**, seeded by SplitMix64) whose whole state can be saved and restored,
 * so that a resumed run draws the same numbers as one that was never interrupted.
 */
public final class Generator {
    private long s0, s1, s2, s3;
    private double spareNormal;
    private boolean hasSpare;

    public Generator(long seed) {
        long z = seed;
        s0 = splitMix(z += 0x9E3779B97F4A7C15L);
        s1 = splitMix(z += 0x9E3779B97F4A7C15L);
        s2 = splitMix(z += 0x9E3779B97F4A7C15L);
        s3 = splitMix(z + 0x9E3779B97F4A7C15L);
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() { return (nextLong() >>> 11) * 0x1.0p-53; }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive, got " + bound);
        return (int) Math.floorMod(nextLong() >>> 1, (long) bound);
    }

    /** Standard normal by the Box-Muller transform. */
    public double nextGaussian() {
        if (hasSpare) { hasSpare = false; return spareNormal; }
        double u1 = nextDouble(), u2 = nextDouble();
        while (u1 <= 0) u1 = nextDouble();
        double r = Math.sqrt(-2 * Math.log(u1));
        spareNormal = r * Math.sin(2 * Math.PI * u2);
        hasSpare = true;
        return r * Math.cos(2 * Math.PI * u2);
    }

    /** The whole state: four words, the cached normal's bits and its flag. */
    public long[] state() {
        return new long[] {s0, s1, s2, s3, Double.doubleToRawLongBits(spareNormal), hasSpare ? 1 : 0};
    }

    public void setState(long[] st) {
        if (st.length != 6) throw new IllegalArgumentException("generator state must have 6 words, got " + st.length);
        s0 = st[0]; s1 = st[1]; s2 = st[2]; s3 = st[3];
        spareNormal = Double.longBitsToDouble(st[4]);
        hasSpare = st[5] != 0;
    }
}
