package org.gss.backend;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A class loader that defines nothing itself: it delegates to its parent, except that the ND4J backend provider list
 * ({@code META-INF/services/org.nd4j.linalg.factory.Nd4jBackend}) it returns leaves out the hidden providers. All the
 * parent's copies of that file are merged into one list first, so it also works for a shaded jar whose single,
 * merged service file names both backends.
 */
final class BackendHidingClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final Set<String> hidden;

    BackendHidingClassLoader(ClassLoader parent, Set<String> hiddenProviders) {
        super("gss-nd4j-backend-filter", parent);
        this.hidden = Set.copyOf(hiddenProviders);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        Enumeration<URL> fromParent = getParent().getResources(name);
        if (!Nd4jBackends.SERVICE_FILE.equals(name)) {
            return fromParent;
        }
        return Collections.enumeration(List.of(inMemory(name, String.join("\n", providers(fromParent)) + "\n")));
    }

    @Override
    public URL getResource(String name) {
        if (!Nd4jBackends.SERVICE_FILE.equals(name)) {
            return getParent().getResource(name);
        }
        try {
            return getResources(name).nextElement();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The providers named in all copies of the service file, in order, without comments, duplicates or hidden ones. */
    List<String> providers(Enumeration<URL> files) throws IOException {
        Set<String> kept = new LinkedHashSet<>();
        for (URL url : Collections.list(files)) {
            try (InputStream in = url.openStream()) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                    int hash = line.indexOf('#');
                    String provider = (hash >= 0 ? line.substring(0, hash) : line).strip();
                    if (!provider.isEmpty() && !hidden.contains(provider)) {
                        kept.add(provider);
                    }
                }
            }
        }
        return new ArrayList<>(kept);
    }

    private static URL inMemory(String name, String text) throws MalformedURLException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        URLStreamHandler handler = new URLStreamHandler() {
            @Override
            protected URLConnection openConnection(URL u) {
                return new URLConnection(u) {
                    @Override
                    public void connect() {
                    }

                    @Override
                    public InputStream getInputStream() {
                        return new ByteArrayInputStream(bytes);
                    }
                };
            }
        };
        return new URL("gss-nd4j-backends", null, -1, "/" + name, handler);
    }
}
