package org.gss.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.gss.data.image.BadInputException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads NumPy {@code .npy} and {@code .npz} files into ND4J arrays: the one reader of the project (dVAE and ResNet
 * weights, palettes, checkpoints).
 *
 * <p>Written instead of {@code Nd4j.createFromNpzFile} because that parser only handles stored zip entries, names up
 * to 127 bytes, npy v1.0 headers, no 0-d arrays and no int64 scalars (the {@code num_batches_tracked} of every
 * PyTorch state_dict). This one reads stored and deflated entries ({@code np.savez} and {@code np.savez_compressed})
 * through {@link ZipFile}, npy format versions 1, 2 and 3, C and Fortran order, either byte order, and the dtypes f2,
 * f4, f8, i1, u1, i2, u2, i4, u4, i8, u8 and b1. Arrays come back C-ordered: f2 and f4 as FLOAT, f8 as DOUBLE, i1/u1
 * as BYTE/UBYTE, i2 as SHORT, u2 and i4 as INT, u4, i8 and u8 as LONG (u8 above 2^63 wraps), b1 as BOOL.
 */
public final class NumpyArrays {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NumpyArrays() {
    }

    /** All arrays of an {@code .npz}, keyed by entry name without the {@code .npy} suffix, in archive order. */
    public static Map<String, INDArray> readNpz(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file.toString(), "file not found");
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            for (ZipEntry e : Collections.list(entries)) {
                if (e.isDirectory()) {
                    continue;
                }
                String name = e.getName();
                String key = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = in.readAllBytes();
                }
                out.put(key, parseNpy(bytes, file + "!" + name));
            }
        } catch (ZipException e) {
            throw new BadInputException(file.toString(), "not a readable .npz (zip) archive: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BadInputException(file.toString(), "cannot read: " + e, e);
        }
        return out;
    }

    /** One {@code .npy} file. */
    public static INDArray readNpy(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(file.toString(), "cannot read: " + e, e);
        }
        return parseNpy(bytes, file.toString());
    }

    /** Parses the bytes of one npy file; {@code source} names it in errors. */
    public static INDArray parseNpy(byte[] bytes, String source) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new BadInputException(source, "not an .npy array (bad magic)");
        }
        int major = bytes[6] & 0xff;
        int headerLen;
        int headerStart;
        if (major == 1) {
            headerLen = buf.getShort(8) & 0xffff;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new BadInputException(source, "truncated .npy header");
            }
            long len = buf.getInt(8) & 0xffffffffL;
            if (len > Integer.MAX_VALUE) {
                throw new BadInputException(source, ".npy header too long: " + len);
            }
            headerLen = (int) len;
            headerStart = 12;
        } else {
            throw new BadInputException(source, "unsupported .npy format version " + major);
        }
        if ((long) headerStart + headerLen > bytes.length) {
            throw new BadInputException(source, "truncated .npy header");
        }
        String header = new String(bytes, headerStart, headerLen,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, source, "descr");
        boolean fortran = group(FORTRAN, header, source, "fortran_order").equals("True");
        long[] shape = parseShape(group(SHAPE, header, source, "shape"), source);

        ByteOrder order = switch (descr.charAt(0)) {
            case '<', '|', '=' -> ByteOrder.LITTLE_ENDIAN; // '=' is native; every npy writer we meet is x86
            case '>' -> ByteOrder.BIG_ENDIAN;
            default -> throw new BadInputException(source, "unsupported dtype '" + descr + "'");
        };
        String kind = descr.substring(1);
        int itemSize = switch (kind) {
            case "f4", "i4", "u4" -> 4;
            case "f8", "i8", "u8" -> 8;
            case "f2", "i2", "u2" -> 2;
            case "i1", "u1", "b1" -> 1;
            default -> throw new BadInputException(source, "unsupported dtype '" + descr
                    + "' (supported: f2, f4, f8, i1, u1, i2, u2, i4, u4, i8, u8, b1)");
        };
        long count = 1;
        for (long d : shape) {
            count = Math.multiplyExact(count, d);
        }
        int dataStart = headerStart + headerLen;
        long expectedBytes = count * itemSize;
        if (bytes.length - dataStart != expectedBytes) {
            throw new BadInputException(source, "data has " + (bytes.length - dataStart) + " bytes, expected "
                    + expectedBytes + " for dtype " + descr + " and shape " + Arrays.toString(shape));
        }
        if (count > Integer.MAX_VALUE) {
            throw new BadInputException(source, "array too large for a Java array: " + count + " elements");
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, (int) expectedBytes).slice().order(order);
        int n = (int) count;
        // numpy writes Fortran-ordered arrays as the C-ordered transpose: read with reversed shape, then permute.
        long[] readShape = fortran ? reversed(shape) : shape;
        INDArray flat = switch (kind) {
            case "f4" -> {
                float[] v = new float[n];
                data.asFloatBuffer().get(v);
                yield Nd4j.createFromArray(v);
            }
            case "f8" -> {
                double[] v = new double[n];
                data.asDoubleBuffer().get(v);
                yield Nd4j.createFromArray(v);
            }
            case "i4" -> {
                int[] v = new int[n];
                data.asIntBuffer().get(v);
                yield Nd4j.createFromArray(v);
            }
            case "i8", "u8" -> {
                long[] v = new long[n];
                data.asLongBuffer().get(v);
                yield Nd4j.createFromArray(v);
            }
            case "f2" -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = halfToFloat(data.getShort(2 * i));
                }
                yield Nd4j.createFromArray(v);
            }
            case "i2" -> {
                short[] v = new short[n];
                data.asShortBuffer().get(v);
                yield Nd4j.createFromArray(v);
            }
            case "u2" -> {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = data.getShort(2 * i) & 0xffff;
                }
                yield Nd4j.createFromArray(v);
            }
            case "u4" -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = data.getInt(4 * i) & 0xffffffffL;
                }
                yield Nd4j.createFromArray(v);
            }
            default -> {
                byte[] v = new byte[n];
                data.get(v);
                DataType t = kind.equals("u1") ? DataType.UBYTE : kind.equals("b1") ? DataType.BOOL : DataType.BYTE;
                yield Nd4j.createFromArray(v).castTo(t);
            }
        };
        if (n == 0) {
            return Nd4j.create(flat.dataType(), shape);
        }
        INDArray arr = shape.length == 0 ? flat.reshape() : flat.reshape('c', readShape);
        if (fortran && shape.length > 1) {
            int[] perm = new int[shape.length];
            for (int i = 0; i < perm.length; i++) {
                perm[i] = perm.length - 1 - i;
            }
            arr = arr.permute(perm).dup('c');
        }
        return arr;
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

    private static String group(Pattern p, String header, String source, String field) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new BadInputException(source, ".npy header has no '" + field + "': " + header.trim());
        }
        return m.group(1);
    }

    private static long[] parseShape(String text, String source) {
        String t = text.trim();
        if (t.isEmpty()) {
            return new long[0];
        }
        String[] parts = t.split(",");
        int n = parts[parts.length - 1].isBlank() ? parts.length - 1 : parts.length;
        long[] shape = new long[n];
        try {
            for (int i = 0; i < n; i++) {
                shape[i] = Long.parseLong(parts[i].trim().replace("L", ""));
            }
        } catch (NumberFormatException e) {
            throw new BadInputException(source, "bad .npy shape (" + text + ")", e);
        }
        return shape;
    }

    private static long[] reversed(long[] a) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[a.length - 1 - i];
        }
        return r;
    }
}
