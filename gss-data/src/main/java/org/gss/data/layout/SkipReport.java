package org.gss.data.layout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.gss.data.image.BadInputException;

/**
 * Collects the samples skipped under {@link BadInputPolicy#SKIP}. Safe to share between threads; {@link #entries()}
 * is sorted, so reports do not depend on the order in which problems were found.
 */
public final class SkipReport {
    private static final Comparator<Skipped> ORDER = Comparator.comparing(Skipped::dataset)
            .thenComparing(Skipped::split).thenComparing(Skipped::id).thenComparing(Skipped::file);

    private final List<Skipped> entries = new ArrayList<>();

    public synchronized void add(Skipped s) {
        entries.add(s);
    }

    public void add(String dataset, String split, String id, BadInputException problem) {
        add(new Skipped(dataset, split, id, problem.file(), problem.getMessage()));
    }

    public synchronized List<Skipped> entries() {
        List<Skipped> copy = new ArrayList<>(entries);
        copy.sort(ORDER);
        return List.copyOf(copy);
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized boolean isEmpty() {
        return entries.isEmpty();
    }

    /** "N samples skipped" and the first {@code maxLines} reasons, one a line. */
    public String summary(int maxLines) {
        List<Skipped> all = entries();
        StringBuilder sb = new StringBuilder(all.size() + (all.size() == 1 ? " sample" : " samples") + " skipped");
        for (int i = 0; i < Math.min(maxLines, all.size()); i++) {
            Skipped s = all.get(i);
            sb.append("\n  ").append(s.dataset()).append('/').append(s.split()).append('/').append(s.id()).append(": ")
                    .append(s.reason());
        }
        if (all.size() > maxLines) {
            sb.append("\n  … and ").append(all.size() - maxLines).append(" more");
        }
        return sb.toString();
    }
}
