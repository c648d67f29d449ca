package org.gss.jobs;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.serializer.KryoRegistrator;
import org.nd4j.kryo.Nd4jRegistrator;

/**
 * Kryo setup for every gss Spark job: ND4J arrays through DL4J's registrator, and Java records through Java
 * serialization, because Kryo 4's FieldSerializer cannot read record fields (Unsafe refuses record field offsets) and
 * our task descriptions and results are records.
 */
public final class GssKryoRegistrator implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        new Nd4jRegistrator().registerClasses(kryo);
        kryo.addDefaultSerializer(Record.class, new JavaSerializer());
    }
}
