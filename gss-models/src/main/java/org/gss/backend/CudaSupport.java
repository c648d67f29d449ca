package org.gss.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which GPUs the ND4J CUDA backend this project builds against ({@code nd4j-cuda-11.6} 1.0.0-M2.1, the newest
 * published) can run on, as data.
 *
 * <p>Its {@code libnd4jcuda.so} carries machine code (SASS) for the architectures in {@link #SASS} and no PTX. CUDA's
 * binary compatibility rule: a cubin built for {@code sm_XY} runs on a device of compute capability {@code X.Z} with
 * the same major {@code X} and {@code Z >= Y}; without PTX nothing runs across majors. So 8.9 (Ada: L4, L40, RTX 40xx)
 * runs the {@code sm_86} code, while 9.0 (Hopper: H100, H200) and 10.x/12.x (Blackwell) have no kernel image and fail
 * with "no kernel image is available for execution on the device".
 */
public final class CudaSupport {

    /** An architecture for which machine code is embedded. */
    public record Sm(int major, int minor) {
        @Override
        public String toString() {
            return "sm_" + major + minor;
        }
    }

    /** The backend this describes, for messages. */
    public static final String BACKEND = "ND4J CUDA 11.6 backend (nd4j-cuda-11.6 1.0.0-M2.1)";

    /** SASS embedded in libnd4jcuda.so of nd4j-cuda-11.6 1.0.0-M2.1 (read from the library's fatbinary). */
    public static final List<Sm> SASS = List.of(
            new Sm(3, 7), new Sm(5, 0), new Sm(5, 2), new Sm(6, 0), new Sm(6, 1),
            new Sm(7, 0), new Sm(7, 5), new Sm(8, 0), new Sm(8, 6));

    /** Whether forward-compatible PTX is embedded (it is not, so no newer major can JIT-compile it). */
    public static final boolean HAS_PTX = false;

    private CudaSupport() {
    }

    /** True when some embedded cubin runs on compute capability {@code major.minor} (same major, minor not above). */
    public static boolean isSupported(int major, int minor) {
        return SASS.stream().anyMatch(sm -> sm.major() == major && sm.minor() <= minor);
    }

    public static boolean isSupported(GpuInfo gpu) {
        return isSupported(gpu.major(), gpu.minor());
    }

    /**
     * The supported compute capabilities in words, derived from {@link #SASS}: each run of consecutive majors becomes
     * {@code "<lowest major>.<its lowest minor> to <highest major>.x"}, e.g. {@code "3.7 to 3.x and 5.0 to 8.x"}.
     */
    public static String supportedRange() {
        List<String> runs = new ArrayList<>();
        List<Integer> majors = SASS.stream().map(Sm::major).distinct().sorted().toList();
        int start = 0;
        for (int i = 1; i <= majors.size(); i++) {
            if (i == majors.size() || majors.get(i) != majors.get(i - 1) + 1) {
                int first = majors.get(start);
                int lowestMinor = SASS.stream().filter(sm -> sm.major() == first).mapToInt(Sm::minor).min().orElseThrow();
                runs.add(first + "." + lowestMinor + " to " + majors.get(i - 1) + ".x");
                start = i;
            }
        }
        return String.join(" and ", runs);
    }

    /** {@code sm_37, sm_50, ..., sm_86}. */
    public static String sassList() {
        return SASS.stream().map(Sm::toString).collect(Collectors.joining(", "));
    }

    /** Why the range is what it is, for messages: the embedded code and the compatibility rule. */
    public static String reason() {
        return "nd4j-cuda-11.6 1.0.0-M2.1 carries machine code for " + sassList() + " and "
                + (HAS_PTX ? "PTX" : "no PTX") + ", and machine code runs only on GPUs of its own major version";
    }

    /** One sentence for logs and docs: the range and why. */
    public static String summary() {
        return "the " + BACKEND + " runs on compute capability " + supportedRange() + " only (" + reason() + ")";
    }
}
