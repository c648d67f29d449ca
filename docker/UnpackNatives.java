/**
 * Docker build step (docker/Dockerfile.cpu): loads ND4J's CPU backend once, so that JavaCPP unpacks its native
 * libraries (about 400 MB) into the image's cache folder (-Dorg.bytedeco.javacpp.cachedir) instead of every driver and
 * executor doing it at start. Run with Java's source launcher; the classpath is the gss jar plus Spark's jars.
 */
public class UnpackNatives {
    public static void main(String[] args) {
        org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.ones(2, 2);
        double sum = x.sumNumber().doubleValue();
        if (sum != 4.0) {
            throw new IllegalStateException("ND4J computed " + sum + " for the sum of a 2x2 array of ones");
        }
        System.out.println("ND4J " + org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getSimpleName()
                + " loaded; natives unpacked into " + System.getProperty("org.bytedeco.javacpp.cachedir"));
    }
}
