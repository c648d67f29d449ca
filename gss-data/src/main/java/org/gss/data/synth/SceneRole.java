package org.gss.data.synth;

/** The part a class plays when a synthetic scene is composed; decides its shapes and where they go. */
public enum SceneRole {
    /** Ground surfaces below the horizon: the main ground, side strips, patches (road, sidewalk, terrain). */
    FLAT,
    /** The band above the horizon (sky). */
    SKY,
    /** Large boxes rising from the horizon with stepped or slanted tops (building, wall, fence, train). */
    STRUCTURE,
    /** Large irregular blobs straddling the horizon (vegetation). */
    VEGETATION,
    /** Poles and wires one to four pixels wide. */
    THIN,
    /** Small rectangles, ellipses and blobs standing on the ground (person, car, sign). */
    OBJECT
}
