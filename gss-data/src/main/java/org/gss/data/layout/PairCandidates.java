package org.gss.data.layout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.gss.data.fs.ConfinedPaths;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.image.BadInputException;

/**
 * Turns image/label candidates into checked {@link SampleRef}s. Existence is checked by listing each parent folder
 * once (not one request per file), which matters on HDFS and S3.
 */
final class PairCandidates {
    /** An image/label pair; {@code problem} set for a list entry refused before any file was looked at. */
    record Candidate(String id, String imageUri, String labelUri, BadInputException problem) {
        Candidate(String id, String imageUri, String labelUri) {
            this(id, imageUri, labelUri, null);
        }

        static Candidate refused(String entry, BadInputException problem) {
            return new Candidate(ConfinedPaths.printable(entry), null, null, problem);
        }
    }

    private PairCandidates() {
    }

    /**
     * @param checkImages whether image files must be checked too (false when they came from a listing)
     */
    static SampleListing check(String dataset, String split, List<Candidate> candidates, boolean checkImages,
                               Configuration conf, BadInputPolicy policy) {
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparing(Candidate::id));
        FolderIndex index = new FolderIndex(conf);
        SkipReport skipped = new SkipReport();
        List<SampleRef> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            Candidate c = sorted.get(i);
            if (c.problem() != null) {
                policy.handle(c.problem(), skipped, dataset, split, c.id());
                continue;
            }
            if (i > 0 && sorted.get(i - 1).problem() == null && sorted.get(i - 1).id().equals(c.id())) {
                throw new BadInputException(c.imageUri(), "sample id '" + c.id() + "' is also the id of "
                        + sorted.get(i - 1).imageUri());
            }
            try {
                if (checkImages && !index.exists(c.imageUri())) {
                    throw new BadInputException(c.imageUri(), "image file not found");
                }
                if (!index.exists(c.labelUri())) {
                    throw new BadInputException(c.imageUri(), "no label file for this image (expected "
                            + c.labelUri() + ")");
                }
                out.add(new SampleRef(dataset, split, c.id(), c.imageUri(), c.labelUri()));
            } catch (BadInputException e) {
                policy.handle(e, skipped, dataset, split, c.id());
            }
        }
        requireDistinctFiles(out);
        return new SampleListing(out, skipped.entries());
    }

    /** Manifest rows are unique by canonical image path: two ids on one file (a symlink) would be drawn twice. */
    private static void requireDistinctFiles(List<SampleRef> samples) {
        Map<String, SampleRef> byFile = new HashMap<>();
        for (SampleRef r : samples) {
            SampleRef other = byFile.putIfAbsent(HadoopFiles.canonicalLocation(r.imageUri()), r);
            if (other != null) {
                throw new BadInputException(r.imageUri(), "samples '" + other.id() + "' and '" + r.id()
                        + "' are the same file (" + HadoopFiles.canonicalLocation(r.imageUri()) + "); each image may be"
                        + " listed once");
            }
        }
    }

    /** Caches one listing per folder; a missing folder holds no files. */
    private static final class FolderIndex {
        private final Configuration conf;
        private final Map<String, Set<String>> folders = new HashMap<>();

        FolderIndex(Configuration conf) {
            this.conf = conf;
        }

        boolean exists(String file) {
            Path parent = new Path(file).getParent();
            String key = parent.toString();
            Set<String> files = folders.computeIfAbsent(key, k -> {
                if (!HadoopFiles.isDirectory(k, conf)) {
                    return Set.of();
                }
                return new HashSet<>(HadoopFiles.listFiles(k, false, conf));
            });
            return files.contains(file);
        }
    }
}
