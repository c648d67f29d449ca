package org.gss.data.synth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Composes the class layout of one street-like scene, back to front: sky above an irregular horizon, ground below
 * it with side strips and patches, structures rising from the horizon, vegetation blobs, thin poles and wires, then
 * small objects standing on the ground (far ones first, smaller near the horizon). Each painted shape is an instance
 * with its own id so the painter can vary colour per object.
 */
final class SceneComposer {
    /** Class per pixel (row-major), instance per pixel, and the number of instances. */
    record Composition(int width, int height, int[] classes, int[] instances, int instanceCount) {
    }

    private final int width;
    private final int height;
    private final ClassRoles roles;
    private final DomainStyle style;
    /** Multiplies the few sizes given in pixels (pole and wire widths, smallest objects). */
    private final double detail;
    private final SplittableRandom rng;
    private final Shapes shapes;
    private final int[] classes;
    private final int[] instances;
    private final double[] horizon;
    private int nextInstance;
    /** Flat classes other than the main ground, for side strips and patches. */
    private int[] otherFlats = new int[0];

    private SceneComposer(int width, int height, ClassRoles roles, DomainStyle style, double detail,
            SplittableRandom rng) {
        this.width = width;
        this.height = height;
        this.roles = roles;
        this.style = style;
        this.detail = detail;
        this.rng = rng;
        this.shapes = new Shapes(width, height);
        this.classes = new int[width * height];
        this.instances = new int[width * height];
        this.horizon = new double[width];
    }

    static Composition compose(int width, int height, ClassRoles roles, DomainStyle style, double detail,
            SplittableRandom rng) {
        SceneComposer c = new SceneComposer(width, height, roles, style, detail, rng);
        c.skyAndGround();
        c.sideStrips();
        c.structures();
        c.vegetation();
        c.thinThings();
        c.objects();
        return new Composition(width, height, c.classes, c.instances, c.nextInstance);
    }

    private IntConsumer painter(int classId) {
        int id = nextInstance++;
        return i -> {
            classes[i] = classId;
            instances[i] = id;
        };
    }

    private double between(double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    private int count(int lo, int hi) {
        return (int) Math.round(style.objectDensity() * (lo + rng.nextInt(hi - lo + 1)));
    }

    private int pick(int[] pool) {
        return pool[rng.nextInt(pool.length)];
    }

    private void skyAndGround() {
        int sky = pickSky();
        int ground = pickGround(sky);
        double h0 = height * clamp(between(0.34, 0.52) + style.horizonShift(), 0.2, 0.7);
        double a1 = height * between(0, 0.04);
        double f1 = between(0.5, 2);
        double p1 = between(0, 2 * Math.PI);
        double a2 = height * between(0, 0.012);
        double f2 = between(3, 8);
        double p2 = between(0, 2 * Math.PI);
        for (int x = 0; x < width; x++) {
            double t = 2 * Math.PI * x / width;
            horizon[x] = h0 + a1 * StrictMath.sin(f1 * t + p1) + a2 * StrictMath.sin(f2 * t + p2);
        }
        int skyInstance = nextInstance++;
        int groundInstance = nextInstance++;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean above = y + 0.5 < horizon[x];
                classes[y * width + x] = above ? sky : ground;
                instances[y * width + x] = above ? skyInstance : groundInstance;
            }
        }
        otherFlats = otherThan(roles.pool(SceneRole.FLAT), ground);
    }

    /** Sky role, else a structure (street canyon), else vegetation, else the last class. */
    private int pickSky() {
        for (SceneRole r : new SceneRole[] {SceneRole.SKY, SceneRole.STRUCTURE, SceneRole.VEGETATION}) {
            if (roles.pool(r).length > 0) {
                return pick(roles.pool(r));
            }
        }
        return roles.numClasses() - 1;
    }

    /** Mostly the first flat class (road), sometimes another; without flat classes any class but the sky's. */
    private int pickGround(int sky) {
        int[] flats = roles.pool(SceneRole.FLAT);
        if (flats.length > 0) {
            return rng.nextDouble() < 0.7 ? flats[0] : pick(flats);
        }
        int[] others = otherThan(allClasses(), sky);
        return pick(others);
    }

    /** Sidewalk-like wedges towards a vanishing point and a terrain-like patch, from the other flat classes. */
    private void sideStrips() {
        if (otherFlats.length == 0) {
            return;
        }
        double vx = width * between(0.35, 0.65);
        for (int side = -1; side <= 1; side += 2) {
            if (rng.nextDouble() >= 0.75) {
                continue;
            }
            IntConsumer paint = painter(pick(otherFlats));
            double spread = width * between(0.25, 0.7);
            double gap = width * between(0.01, 0.05);
            double wobble = between(0.5, 2.5);
            double phase = between(0, 2 * Math.PI);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double hy = horizon[x];
                    if (y + 0.5 < hy + 1) {
                        continue;
                    }
                    double depth = (y + 0.5 - hy) / Math.max(1, height - hy);
                    double edge = gap + spread * depth + wobble * StrictMath.sin(0.45 * y + phase);
                    double dx = (x + 0.5 - vx) * side;
                    if (dx > edge) {
                        paint.accept(y * width + x);
                    }
                }
            }
        }
        if (rng.nextDouble() < 0.45) {
            double cx = between(0, width);
            double hy = horizon[(int) Math.min(width - 1, cx)];
            double cy = hy + (height - hy) * between(0.4, 1.0);
            shapes.blob(cx, cy, height * between(0.08, 0.2), amplitudes(3, 0.25), phases(3), painter(pick(otherFlats)));
        }
    }

    /** Buildings and walls: columns from above the horizon to just below it, with flat, stepped or slanted tops. */
    private void structures() {
        int[] pool = roles.pool(SceneRole.STRUCTURE);
        if (pool.length == 0) {
            return;
        }
        int n = count(1, 3);
        for (int s = 0; s < n; s++) {
            IntConsumer paint = painter(pick(pool));
            double bw = width * between(0.08, 0.32);
            double x0 = between(-0.1 * width, width);
            double top1 = height * between(0.1, 0.42);
            double top2 = height * between(0.1, 0.42);
            double split = between(0.3, 0.7);
            double below = height * between(0.01, 0.08);
            int roof = rng.nextInt(3);
            for (int x = (int) Math.floor(x0); x < x0 + bw; x++) {
                if (x < 0 || x >= width) {
                    continue;
                }
                double t = (x + 0.5 - x0) / bw;
                double rise = switch (roof) {
                    case 0 -> top1;
                    case 1 -> t < split ? top1 : top2;
                    default -> top1 + (top2 - top1) * t;
                };
                shapes.column(x, horizon[x] - rise, horizon[x] + below, paint);
            }
        }
    }

    private void vegetation() {
        int[] pool = roles.pool(SceneRole.VEGETATION);
        if (pool.length == 0) {
            return;
        }
        int n = count(1, 3);
        for (int v = 0; v < n; v++) {
            double cx = between(0, width);
            double cy = horizon[(int) Math.min(width - 1, cx)] - height * between(-0.03, 0.12);
            double r = Math.min(width, height) * between(0.07, 0.2);
            shapes.blob(cx, cy, r, amplitudes(3, 0.22), phases(3), painter(pick(pool)));
        }
    }

    /** Poles one to four pixels wide (times the detail scale) standing on the ground, sometimes a thinner wire. */
    private void thinThings() {
        int[] pool = roles.pool(SceneRole.THIN);
        if (pool.length == 0) {
            return;
        }
        int n = count(1, 3);
        for (int p = 0; p < n; p++) {
            double x = between(0, width);
            double hy = horizon[(int) Math.min(width - 1, x)];
            double yb = hy + (height - hy) * between(0.05, 0.6);
            double len = height * between(0.25, 0.6);
            double thickness = (1 + rng.nextInt(4)) * detail;
            shapes.line(x, yb, x + between(-3, 3) * detail, yb - len, thickness, painter(pick(pool)));
        }
        if (rng.nextDouble() < 0.4) {
            double y0 = height * between(0.05, 0.3);
            double y1 = height * between(0.05, 0.3);
            shapes.line(0, y0, width, y1, (1 + rng.nextInt(2)) * detail, painter(pick(pool)));
        }
    }

    private record Placed(double bottom, int classId, int shape, double cx, double w, double h, double tilt) {
    }

    /** Small objects on the ground, painted far to near so near ones occlude far ones. */
    private void objects() {
        int[] pool = roles.pool(SceneRole.OBJECT);
        if (pool.length == 0) {
            return;
        }
        int n = count(2, 6);
        List<Placed> placed = new ArrayList<>();
        for (int o = 0; o < n; o++) {
            int classId = pick(pool);
            double cx = between(0, width);
            double hy = horizon[(int) Math.min(width - 1, cx)];
            double depth = between(0.05, 1.0);
            double bottom = hy + (height - hy) * depth;
            double size = Math.max(2.5 * detail, height * between(0.05, 0.22) * (0.25 + 0.75 * depth));
            double aspect = between(0.4, 2.2);
            placed.add(new Placed(bottom, classId, rng.nextInt(3), cx, size * aspect, size, between(-0.3, 0.3)));
        }
        placed.sort(Comparator.comparingDouble(Placed::bottom));
        for (Placed p : placed) {
            IntConsumer paint = painter(p.classId());
            switch (p.shape()) {
                case 0 -> shapes.rect(p.cx() - p.w() / 2, p.bottom() - p.h(), p.cx() + p.w() / 2, p.bottom(), paint);
                case 1 -> shapes.ellipse(p.cx(), p.bottom() - p.h() / 2, p.w() / 2, p.h() / 2, p.tilt(), paint);
                default -> shapes.blob(p.cx(), p.bottom() - p.h() / 2, Math.max(1.5 * detail, Math.min(p.w(), p.h()) / 2),
                        amplitudes(3, 0.2), phases(3), paint);
            }
        }
    }

    private double[] amplitudes(int n, double max) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = between(0, max);
        }
        return a;
    }

    private double[] phases(int n) {
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = between(0, 2 * Math.PI);
        }
        return p;
    }

    private int[] allClasses() {
        int[] all = new int[roles.numClasses()];
        for (int k = 0; k < all.length; k++) {
            all[k] = k;
        }
        return all;
    }

    private static int[] otherThan(int[] pool, int excluded) {
        return java.util.Arrays.stream(pool).filter(k -> k != excluded).toArray();
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
