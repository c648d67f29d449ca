package org.gss.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.gss.model.GssEncoderModel;
import org.gss.model.ModelConfig;
import org.gss.model.optim.OptimConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import scala.reflect.ClassTag$;

/**
 * Objects written and read back by Spark's Kryo serializer set up as the jobs set it up, as they are when a broadcast or
 * task result crosses JVMs (local mode never serializes broadcasts, so only a cluster shows these failures).
 */
class GssKryoRegistratorTest {
    private static final SerializerInstance KRYO = new KryoSerializer(new SparkConf(false)
            .set("spark.kryo.registrator", GssKryoRegistrator.class.getName())).newInstance();

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) {
        return (T) KRYO.deserialize(KRYO.serialize(value, ClassTag$.MODULE$.Object()), ClassTag$.MODULE$.Object());
    }

    @Test
    void unmodifiableJdkCollectionsComeBackEqualAndUnmodifiable() {
        List<Object> withNull = Stream.<Object>of("a", null, 3).toList();
        for (Object c : List.of(List.of(), List.of(1), List.of(1, "two", 3.0), withNull, List.of(1, 2, 3).subList(1, 3),
                Set.of(), Set.of("x", "y", "z"), Map.of(), Map.of("k", List.of(1, 2)))) {
            Object back = roundTrip(c);
            assertEquals(c, back, c.getClass().getName());
            if (back instanceof List<?> l) {
                assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) l).add(1));
            } else if (back instanceof Set<?> s) {
                assertThrows(UnsupportedOperationException.class, () -> ((Set<Object>) s).add(1));
            } else {
                assertThrows(UnsupportedOperationException.class, () -> ((Map<Object, Object>) back).put(1, 1));
            }
        }
        assertEquals(Arrays.asList("a", null, 3), roundTrip(withNull));
    }

    /** What DL4J broadcasts to every training worker: the graph configuration (List.of regularization and all). */
    @Test
    void theEncoderConfigurationSurvivesKryoAsTheTrainingBroadcastCarriesIt() {
        ComputationGraphConfiguration conf = GssEncoderModel.build(ModelConfig.tiny(), OptimConfig.cityscapes(),
                DataType.FLOAT).getConfiguration();
        ComputationGraphConfiguration back = roundTrip(conf);
        assertEquals(conf.toJson(), back.toJson());
        long decayed = back.getVertices().values().stream()
                .filter(v -> v instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv
                        && lv.getLayerConf().getLayer() instanceof ConvolutionLayer c && !c.getRegularization().isEmpty())
                .count();
        assertEquals(true, decayed > 0, "no convolution kept its weight decay");
    }
}
