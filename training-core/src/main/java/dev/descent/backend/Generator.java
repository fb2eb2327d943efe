package dev.descent.backend;

/**
 * A seeded pseudo-random generator (xoshiro256++), so every random tensor, weight init, shuffle and dropout mask is
 * reproducible. Its state is four longs, which checkpoints save and restore.
 */
public final class Generator {
    private static final Generator GLOBAL = new Generator(0x5eed);

    private final long[] s = new long[4];

    public Generator(long seed) {
        manualSeed(seed);
    }

    /** The default generator used when none is passed, like PyTorch's default CPU generator. */
    public static Generator global() {
        return GLOBAL;
    }

    /** Re-seeds the default generator: {@code torch.manual_seed}. */
    public static void seedGlobal(long seed) {
        GLOBAL.manualSeed(seed);
    }

    public synchronized Generator manualSeed(long seed) {
        long x = seed;
        for (int i = 0; i < 4; i++) {
            x += 0x9E3779B97F4A7C15L;
            long z = x;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            s[i] = z ^ (z >>> 31);
        }
        return this;
    }

    public synchronized long nextLong() {
        return next();
    }

    private long next() {
        long result = Long.rotateLeft(s[0] + s[3], 23) + s[0];
        long t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = Long.rotateLeft(s[3], 45);
        return result;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** n uniforms in [0, 1), the same values as n calls of {@link #nextDouble()}, under one lock. */
    public synchronized void nextDoubles(double[] out, int off, int n) {
        for (int i = 0; i < n; i++) out[off + i] = (next() >>> 11) * 0x1.0p-53;
    }

    /** n standard normals, the same values as n calls of {@link #nextGaussian()}, under one lock. */
    public synchronized void nextGaussians(double[] out, int off, int n) {
        for (int i = 0; i < n; i++) {
            double u1 = (next() >>> 11) * 0x1.0p-53, u2 = (next() >>> 11) * 0x1.0p-53;
            out[off + i] = Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
        }
    }

    /** Uniform in [0, 1) with 24 random bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be > 0, got " + bound);
        return (int) Math.floorMod(nextLong() >>> 1, (long) bound);
    }

    /** Standard normal by Box-Muller (one draw per two uniforms, so the state stays four longs). */
    public double nextGaussian() {
        double u1 = nextDouble();
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    public synchronized long[] state() {
        return s.clone();
    }

    public synchronized void setState(long[] state) {
        if (state.length != 4)
            throw new IllegalArgumentException("generator state must have 4 longs, got " + state.length);
        System.arraycopy(state, 0, s, 0, 4);
    }
}
