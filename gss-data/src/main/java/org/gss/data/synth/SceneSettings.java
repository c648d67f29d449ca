package org.gss.data.synth;

import java.util.Objects;

/**
 * What one synthetic scene looks like apart from its seed.
 *
 * @param width          image width in pixels (at least 16)
 * @param height         image height in pixels (at least 16)
 * @param roles          the training classes 0..K-1 and their scene roles
 * @param unlabeledShare share of pixels labelled {@link org.gss.data.image.LabelMap#IGNORE}, 0 to 0.5
 * @param style          the domain's look
 * @param detailScale    size of the finest structures (pole and wire widths, smallest objects) relative to the
 *                       demo's 128x64 scenes, 1 to 16: render a scene 4x larger with detail scale 4 and it is the same
 *                       scene at a finer resolution (everything else already scales with the image size)
 */
public record SceneSettings(int width, int height, ClassRoles roles, double unlabeledShare, DomainStyle style,
        double detailScale) {
    public SceneSettings {
        Objects.requireNonNull(roles, "roles");
        Objects.requireNonNull(style, "style");
        if (width < 16 || height < 16 || (long) width * height > 64L * 1024 * 1024) {
            throw new IllegalArgumentException("scene size must be at least 16x16 and at most 64 Mpixel, got "
                    + width + "x" + height);
        }
        if (!(unlabeledShare >= 0 && unlabeledShare <= 0.5)) {
            throw new IllegalArgumentException("unlabeled share must be in [0, 0.5], got " + unlabeledShare);
        }
        if (!(detailScale >= 1 && detailScale <= 16)) {
            throw new IllegalArgumentException("detail scale must be in [1, 16], got " + detailScale);
        }
    }

    /** Detail scale 1: one- to four-pixel poles, as in the demo scenes. */
    public SceneSettings(int width, int height, ClassRoles roles, double unlabeledShare, DomainStyle style) {
        this(width, height, roles, unlabeledShare, style, 1);
    }

    /** Generic roles, neutral style. */
    public static SceneSettings of(int width, int height, int numClasses, double unlabeledShare) {
        return new SceneSettings(width, height, ClassRoles.generic(numClasses), unlabeledShare, DomainStyle.NEUTRAL);
    }

    public int numClasses() {
        return roles.numClasses();
    }
}
