package org.gss.data.label;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.gss.data.image.BadInputException;
import org.gss.data.image.LabelMap;

/**
 * A raw-id → training-id lookup table over the 256 values of an 8-bit label map, e.g. Cityscapes labelIds → trainIds,
 * ADE20K reduce-zero-label, or an MSeg dataset's ids → universal ids.
 *
 * <p>Every table entry is a target id {@code 0..numTargetClasses-1}, {@link LabelMap#IGNORE} (255), or
 * {@link #UNDEFINED}: a raw id the source taxonomy does not have. What happens to undefined ids in a label map is the
 * {@link UnknownIdPolicy}: become 255, or reject the file. 255 always maps to 255 unless the table says otherwise.
 * Immutable and serializable (it travels inside Spark closures).
 */
public final class LabelMapping implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Table entry of a raw id the source taxonomy does not define. */
    public static final int UNDEFINED = -1;

    private final String name;
    private final int[] table;
    private final List<String> targetClasses;
    private final UnknownIdPolicy unknownIds;

    private LabelMapping(String name, int[] table, List<String> targetClasses, UnknownIdPolicy unknownIds) {
        this.name = name;
        this.table = table;
        this.targetClasses = targetClasses;
        this.unknownIds = unknownIds;
    }

    /**
     * A mapping from a table of up to 256 entries (missing entries are {@link #UNDEFINED}; entry 255 defaults to 255).
     *
     * @param name          what the mapping is, for error messages ("cityscapes labelIds → trainIds")
     * @param table         raw id → target id, 255 or {@link #UNDEFINED}
     * @param targetClasses names of the target ids 0..n-1 (n < 255)
     */
    public static LabelMapping of(String name, int[] table, List<String> targetClasses, UnknownIdPolicy unknownIds) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unknownIds, "unknownIds");
        List<String> targets = List.copyOf(targetClasses);
        if (targets.size() >= LabelMap.IGNORE) {
            throw new IllegalArgumentException(name + ": " + targets.size() + " target classes do not fit 8-bit labels");
        }
        if (table.length > 256) {
            throw new IllegalArgumentException(name + ": table has " + table.length + " entries, at most 256 allowed");
        }
        int[] full = new int[256];
        Arrays.fill(full, UNDEFINED);
        System.arraycopy(table, 0, full, 0, table.length);
        if (full[LabelMap.IGNORE] == UNDEFINED) {
            full[LabelMap.IGNORE] = LabelMap.IGNORE;
        }
        for (int raw = 0; raw < 256; raw++) {
            int t = full[raw];
            if (t != UNDEFINED && t != LabelMap.IGNORE && (t < 0 || t >= targets.size())) {
                throw new IllegalArgumentException(name + ": raw id " + raw + " maps to " + t + ", outside 0.."
                        + (targets.size() - 1) + " and not 255");
            }
        }
        return new LabelMapping(name, full, targets, unknownIds);
    }

    /** Ids {@code 0..n-1} stay as they are, 255 stays 255, every other id is undefined. */
    public static LabelMapping identity(String name, List<String> classes, UnknownIdPolicy unknownIds) {
        int[] t = new int[classes.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = i;
        }
        return of(name, t, classes, unknownIds);
    }

    public String name() {
        return name;
    }

    /** Names of the target ids, index = target id. */
    public List<String> targetClasses() {
        return targetClasses;
    }

    public int numTargetClasses() {
        return targetClasses.size();
    }

    public UnknownIdPolicy unknownIds() {
        return unknownIds;
    }

    /** The same table with another policy for undefined ids. */
    public LabelMapping withUnknownIds(UnknownIdPolicy policy) {
        return policy == unknownIds ? this : new LabelMapping(name, table, targetClasses, policy);
    }

    /** The table entry of a raw id: a target id, 255, or {@link #UNDEFINED}. */
    public int lookup(int rawId) {
        checkRaw(rawId);
        return table[rawId];
    }

    public boolean isDefined(int rawId) {
        return lookup(rawId) != UNDEFINED;
    }

    /** The target id of a raw id under this mapping's policy (undefined → 255, or an {@link IllegalArgumentException}). */
    public int map(int rawId) {
        int t = lookup(rawId);
        if (t != UNDEFINED) {
            return t;
        }
        if (unknownIds == UnknownIdPolicy.IGNORE) {
            return LabelMap.IGNORE;
        }
        throw new IllegalArgumentException("raw id " + rawId + " is not in the table '" + name + "'");
    }

    /** A copy of the full 256-entry table. */
    public int[] table() {
        return table.clone();
    }

    /**
     * This mapping followed by {@code next} (whose source ids are this mapping's targets). An id undefined here stays
     * undefined; 255 stays 255. The result has {@code next}'s targets and this mapping's policy.
     */
    public LabelMapping andThen(LabelMapping next) {
        int[] t = new int[256];
        for (int raw = 0; raw < 256; raw++) {
            int mid = table[raw];
            if (mid == UNDEFINED || mid == LabelMap.IGNORE) {
                t[raw] = mid;
            } else {
                int out = next.table[mid];
                if (out == UNDEFINED) {
                    throw new IllegalArgumentException("cannot chain '" + name + "' and '" + next.name + "': id " + mid
                            + " (" + targetClasses.get(mid) + ") is undefined in the second table");
                }
                t[raw] = out;
            }
        }
        return of(name + " → " + next.name, t, next.targetClasses, unknownIds);
    }

    /**
     * Maps every pixel of a raw label map into a new map. Under {@link UnknownIdPolicy#FAIL} an undefined id rejects
     * the file with a {@link BadInputException} naming it, the first offending id and pixel, and how many pixels are
     * affected.
     */
    public LabelMap apply(LabelMap raw, String fileName) {
        byte[] in = raw.ids();
        byte[] out = new byte[in.length];
        int firstBad = -1;
        long bad = 0;
        for (int i = 0; i < in.length; i++) {
            int t = table[in[i] & 0xFF];
            if (t == UNDEFINED) {
                if (firstBad < 0) {
                    firstBad = i;
                }
                bad++;
                t = LabelMap.IGNORE;
            }
            out[i] = (byte) t;
        }
        if (bad > 0 && unknownIds == UnknownIdPolicy.FAIL) {
            int id = in[firstBad] & 0xFF;
            throw new BadInputException(fileName, "label id " + id + " at (x=" + firstBad % raw.width() + ", y="
                    + firstBad / raw.width() + ") is not in the table '" + name + "' (" + bad + " of " + in.length
                    + " pixels have ids outside it; defined ids: " + definedIdsSummary() + ")");
        }
        return new LabelMap(raw.width(), raw.height(), out);
    }

    /** E.g. "0..33, 255". */
    String definedIdsSummary() {
        StringBuilder sb = new StringBuilder();
        int raw = 0;
        while (raw < 256) {
            if (table[raw] == UNDEFINED) {
                raw++;
                continue;
            }
            int start = raw;
            while (raw + 1 < 256 && table[raw + 1] != UNDEFINED) {
                raw++;
            }
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(start == raw ? Integer.toString(start) : start + ".." + raw);
            raw++;
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    private static void checkRaw(int rawId) {
        if (rawId < 0 || rawId > 255) {
            throw new IllegalArgumentException("raw label id " + rawId + " outside 0..255");
        }
    }

    @Override
    public String toString() {
        return "LabelMapping[" + name + ", " + targetClasses.size() + " classes, unknown ids: " + unknownIds + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMapping m && name.equals(m.name) && Arrays.equals(table, m.table)
                && targetClasses.equals(m.targetClasses) && unknownIds == m.unknownIds;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(table), targetClasses, unknownIds);
    }
}
