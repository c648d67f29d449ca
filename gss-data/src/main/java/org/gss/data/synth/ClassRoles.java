package org.gss.data.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@link SceneRole} of each training class 0..K-1, and the classes grouped by role. */
public final class ClassRoles {
    /** Roles of the 19 Cityscapes trainIds, in trainId order (road, sidewalk, building, ..., bicycle). */
    private static final SceneRole[] CITYSCAPES = {
        SceneRole.FLAT, SceneRole.FLAT, SceneRole.STRUCTURE, SceneRole.STRUCTURE, SceneRole.STRUCTURE,
        SceneRole.THIN, SceneRole.OBJECT, SceneRole.OBJECT, SceneRole.VEGETATION, SceneRole.FLAT,
        SceneRole.SKY, SceneRole.OBJECT, SceneRole.OBJECT, SceneRole.OBJECT, SceneRole.OBJECT,
        SceneRole.OBJECT, SceneRole.OBJECT, SceneRole.OBJECT, SceneRole.OBJECT,
    };

    /** Cycle used for taxonomies without scene semantics: every role appears within the first 6 classes. */
    private static final SceneRole[] GENERIC_CYCLE = {
        SceneRole.FLAT, SceneRole.SKY, SceneRole.STRUCTURE, SceneRole.VEGETATION, SceneRole.THIN, SceneRole.OBJECT,
        SceneRole.OBJECT, SceneRole.FLAT, SceneRole.STRUCTURE, SceneRole.OBJECT,
    };

    private static final String[] CITYSCAPES_NAMES = {
        "road", "sidewalk", "building", "wall", "fence", "pole", "traffic light", "traffic sign", "vegetation",
        "terrain", "sky", "person", "rider", "car", "truck", "bus", "train", "motorcycle", "bicycle",
    };

    private final SceneRole[] roles;
    private final String[] names;
    private final Map<SceneRole, int[]> byRole = new EnumMap<>(SceneRole.class);

    private ClassRoles(SceneRole[] roles, String[] names) {
        if (roles.length < 2 || roles.length > 254) {
            throw new IllegalArgumentException("number of classes must be 2..254, got " + roles.length);
        }
        this.roles = roles;
        this.names = names;
        for (SceneRole role : SceneRole.values()) {
            List<Integer> ids = new ArrayList<>();
            for (int k = 0; k < roles.length; k++) {
                if (roles[k] == role) {
                    ids.add(k);
                }
            }
            byRole.put(role, ids.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    /** K classes with roles cycling through FLAT, SKY, STRUCTURE, VEGETATION, THIN, OBJECT, ...; named by role. */
    public static ClassRoles generic(int numClasses) {
        if (numClasses < 2 || numClasses > 254) {
            throw new IllegalArgumentException("number of classes must be 2..254, got " + numClasses);
        }
        SceneRole[] r = new SceneRole[numClasses];
        String[] names = new String[numClasses];
        for (int k = 0; k < numClasses; k++) {
            r[k] = GENERIC_CYCLE[k % GENERIC_CYCLE.length];
            names[k] = r[k].name().toLowerCase(Locale.ROOT) + "_" + k;
        }
        return new ClassRoles(r, names);
    }

    /** The first K Cityscapes trainIds (K ≤ 19) with their natural roles (road is ground, sky is sky, ...). */
    public static ClassRoles cityscapes(int numClasses) {
        if (numClasses < 2 || numClasses > CITYSCAPES.length) {
            throw new IllegalArgumentException("cityscapes supports 2..19 classes, got " + numClasses);
        }
        return new ClassRoles(Arrays.copyOf(CITYSCAPES, numClasses), Arrays.copyOf(CITYSCAPES_NAMES, numClasses));
    }

    public int numClasses() {
        return roles.length;
    }

    /**
     * Class names, index = training id: the Cityscapes names for {@link #cityscapes}, "&lt;role&gt;_&lt;k&gt;" (e.g.
     * "sky_1") for {@link #generic}.
     */
    public List<String> names() {
        return List.of(names);
    }

    public SceneRole role(int classId) {
        return roles[classId];
    }

    /** Classes with this role, ascending (a copy). */
    public int[] classes(SceneRole role) {
        return byRole.get(role).clone();
    }

    int[] pool(SceneRole role) {
        return byRole.get(role);
    }
}
