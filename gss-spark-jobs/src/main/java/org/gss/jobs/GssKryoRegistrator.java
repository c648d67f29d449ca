package org.gss.jobs;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.serializer.KryoRegistrator;
import org.nd4j.kryo.Nd4jRegistrator;

/**
 * Kryo setup for every gss Spark job: ND4J arrays through DL4J's registrator; Java records through Java serialization,
 * because Kryo 4's FieldSerializer cannot read record fields (Unsafe refuses record field offsets) and our task
 * descriptions and results are records; and the JDK's unmodifiable collections ({@code List.of}, {@code Set.of},
 * {@code Map.of}, {@code Stream.toList()}) through {@link ImmutableCollectionSerializer}.
 */
public final class GssKryoRegistrator implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        new Nd4jRegistrator().registerClasses(kryo);
        kryo.addDefaultSerializer(Record.class, new JavaSerializer());
        kryo.addDefaultSerializer(jdkClass("java.util.ImmutableCollections$AbstractImmutableCollection"),
                new ImmutableCollectionSerializer());
        kryo.addDefaultSerializer(jdkClass("java.util.ImmutableCollections$AbstractImmutableMap"),
                new ImmutableMapSerializer());
    }

    private static Class<?> jdkClass(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("this JDK has no " + name, e);
        }
    }

    /**
     * Kryo's CollectionSerializer rebuilds a collection by instantiating its class and calling {@code add}, which the
     * JDK's unmodifiable collections refuse: a DL4J configuration whose layers hold {@code List.of(...)} (our
     * regularization lists) broke every executor that read the training broadcast with "UnsupportedOperationException"
     * — on a cluster only, since local mode hands broadcasts over without serializing them. The elements go through
     * Kryo; a list or set comes back unmodifiable (nulls kept, as {@code Stream.toList()} allows them).
     */
    static final class ImmutableCollectionSerializer extends Serializer<Collection<?>> {
        ImmutableCollectionSerializer() {
            setAcceptsNull(false);
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, Collection<?> c) {
            output.writeBoolean(c instanceof Set);
            output.writeInt(c.size(), true);
            for (Object o : c) {
                kryo.writeClassAndObject(output, o);
            }
        }

        @Override
        public Collection<?> read(Kryo kryo, Input input, Class<Collection<?>> type) {
            boolean set = input.readBoolean();
            int n = input.readInt(true);
            List<Object> items = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                items.add(kryo.readClassAndObject(input));
            }
            return set ? Collections.unmodifiableSet(new LinkedHashSet<>(items)) : Collections.unmodifiableList(items);
        }
    }

    /** The same for {@code Map.of(...)}: entries through Kryo, an unmodifiable map back. */
    static final class ImmutableMapSerializer extends Serializer<Map<?, ?>> {
        ImmutableMapSerializer() {
            setAcceptsNull(false);
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, Map<?, ?> m) {
            output.writeInt(m.size(), true);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                kryo.writeClassAndObject(output, e.getKey());
                kryo.writeClassAndObject(output, e.getValue());
            }
        }

        @Override
        public Map<?, ?> read(Kryo kryo, Input input, Class<Map<?, ?>> type) {
            int n = input.readInt(true);
            Map<Object, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                m.put(kryo.readClassAndObject(input), kryo.readClassAndObject(input));
            }
            return Collections.unmodifiableMap(m);
        }
    }
}
