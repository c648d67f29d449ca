package org.gss.tokenizer.vq;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The VQ-VAE training graph in SameDiff, NHWC, for fixed batch and crop sizes. Built once, then run with
 * {@code calculateGradientsAndOutputs} each step: one forward and one backward pass give the loss terms, the token of
 * every latent position and the encoder outputs (for the codebook's EMA update), and the gradients of all conv
 * parameters.
 *
 * <pre>
 * x ─ encoder ─ z_e ─ nearest code (argmin ‖z_e − c_k‖²) ─ z_q
 * z_st = z_e + stop_gradient(z_q − z_e)        (straight-through: forward uses z_q, backward passes to z_e)
 * rgb  = unmap_pixels(sigmoid(decoder(z_st)))   (DALL-E's output mapping, 3 channels)
 * loss = mseWeight·MSE(rgb, target) + colourWeight·CE(softmax(−‖rgb − β_k‖² / 2σ²), class) + β·‖z_e − sg(z_q)‖²
 * </pre>
 * The colour cross-entropy scores the nearest-colour decision directly: its logits are negative squared distances to
 * the K palette colours, so minimising it pulls each pixel towards its class colour and away from the others.
 * Both reconstruction terms are weighted means: {@code mask} and the rows of {@code onehot} carry each pixel's class
 * weight (0 for ignore pixels, which are thus left out). The codebook is a placeholder: it is learned by EMA outside
 * the graph, not by gradients.
 */
final class VqGraph {
    static final String X = "x";
    static final String TARGET = "target";
    static final String MASK = "mask";
    static final String ONE_HOT = "onehot";
    static final String CODEBOOK_IN = "codebook_in";
    static final String LOSS = "loss";
    static final String MSE = "mse";
    static final String CE = "colour_ce";
    static final String COMMIT = "commitment";
    static final String TOKENS = "tokens";
    static final String LATENT = "latent";
    static final String RGB = "rgb";

    /** Weights of the loss terms and the colour softness σ (on the 0..1 colour scale). */
    record LossWeights(double mse, double colour, double commitment, double colourSigma) {
    }

    final SameDiff sd;
    final List<String> paramNames;
    final int batch;
    final int size;
    final int latentPositions;

    /**
     * @param graphParams conv tensors in graph layout ({@link VqParameters#toGraph}); the graph takes them over as
     *                    its variables (updated in place by the trainer)
     * @param palette     K class colours, 0..255
     * @param quantize    false only for gradient checks: the decoder then reads z_e directly
     */
    VqGraph(VqConfig cfg, Map<String, INDArray> graphParams, int batch, int size, int[][] palette, LossWeights w,
            DataType dt, boolean quantize) {
        if (size % VqConfig.DOWNSAMPLE != 0) {
            throw new IllegalArgumentException("crop size must be a multiple of 8, got " + size);
        }
        if (w.colourSigma() < 0.15) {
            throw new IllegalArgumentException("colour sigma must be at least 0.15 (float32 range of the softmax), got "
                    + w.colourSigma());
        }
        this.batch = batch;
        this.size = size;
        int h = size / VqConfig.DOWNSAMPLE;
        this.latentPositions = batch * h * h;
        this.sd = SameDiff.create();
        Map<String, SDVariable> p = new LinkedHashMap<>();
        graphParams.forEach((k, v) -> p.put(k, sd.var(k, v)));
        this.paramNames = new ArrayList<>(p.keySet());
        Net net = new Net(sd, p, cfg);

        int k = palette.length;
        int d = cfg.embeddingDim();
        SDVariable x = sd.placeHolder(X, dt, batch, size, size, 3);
        SDVariable target = sd.placeHolder(TARGET, dt, batch, size, size, 3);
        SDVariable mask = sd.placeHolder(MASK, dt, batch, size, size, 1);
        SDVariable oneHot = sd.placeHolder(ONE_HOT, dt, (long) batch * size * size, k);
        SDVariable codebook = sd.placeHolder(CODEBOOK_IN, dt, cfg.codebookSize(), d);

        SDVariable ze = sd.identity(LATENT, net.encoder(x).reshape(latentPositions, d));
        SDVariable dist = rowSums(sd.math().square(ze), d, dt)
                .sub(sd.mmul(ze, codebook, false, true, false).mul(2.0))
                .add(rowSums(sd.math().square(codebook), d, dt).reshape(1, cfg.codebookSize()));
        SDVariable tokens = sd.argmin(TOKENS, dist, 1);
        SDVariable zq = sd.gather(codebook, tokens, 0);
        SDVariable decoderIn = quantize ? ze.add(stop(zq.sub(ze))) : ze;
        SDVariable commitment = sd.math().square(ze.sub(stop(zq))).mean();
        sd.identity(COMMIT, commitment);
        SDVariable y = net.decoder(decoderIn.reshape(batch, h, h, d));
        SDVariable rgb = sd.math().clipByValue(RGB, sd.nn().sigmoid(y).sub(0.1).div(0.8), 0.0, 1.0);

        SDVariable labelled = mask.sum().add(1e-6);
        SDVariable mse = sd.identity(MSE, sd.math().square(rgb.sub(target)).mul(mask).sum().div(labelled.mul(3.0)));

        INDArray beta = Nd4j.create(DataType.DOUBLE, k, 3);
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < 3; j++) {
                beta.putScalar(c, j, palette[c][j] / 255.0);
            }
        }
        SDVariable colours = sd.constant("palette", beta.castTo(dt));
        SDVariable flat = rgb.reshape((long) batch * size * size, 3);
        SDVariable dist2 = rowSums(sd.math().square(flat), 3, dt)
                .sub(sd.mmul(flat, colours, false, true, false).mul(2.0))
                .add(rowSums(sd.math().square(colours), 3, dt).reshape(1, k));
        SDVariable logits = dist2.mul(-1.0 / (2 * w.colourSigma() * w.colourSigma()));
        // Written out rather than with SameDiff's ops: in M2.1 a graph holding LogSoftMax cannot be cloned for
        // differentiation, and the fused softmax cross-entropy ignores the gradient flowing into it (so it cannot be
        // scaled). No max-shift is needed: rgb and the colours lie in [0, 1]³, so d² ≤ 3 and the logits lie in
        // [−3/(2σ²), 0], which exp() keeps well above float32's smallest normal for σ ≥ 0.15.
        SDVariable lse = sd.math().log(rowSums(sd.math().exp(logits), k, dt));
        SDVariable rowLabelled = rowSums(oneHot, k, dt);
        SDVariable ce = sd.identity(CE, lse.mul(rowLabelled).sum().sub(logits.mul(oneHot).sum()).div(labelled));

        sd.identity(LOSS, mse.mul(w.mse()).add(ce.mul(w.colour())).add(commitment.mul(w.commitment())));
        sd.setLossVariables(LOSS);
    }

    /**
     * Row sums of a [n, cols] matrix as [n, 1], by a product with a ones vector: in SameDiff M2.1 the backward pass of
     * a reduction over one axis loses its axis once the graph is cloned for differentiation (and then fails).
     */
    private SDVariable rowSums(SDVariable m, int cols, DataType dt) {
        return sd.mmul(m, sd.constant(Nd4j.ones(dt, cols, 1)));
    }

    private SDVariable stop(SDVariable v) {
        return new StopGradient(sd, v).outputVariable();
    }

    /** The encoder and decoder stacks over named parameter variables; mirrors DvaeEncoder / DvaeDecoder exactly. */
    static final class Net {
        private final SameDiff sd;
        private final Map<String, SDVariable> p;
        private final VqConfig cfg;

        Net(SameDiff sd, Map<String, SDVariable> p, VqConfig cfg) {
            this.sd = sd;
            this.p = p;
            this.cfg = cfg;
        }

        /** NHWC map_pixels-ed input → NHWC [n, H/8, W/8, D]. */
        SDVariable encoder(SDVariable x) {
            SDVariable h = conv(x, VqParameters.ENCODER + "blocks.input");
            for (int g = 1; g <= VqConfig.GROUPS; g++) {
                for (int i = 1; i <= cfg.blocksPerGroup(); i++) {
                    int in = i > 1 ? cfg.encoderWidth(g) : g == 1 ? cfg.hidden() : cfg.encoderWidth(g - 1);
                    h = block(h, VqParameters.ENCODER + blockPrefix(g, i), in, cfg.encoderWidth(g));
                }
                if (g < VqConfig.GROUPS) {
                    h = sd.cnn().maxPooling2d(h, Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2).pH(0).pW(0)
                            .dH(1).dW(1).paddingMode(PaddingMode.VALID).type(Pooling2D.Pooling2DType.MAX)
                            .isNHWC(true).build());
                }
            }
            return conv(sd.nn().relu(h, 0), VqParameters.ENCODER + "blocks.output.conv");
        }

        /** NHWC code vectors [n, h, w, D] → NHWC output logits [n, 8h, 8w, 3] (before the sigmoid). */
        SDVariable decoder(SDVariable z) {
            SDVariable h = conv(z, VqParameters.DECODER + "blocks.input");
            for (int g = 1; g <= VqConfig.GROUPS; g++) {
                for (int i = 1; i <= cfg.blocksPerGroup(); i++) {
                    int in = i > 1 ? cfg.decoderWidth(g) : g == 1 ? cfg.decoderInit() : cfg.decoderWidth(g - 1);
                    h = block(h, VqParameters.DECODER + blockPrefix(g, i), in, cfg.decoderWidth(g));
                }
                if (g < VqConfig.GROUPS) {
                    h = upsample2(h);
                }
            }
            return conv(sd.nn().relu(h, 0), VqParameters.DECODER + "blocks.output.conv");
        }

        /**
         * Nearest ×2 upsampling of NHWC [n, h, w, c]: SameDiff M2.1's upsampling2d has a wrong backward pass in NHWC,
         * but a right one in NCHW, so the op runs on a permuted view (this was also the fastest of the variants tried:
         * tile and broadcast-multiply are 4–5× slower in the backward pass).
         */
        private SDVariable upsample2(SDVariable x) {
            return sd.cnn().upsampling2d(x.permute(0, 3, 1, 2), 2, 2, true).permute(0, 2, 3, 1);
        }

        /** Pre-activation residual block: id(x) + postGain · conv4(relu(conv3(relu(conv2(relu(conv1(relu(x)))))))). */
        private SDVariable block(SDVariable x, String prefix, int nIn, int nOut) {
            SDVariable h = x;
            for (int c = 1; c <= 4; c++) {
                h = conv(sd.nn().relu(h, 0), prefix + ".res_path.conv_" + c);
            }
            SDVariable id = nIn != nOut ? conv(x, prefix + ".id_path") : x;
            return id.add(h.mul(cfg.postGain()));
        }

        SDVariable conv(SDVariable x, String key) {
            SDVariable w = p.get(key + ".w");
            SDVariable b = p.get(key + ".b");
            if (w == null || b == null) {
                throw new IllegalStateException("no parameters for conv " + key);
            }
            int k = (int) w.getShape()[0];
            Conv2DConfig c = Conv2DConfig.builder().kH(k).kW(k).sH(1).sW(1).pH((k - 1) / 2).pW((k - 1) / 2)
                    .dH(1).dW(1).paddingMode(PaddingMode.VALID).dataFormat(Conv2DConfig.NHWC)
                    .weightsFormat(WeightsFormat.YXIO).build();
            return sd.cnn().conv2d(x, w, b, c);
        }

        static String blockPrefix(int g, int i) {
            return "blocks.group_" + g + ".block_" + i;
        }
    }
}
