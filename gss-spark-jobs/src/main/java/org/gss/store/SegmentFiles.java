package org.gss.store;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.gss.tokenizer.cache.CacheEntry;

/**
 * Segment files: immutable Parquet files of {@link CacheEntry} rows, one per build task, named by a hash of the entry
 * ids they hold. Columns as {@link #SCHEMA}; Spark reads them as strings, ints, longs and binaries.
 */
public final class SegmentFiles {
    public static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
            message gss_token_cache_entry {
              required binary sample_key (UTF8);
              required binary entry_key (UTF8);
              required binary view (UTF8);
              required binary sample_id (UTF8);
              required int32 grid_width;
              required int32 grid_height;
              required int32 token_bytes;
              required binary tokens;
              required binary coverage;
              required int64 unlabeled_pixels;
              required int64 checksum;
            }
            """);
    /** The columns a build's catalog scan reads (not the token data). */
    public static final MessageType KEYS = MessageTypeParser.parseMessageType("""
            message gss_token_cache_entry {
              required binary sample_key (UTF8);
              required binary entry_key (UTF8);
              required binary view (UTF8);
              required int64 unlabeled_pixels;
            }
            """);

    private SegmentFiles() {
    }

    /** The key columns of one row. */
    public record KeyRow(String sampleKey, String entryKey, String view, long unlabeledPixels)
            implements java.io.Serializable {
        public String id() {
            return CacheEntry.id(sampleKey, entryKey, view);
        }
    }

    public static long write(String uri, List<CacheEntry> entries, Configuration conf) {
        SimpleGroupFactory f = new SimpleGroupFactory(SCHEMA);
        List<Group> rows = new ArrayList<>(entries.size());
        for (CacheEntry e : entries) {
            rows.add(f.newGroup().append("sample_key", e.sampleKey()).append("entry_key", e.entryKey())
                    .append("view", e.view()).append("sample_id", e.sampleId()).append("grid_width", e.gridWidth())
                    .append("grid_height", e.gridHeight()).append("token_bytes", e.tokenBytes())
                    .append("tokens", Binary.fromConstantByteArray(e.tokens()))
                    .append("coverage", Binary.fromConstantByteArray(e.coverage()))
                    .append("unlabeled_pixels", e.unlabeledPixels()).append("checksum", e.checksum()));
        }
        return ParquetFiles.write(uri, SCHEMA, rows, false, conf);
    }

    public static List<CacheEntry> read(String uri, Configuration conf) {
        List<CacheEntry> out = new ArrayList<>();
        for (Group g : ParquetFiles.read(uri, null, conf)) {
            out.add(new CacheEntry(g.getString("sample_key", 0), g.getString("entry_key", 0), g.getString("view", 0),
                    g.getString("sample_id", 0), g.getInteger("grid_width", 0), g.getInteger("grid_height", 0),
                    g.getInteger("token_bytes", 0), g.getBinary("tokens", 0).getBytes(),
                    g.getBinary("coverage", 0).getBytes(), g.getLong("unlabeled_pixels", 0),
                    g.getLong("checksum", 0)));
        }
        return out;
    }

    public static List<KeyRow> readKeys(String uri, Configuration conf) {
        List<KeyRow> out = new ArrayList<>();
        for (Group g : ParquetFiles.read(uri, KEYS, conf)) {
            out.add(new KeyRow(g.getString("sample_key", 0), g.getString("entry_key", 0), g.getString("view", 0),
                    g.getLong("unlabeled_pixels", 0)));
        }
        return out;
    }
}
