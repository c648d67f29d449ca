package org.gss.backend;

import org.nd4j.common.config.ND4JClassLoading;

/**
 * Which ND4J backends are on the classpath, found without loading ND4J, and the switch that makes ND4J choose its CPU
 * backend when both are present.
 *
 * <p>How ND4J 1.0.0-M2.1 chooses: {@code Nd4jBackend.load()} (run once, when {@code Nd4j} is first used) lists the
 * providers of {@code META-INF/services/org.nd4j.linalg.factory.Nd4jBackend} through
 * {@code ServiceLoader.load(Nd4jBackend.class, ND4JClassLoading.getNd4jClassloader())}, sorts them by priority
 * (CPU {@code BACKEND_PRIORITY_CPU} = 0, CUDA {@code BACKEND_PRIORITY_GPU} = 100; both read from environment
 * variables of those names in a static initialiser, so they cannot be changed from inside a running JVM) and takes the
 * first whose {@code isAvailable()} is true. The CUDA backend is available whenever CUDA reports a device, even one it
 * has no kernels for. {@link #selectCpu()} therefore hands ND4J a class loader whose provider list leaves out the CUDA
 * backend, so ND4J never instantiates it; it must run before anything touches {@code Nd4j}.
 */
public final class Nd4jBackends {
    public static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";
    public static final String CPU_BACKEND = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";
    static final String SERVICE_FILE = "META-INF/services/org.nd4j.linalg.factory.Nd4jBackend";

    /** Which backends a class path holds. */
    public record OnClasspath(boolean cuda, boolean cpu) {
        /** Looks for the backend class files on {@code loader}: loads no class, so ND4J stays uninitialised. */
        public static OnClasspath of(ClassLoader loader) {
            return new OnClasspath(cudaOnClasspath(loader), cpuOnClasspath(loader));
        }
    }

    private Nd4jBackends() {
    }

    /** The ND4J CUDA backend (nd4j-cuda-*) is on {@code loader}'s classpath. Looks up the class file: loads nothing. */
    public static boolean cudaOnClasspath(ClassLoader loader) {
        return hasClass(loader, CUDA_BACKEND);
    }

    /** The ND4J CPU backend (nd4j-native) is on {@code loader}'s classpath. */
    public static boolean cpuOnClasspath(ClassLoader loader) {
        return hasClass(loader, CPU_BACKEND);
    }

    private static boolean hasClass(ClassLoader loader, String className) {
        return loader.getResource(className.replace('.', '/') + ".class") != null;
    }

    /**
     * Makes ND4J select its CPU backend in this JVM: installs a class loader, delegating everything to ND4J's current
     * one, whose {@code Nd4jBackend} provider list omits the CUDA backend. Idempotent. Returns the loader it replaced
     * (the same one ND4J had, for restoring in tests).
     */
    public static synchronized ClassLoader selectCpu() {
        ClassLoader current = ND4JClassLoading.getNd4jClassloader();
        if (current == null) {
            current = Nd4jBackends.class.getClassLoader();
        }
        if (current instanceof BackendHidingClassLoader) {
            return current;
        }
        ND4JClassLoading.setNd4jClassloader(new BackendHidingClassLoader(current, java.util.Set.of(CUDA_BACKEND)));
        return current;
    }

    /** True once {@link #selectCpu()} has run in this JVM (and was not undone). */
    public static boolean cpuSelected() {
        return ND4JClassLoading.getNd4jClassloader() instanceof BackendHidingClassLoader;
    }
}
