package org.gss.data.fs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.permission.FsPermission;
import org.gss.data.image.BadInputException;

/**
 * Small static helpers over Hadoop's {@link FileSystem}, so that every reader and writer in the project works the same
 * on {@code file:}, {@code hdfs:}, {@code s3a:} and plain local paths.
 *
 * <p>Conventions:
 * <ul>
 *   <li>A location without a scheme is a <em>local</em> path (made absolute against the working directory), never a
 *       path on {@code fs.defaultFS}: a path in a test or on the command line then means the same file everywhere.</li>
 *   <li>Returned locations are fully qualified strings ({@code file:/abs/path}, {@code hdfs://nn:8020/x}).</li>
 *   <li>Local files go through Hadoop's raw local file system: no {@code .crc} side files are written or checked.</li>
 *   <li>Listings skip hidden entries (names starting with {@code .}), which also hides our own temporary files.
 *       Recursive listings visit each folder once by canonical path and follow folder symlinks only into the listed
 *       root.</li>
 *   <li>A missing file or folder is a {@link BadInputException} naming it; other I/O failures are
 *       {@link UncheckedIOException}s whose message names the location.</li>
 * </ul>
 * The {@link Configuration} comes from the caller (Spark's {@code hadoopConfiguration()} on a cluster).
 */
public final class HadoopFiles {
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");
    private static final FsPermission OWNER_ONLY = new FsPermission((short) 0600);

    private HadoopFiles() {
    }

    /** Writes the content of a file to a stream (used by {@link #writeAtomically(String, Configuration, Writer)}). */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** The Hadoop path for a location: URIs are taken as they are, scheme-less strings as local files. */
    public static Path toPath(String location) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("empty file location");
        }
        if (SCHEME.matcher(location).matches() && !looksLikeWindowsDrive(location)) {
            return new Path(location);
        }
        String abs = java.nio.file.Path.of(location).toAbsolutePath().normalize().toString();
        return new Path("file", null, abs);
    }

    /** The fully qualified form of a location, e.g. {@code /data/x} → {@code file:/data/x}. */
    public static String qualify(String location, Configuration conf) {
        Path p = toPath(location);
        return fs(p, conf, location).makeQualified(p).toString();
    }

    /** {@code relative} resolved against the folder {@code base}; a URI is kept, a scheme-less absolute path is local. */
    public static String resolve(String base, String relative) {
        if (relative.startsWith("/") || SCHEME.matcher(relative).matches()) {
            return toPath(relative).toString();
        }
        return new Path(toPath(base), relative).toString();
    }

    public static boolean exists(String location, Configuration conf) {
        Path p = toPath(location);
        try {
            return fs(p, conf, location).exists(p);
        } catch (IOException e) {
            throw io("cannot check", location, e);
        }
    }

    public static boolean isDirectory(String location, Configuration conf) {
        Path p = toPath(location);
        try {
            return fs(p, conf, location).getFileStatus(p).isDirectory();
        } catch (FileNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw io("cannot stat", location, e);
        }
    }

    /** All bytes of a file. */
    public static byte[] readAllBytes(String location, Configuration conf) {
        Path p = toPath(location);
        try (InputStream in = fs(p, conf, location).open(p)) {
            return in.readAllBytes();
        } catch (FileNotFoundException e) {
            throw new BadInputException(location, "file not found", e);
        } catch (IOException e) {
            throw io("cannot read", location, e);
        }
    }

    /** The lines of a UTF-8 text file; CRLF and LF line ends both work, a final newline is optional. */
    public static List<String> readLines(String location, Configuration conf) {
        String text = new String(readAllBytes(location, conf), StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\r\n|\n|\r", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /**
     * Qualified locations of the files under a folder (only its own files unless {@code recursive}), sorted by their
     * string form so that listings are deterministic on every file system. Hidden entries are skipped. A location that
     * is a file lists as itself.
     */
    public static List<String> listFiles(String location, boolean recursive, Configuration conf) {
        Path p = toPath(location);
        List<String> out = new ArrayList<>();
        try {
            FileSystem fs = fs(p, conf, location);
            if (recursive && "file".equals(p.toUri().getScheme())) {
                FileStatus top = fs.getFileStatus(p);
                if (top.isDirectory()) {
                    walk(fs, top.getPath(), out);
                } else {
                    out.add(top.getPath().toString());
                }
            } else if (recursive) {
                // object stores have no symlinks (HDFS's are off by default): one flat listing, not one per folder
                RemoteIterator<LocatedFileStatus> it = fs.listFiles(p, true);
                while (it.hasNext()) {
                    Path f = it.next().getPath();
                    if (!isHidden(f, p)) {
                        out.add(f.toString());
                    }
                }
            } else {
                for (FileStatus s : fs.listStatus(p)) {
                    if (s.isFile() && !s.getPath().getName().startsWith(".")) {
                        out.add(s.getPath().toString());
                    }
                }
            }
        } catch (FileNotFoundException e) {
            throw new BadInputException(location, "folder not found", e);
        } catch (IOException e) {
            throw io("cannot list", location, e);
        }
        Collections.sort(out);
        return out;
    }

    /**
     * Every non-hidden file under a local {@code root}. Folders are visited once by canonical path: real folders first, then
     * folder symlinks whose canonical target lies inside {@code root} and was not visited (so a loop, a second name of
     * a folder or a link out of the dataset adds nothing).
     */
    private static void walk(FileSystem fs, Path root, List<String> out) throws IOException {
        String rootCanonical = canonical(root);
        Set<String> visited = new HashSet<>(Set.of(rootCanonical));
        Deque<Path> folders = new ArrayDeque<>(List.of(root));
        Deque<Path> links = new ArrayDeque<>();
        while (!folders.isEmpty() || !links.isEmpty()) {
            if (folders.isEmpty()) {
                Path link = links.poll();
                String target = canonical(link);
                if (!(target + "/").startsWith(rootCanonical + "/") || !visited.add(target)) {
                    continue;
                }
                folders.add(link);
            }
            FileStatus[] entries = fs.listStatus(folders.poll());
            Arrays.sort(entries, Comparator.comparing(e -> e.getPath().getName()));
            for (FileStatus e : entries) {
                Path f = e.getPath();
                if (f.getName().startsWith(".")) {
                    continue;
                }
                if (!e.isDirectory()) {
                    out.add(f.toString());
                } else if (isSymlink(f)) {
                    links.add(f);
                } else if (visited.add(canonical(f))) {
                    folders.add(f);
                }
            }
        }
    }

    /** The path with symlinks resolved (local files); other file systems' paths are taken as they are. */
    private static String canonical(Path p) throws IOException {
        if ("file".equals(p.toUri().getScheme())) {
            return java.nio.file.Path.of(p.toUri().getPath()).toRealPath().toString();
        }
        return Path.getPathWithoutSchemeAndAuthority(p).toString();
    }

    private static boolean isSymlink(Path p) {
        return "file".equals(p.toUri().getScheme()) && Files.isSymbolicLink(java.nio.file.Path.of(p.toUri().getPath()));
    }

    /** The canonical form of a location (symlinks resolved on local disks): two samples must not share one file. */
    public static String canonicalLocation(String location) {
        Path p = toPath(location);
        try {
            return "file".equals(p.toUri().getScheme()) ? "file:" + canonical(p) : p.toString();
        } catch (IOException e) {
            return p.toString();
        }
    }

    /** Writes {@code bytes} so that the file appears complete or not at all (see {@link #writeAtomically(String, Configuration, Writer)}). */
    public static void writeAtomically(String location, byte[] bytes, Configuration conf) {
        writeAtomically(location, conf, out -> out.write(bytes));
    }

    /**
     * Writes a file under a hidden temporary name in the same folder, then renames it to {@code location}. Readers never
     * see a half-written file under the final name: if the writer fails, the temporary file is removed and an existing
     * file at {@code location} is left untouched. Replacing an existing file is a single atomic rename on local disks;
     * on HDFS and S3 the old file is deleted first (there is a moment with no file, never one with a partial file).
     * Missing parent folders are created.
     */
    public static void writeAtomically(String location, Configuration conf, Writer writer) {
        writeAtomically(location, conf, writer, false);
    }

    /**
     * As {@link #writeAtomically(String, byte[], Configuration)}, readable by the owner only (POSIX 600 where the file
     * system keeps permissions): for files that embed the run's configuration.
     */
    public static void writePrivately(String location, byte[] bytes, Configuration conf) {
        writeAtomically(location, conf, out -> out.write(bytes), true);
    }

    private static void writeAtomically(String location, Configuration conf, Writer writer, boolean ownerOnly) {
        Path dst = toPath(location);
        Path parent = dst.getParent();
        if (parent == null) {
            throw new IllegalArgumentException(location + ": cannot write to a file system root");
        }
        Path tmp = new Path(parent, TempNames.temp(dst.getName()));
        FileSystem fs = fs(dst, conf, location);
        boolean done = false;
        try {
            fs.mkdirs(parent);
            try (FSDataOutputStream out = fs.create(tmp, false)) {
                if (ownerOnly) {
                    // before any byte is written; object stores keep no permissions and ignore it
                    fs.setPermission(tmp, OWNER_ONLY);
                }
                writer.write(out);
            }
            if (!renameNoReplace(fs, tmp, dst)) {
                // HDFS (returns false) and s3a (throws FileAlreadyExistsException) refuse to rename onto a file.
                if (fs.exists(dst) && fs.getFileStatus(dst).isFile()) {
                    fs.delete(dst, false);
                }
                if (!fs.rename(tmp, dst)) {
                    throw new IOException("rename of " + tmp + " to " + dst + " failed");
                }
            }
            done = true;
        } catch (IOException e) {
            throw io("cannot write", location, e);
        } finally {
            if (!done) {
                try {
                    fs.delete(tmp, false);
                } catch (IOException ignored) {
                    // best effort: the temporary name is hidden from listings anyway
                }
            }
        }
    }

    private static boolean renameNoReplace(FileSystem fs, Path from, Path to) throws IOException {
        try {
            return fs.rename(from, to);
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        }
    }

    /** Deletes a file or (recursively) a folder; true if something was deleted. */
    public static boolean delete(String location, Configuration conf) {
        Path p = toPath(location);
        try {
            return fs(p, conf, location).delete(p, true);
        } catch (IOException e) {
            throw io("cannot delete", location, e);
        }
    }

    private static FileSystem fs(Path p, Configuration conf, String location) {
        try {
            FileSystem fs = p.getFileSystem(conf);
            // LocalFileSystem is a checksum wrapper that writes .crc side files; datasets and caches do not want them.
            return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
        } catch (IOException e) {
            throw io("no file system for", location, e);
        }
    }

    private static boolean isHidden(Path file, Path root) {
        String rootStr = Path.getPathWithoutSchemeAndAuthority(root).toString();
        for (Path q = file; q != null; q = q.getParent()) {
            if (Path.getPathWithoutSchemeAndAuthority(q).toString().equals(rootStr)) {
                return false;
            }
            if (q.getName().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean looksLikeWindowsDrive(String s) {
        return s.length() > 2 && Character.isLetter(s.charAt(0)) && s.charAt(1) == ':' && (s.charAt(2) == '\\');
    }

    private static UncheckedIOException io(String what, String location, IOException e) {
        return new UncheckedIOException(what + " " + location + ": " + e.getMessage(), e);
    }
}
