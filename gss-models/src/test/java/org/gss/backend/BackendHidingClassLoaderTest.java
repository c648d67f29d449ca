package org.gss.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4jBackend;

/**
 * The provider filter behind the CPU fallback, on a class path that has nd4j-native (real jar) plus a folder whose
 * service file names both backends, the way the shaded Spark jar's merged service file does. The folder stands in for
 * the nd4j-cuda jar, which the default build does not download.
 */
class BackendHidingClassLoaderTest {
    @TempDir
    Path dir;

    private ClassLoader classPathWithMergedServiceFile() throws Exception {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve("org.nd4j.linalg.factory.Nd4jBackend"),
                "# merged by the shade plugin\n" + Nd4jBackends.CUDA_BACKEND + "\n" + Nd4jBackends.CPU_BACKEND
                        + "  # trailing comment\n\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }

    private static String read(URL url) throws Exception {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void serviceFileLosesOnlyTheCudaBackend() throws Exception {
        ClassLoader withBoth = classPathWithMergedServiceFile();
        List<URL> raw = Collections.list(withBoth.getResources(Nd4jBackends.SERVICE_FILE));
        assertTrue(raw.size() >= 2, "nd4j-native's file and the merged one: " + raw);
        assertTrue(raw.stream().anyMatch(u -> {
            try {
                return read(u).contains(Nd4jBackends.CUDA_BACKEND);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));

        BackendHidingClassLoader hiding = new BackendHidingClassLoader(withBoth, Set.of(Nd4jBackends.CUDA_BACKEND));
        List<URL> filtered = Collections.list(hiding.getResources(Nd4jBackends.SERVICE_FILE));
        assertEquals(1, filtered.size());
        assertEquals(Nd4jBackends.CPU_BACKEND + "\n", read(filtered.get(0)));
        assertEquals(read(filtered.get(0)), read(hiding.getResource(Nd4jBackends.SERVICE_FILE)));
    }

    @Test
    void javasServiceLoaderSeesOnlyTheCpuBackend() throws Exception {
        ClassLoader hiding = new BackendHidingClassLoader(classPathWithMergedServiceFile(),
                Set.of(Nd4jBackends.CUDA_BACKEND));
        // type() loads the provider class without initialising or instantiating it
        List<String> providers = ServiceLoader.load(Nd4jBackend.class, hiding).stream()
                .map(p -> p.type().getName()).toList();
        assertEquals(List.of(Nd4jBackends.CPU_BACKEND), providers);
    }

    @Test
    void everythingElseIsTheParentsUnchanged() throws Exception {
        ClassLoader parent = classPathWithMergedServiceFile();
        ClassLoader hiding = new BackendHidingClassLoader(parent, Set.of(Nd4jBackends.CUDA_BACKEND));
        assertEquals(parent.getResource("nd4j-native.properties"), hiding.getResource("nd4j-native.properties"));
        assertEquals(Collections.list(parent.getResources("reference.conf")),
                Collections.list(hiding.getResources("reference.conf")));
        Class<?> cpu = Class.forName(Nd4jBackends.CPU_BACKEND, false, hiding);
        assertEquals(Class.forName(Nd4jBackends.CPU_BACKEND, false, parent), cpu);
    }
}
