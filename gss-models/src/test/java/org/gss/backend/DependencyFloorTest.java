package org.gss.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.serde.base64.Nd4jBase64;

/** The libraries the pom raises above what DL4J declares still serve the ND4J code that calls them. */
class DependencyFloorTest {
    @Test
    void nd4jBase64RunsOnTheRaisedCommonsNet() throws Exception {
        INDArray a = Nd4j.createFromArray(new float[] {1.5f, -2f, 3.25f});
        INDArray back = Nd4jBase64.fromBase64(Nd4jBase64.base64String(a));
        assertEquals(a, back);
        assertEquals("3.10.0", org.apache.commons.net.util.Base64.class.getPackage().getImplementationVersion());
    }
}
