package org.gss.store;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The entries of one version ({@code versions/<id>.entries.parquet}): one row per (sample, view) saying which
 * sample key and entry key it has and which segment file holds it. Written by the build before the version JSON.
 */
public final class VersionIndex {
    public static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
            message gss_token_cache_index {
              required binary dataset (UTF8);
              required binary split (UTF8);
              required binary sample_id (UTF8);
              required binary view (UTF8);
              required binary sample_key (UTF8);
              required binary entry_key (UTF8);
              required binary segment (UTF8);
            }
            """);

    private VersionIndex() {
    }

    /**
     * One (sample, view) of a version; {@link TokenCacheReader#rows()} lists them.
     *
     * @param segment path of the segment file relative to the cache root
     */
    public record Row(String dataset, String split, String sampleId, String view, String sampleKey, String entryKey,
            String segment) implements java.io.Serializable {
        public String entryId() {
            return org.gss.tokenizer.cache.CacheEntry.id(sampleKey, entryKey, view);
        }
    }

    public static long write(String uri, List<Row> rows, Configuration conf) {
        SimpleGroupFactory f = new SimpleGroupFactory(SCHEMA);
        List<Group> groups = new ArrayList<>(rows.size());
        for (Row r : rows) {
            groups.add(f.newGroup().append("dataset", r.dataset()).append("split", r.split())
                    .append("sample_id", r.sampleId()).append("view", r.view()).append("sample_key", r.sampleKey())
                    .append("entry_key", r.entryKey()).append("segment", r.segment()));
        }
        return ParquetFiles.write(uri, SCHEMA, groups, true, conf);
    }

    public static List<Row> read(String uri, Configuration conf) {
        List<Row> out = new ArrayList<>();
        for (Group g : ParquetFiles.read(uri, null, conf)) {
            out.add(new Row(g.getString("dataset", 0), g.getString("split", 0), g.getString("sample_id", 0),
                    g.getString("view", 0), g.getString("sample_key", 0), g.getString("entry_key", 0),
                    g.getString("segment", 0)));
        }
        return out;
    }
}
