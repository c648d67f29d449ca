package org.gss.store;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.gss.data.fs.HadoopFiles;

/**
 * Where things live under a cache root (any Hadoop URI):
 * <pre>
 * CURRENT                                            the id of the version readers use (replaced atomically)
 * _lock                                              held by a running build or gc (create-if-absent)
 * versions/&lt;id&gt;.json                                a version manifest, written last by its build
 * versions/&lt;id&gt;.entries.parquet                     its (sample, view) → keys, segment index
 * segments/dataset=&lt;d&gt;/split=&lt;s&gt;/seg-&lt;hash&gt;.parquet   immutable entry files, one per build task
 * </pre>
 *
 * @param root the qualified root URI, without a trailing slash
 */
public record CachePaths(String root) {
    public static final String CURRENT = "CURRENT";
    public static final String LOCK = "_lock";
    public static final String VERSIONS = "versions";
    public static final String SEGMENTS = "segments";

    public static CachePaths of(String root, Configuration conf) {
        String q = HadoopFiles.qualify(root, conf);
        return new CachePaths(q.endsWith("/") ? q.substring(0, q.length() - 1) : q);
    }

    public String resolve(String relative) {
        return root + "/" + relative;
    }

    public String current() {
        return resolve(CURRENT);
    }

    public String lock() {
        return resolve(LOCK);
    }

    public static String versionJson(String id) {
        return VERSIONS + "/" + id + ".json";
    }

    public static String versionIndex(String id) {
        return VERSIONS + "/" + id + ".entries.parquet";
    }

    /** Relative path of a segment; names outside [A-Za-z0-9._-] are made safe (the index, not the path, is the truth). */
    public static String segment(String dataset, String split, String name) {
        return SEGMENTS + "/dataset=" + safe(dataset) + "/split=" + safe(split) + "/" + name;
    }

    public static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** The path of {@code uri} relative to the root. */
    public String relative(String uri) {
        String q = HadoopFiles.toPath(uri).toString();
        if (!q.startsWith(root + "/")) {
            throw new IllegalArgumentException(uri + " is not under the cache root " + root);
        }
        return q.substring(root.length() + 1);
    }

    /** A file under the root and its size. */
    public record FileInfo(String relative, long bytes, long modified) {
    }

    /**
     * Files under {@code relativeDir} (recursively), sorted by path; hidden ones (temporary files) only if
     * {@code hidden}. An absent folder lists as empty.
     */
    public List<FileInfo> list(String relativeDir, boolean hidden, Configuration conf) {
        Path dir = HadoopFiles.toPath(resolve(relativeDir));
        FileSystem fs = ParquetFiles.fs(dir, conf);
        List<FileInfo> out = new ArrayList<>();
        try {
            if (!fs.exists(dir)) {
                return out;
            }
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
            while (it.hasNext()) {
                LocatedFileStatus st = it.next();
                String rel = relative(st.getPath().toString());
                boolean isHidden = java.util.Arrays.stream(rel.split("/")).anyMatch(n -> n.startsWith("."));
                if (hidden || !isHidden) {
                    out.add(new FileInfo(rel, st.getLen(), st.getModificationTime()));
                }
            }
        } catch (FileNotFoundException e) {
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(FileInfo::relative));
        return out;
    }
}
