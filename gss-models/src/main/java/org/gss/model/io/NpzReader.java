package org.gss.model.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.gss.data.image.BadInputException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads a NumPy {@code .npz} (as {@code numpy.savez} / {@code savez_compressed} write it) into
 * ND4J arrays keyed by entry name without the {@code .npy} suffix. Pure Java: ND4J's
 * {@code createFromNpzFile} fails on the int64 scalars ({@code num_batches_tracked}) that every
 * PyTorch state_dict holds. Floats (f2/f4/f8, either byte order) load as FLOAT/DOUBLE, integers
 * and booleans as LONG; C and Fortran order are honoured.
 */
public final class NpzReader {

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpzReader() {
    }

    public static Map<String, INDArray> read(Path npz) {
        if (!Files.isRegularFile(npz)) {
            throw new BadInputException(npz.toString(), "file not found");
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(npz); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String name = e.getName();
                if (e.isDirectory() || !name.endsWith(".npy")) {
                    continue;
                }
                String key = name.substring(0, name.length() - 4);
                out.put(key, parseNpy(zip.readAllBytes(), npz + "!" + name));
            }
        } catch (IOException ex) {
            throw new BadInputException(npz.toString(), "cannot read as .npz: " + ex.getMessage(), ex);
        }
        if (out.isEmpty()) {
            throw new BadInputException(npz.toString(), "no .npy entries (is it an .npz?)");
        }
        return out;
    }

    /** One .npy file's bytes; {@code where} names it in errors. */
    public static INDArray parseNpy(byte[] bytes, String where) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || (bytes[0] & 0xff) != 0x93 || !new String(bytes, 1, 5, StandardCharsets.US_ASCII)
                .equals("NUMPY")) {
            throw new BadInputException(where, "not a .npy array (bad magic)");
        }
        int major = bytes[6];
        int headerLen;
        int offset;
        if (major == 1) {
            headerLen = buf.getShort(8) & 0xffff;
            offset = 10;
        } else {
            headerLen = buf.getInt(8);
            offset = 12;
        }
        String header = new String(bytes, offset, headerLen, StandardCharsets.ISO_8859_1);
        String descr = find(DESCR, header, where, "descr");
        boolean fortran = "True".equals(find(FORTRAN, header, where, "fortran_order"));
        long[] shape = Arrays.stream(find(SHAPE, header, where, "shape").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
        long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        ByteBuffer data = ByteBuffer.wrap(bytes, offset + headerLen, bytes.length - offset - headerLen).slice()
                .order(descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        String kind = descr.substring(1);
        int itemSize = Integer.parseInt(kind.substring(1));
        if (data.remaining() < n * itemSize) {
            throw new BadInputException(where, "truncated: " + n + " values of " + descr + " need " + n * itemSize
                    + " bytes, found " + data.remaining());
        }
        INDArray flat = switch (kind.charAt(0)) {
            case 'f' -> floats(data, kind, (int) n, where);
            case 'i', 'u', 'b' -> integers(data, kind.charAt(0), itemSize, (int) n, where);
            default -> throw new BadInputException(where, "unsupported dtype " + descr);
        };
        if (shape.length == 0) {
            return flat.reshape();
        }
        return fortran ? flat.reshape('f', shape).dup('c') : flat.reshape('c', shape);
    }

    private static INDArray floats(ByteBuffer data, String kind, int n, String where) {
        switch (kind) {
            case "f8": {
                double[] v = new double[n];
                data.asDoubleBuffer().get(v);
                return Nd4j.createFromArray(v);
            }
            case "f4": {
                float[] v = new float[n];
                data.asFloatBuffer().get(v);
                return Nd4j.createFromArray(v);
            }
            case "f2": {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = halfToFloat(data.getShort(2 * i));
                }
                return Nd4j.createFromArray(v);
            }
            default:
                throw new BadInputException(where, "unsupported float dtype " + kind);
        }
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13)); // inf / NaN
        }
        if (exp == 0) {
            float v = mant / 1024f * (float) Math.pow(2, -14); // zero / subnormal
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    private static INDArray integers(ByteBuffer data, char k, int size, int n, String where) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (size) {
                case 1 -> k == 'i' ? data.get(i) : data.get(i) & 0xff;
                case 2 -> k == 'i' ? data.getShort(2 * i) : data.getShort(2 * i) & 0xffff;
                case 4 -> k == 'i' ? data.getInt(4 * i) : data.getInt(4 * i) & 0xffffffffL;
                case 8 -> data.getLong(8 * i);
                default -> throw new BadInputException(where, "unsupported integer size " + size);
            };
        }
        return Nd4j.createFromArray(v).castTo(DataType.LONG);
    }

    private static String find(Pattern p, String header, String where, String what) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new BadInputException(where, "npy header has no " + what + ": " + header.trim());
        }
        return m.group(1);
    }
}
