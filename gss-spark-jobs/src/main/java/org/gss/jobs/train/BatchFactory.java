package org.gss.jobs.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.gss.data.DatasetReaders;
import org.gss.data.DatasetSettings;
import org.gss.data.augment.SampleAssembler;
import org.gss.data.augment.TrainingSample;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;
import org.gss.data.layout.DatasetLayout;
import org.gss.data.layout.SampleRef;
import org.gss.data.manifest.ManifestEntry;
import org.gss.data.view.AugmentationView;
import org.gss.data.view.TokenCoverage;
import org.gss.data.view.TokenGrid;
import org.gss.maskige.MaskigeSettings;
import org.gss.model.EncoderBatch;
import org.gss.tokenizer.MaskigeCodec;
import org.gss.tokenizer.config.SharedTokenizers;
import org.gss.tokenizer.config.TokenizerSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Executor side of training: turns sample assignments (manifest row, view, seed) into minibatches. Each crop is
 * built by {@link SampleAssembler}; its token targets come from the token cache (a slice of the view's cached map)
 * or, with {@code targets = online}, from encoding the crop's labels with the tokenizer each time, unlabeled pixels
 * filled by the auxiliary head ({@link OnlineAuxFill}), as the reference implementation does.
 */
final class BatchFactory implements Serializable {
    /** One crop to build: which sample, which view, and the seed of its random crop and distortion. */
    record Assignment(ManifestEntry entry, AugmentationView view, long seed) implements Serializable {
    }

    private final TrainSettings settings;
    private final DatasetSettings dataset;
    private final MaskigeSettings maskige;
    private final TokenizerSettings tokenizer;
    private final CachedTargets cache;

    BatchFactory(TrainSettings settings, DatasetSettings dataset, MaskigeSettings maskige, TokenizerSettings tokenizer,
            CachedTargets cache) {
        this.settings = settings;
        this.dataset = dataset;
        this.maskige = maskige;
        this.tokenizer = tokenizer;
        this.cache = cache;
    }

    /** Minibatches of {@code batch} crops each, in order, online targets encoded from the ground truth as it is. */
    List<MultiDataSet> build(List<Assignment> assignments, int batch, Configuration conf) {
        return build(assignments, batch, conf, null);
    }

    /** The same; online targets fill unlabeled pixels with {@code fill} first (null: no fill). */
    List<MultiDataSet> build(List<Assignment> assignments, int batch, Configuration conf, OnlineAuxFill fill) {
        org.gss.backend.SameDiffStdout.install(); // this executor's training worker would print SameDiff noise
        DatasetLayout layout = DatasetReaders.open(dataset, conf);
        SampleAssembler assembler = new SampleAssembler(settings.geometry(), settings.crop(), settings.catMaxRatio(),
                settings.photometric());
        MaskigeCodec codec = cache == null ? codec() : null;
        List<TrainingSample> samples = new ArrayList<>();
        for (Assignment a : assignments) {
            samples.add(sample(a, layout, assembler, codec, fill, conf));
        }
        List<MultiDataSet> out = new ArrayList<>();
        for (int i = 0; i + batch <= samples.size(); i += batch) {
            out.add(toBatch(samples.subList(i, i + batch), settings.grid()).toMultiDataSet(settings.model().vocab(),
                    settings.model().numClasses()));
        }
        return out;
    }

    TrainSettings settings() {
        return settings;
    }

    /** True when targets are encoded on the executor (no token cache). */
    boolean online() {
        return cache == null;
    }

    /** The codec that encodes crops for online targets and for held-out scoring. */
    MaskigeCodec onlineCodec() {
        return codec();
    }

    private MaskigeCodec codec() {
        var palette = maskige.createPalette();
        // training only encodes: the configured inverse (an FT checkpoint, perhaps not trained yet) is not needed
        return new MaskigeCodec(palette, SharedTokenizers.get(tokenizer),
                new org.gss.maskige.NearestColourInverse(palette));
    }

    TrainingSample sample(Assignment a, DatasetLayout layout, SampleAssembler assembler, MaskigeCodec codec,
            Configuration conf) {
        return sample(a, layout, assembler, codec, null, conf);
    }

    TrainingSample sample(Assignment a, DatasetLayout layout, SampleAssembler assembler, MaskigeCodec codec,
            OnlineAuxFill fill, Configuration conf) {
        ManifestEntry e = a.entry();
        SampleRef ref = e.ref();
        RgbImage image = layout.readImage(ref, conf);
        LabelMap labels = layout.readTrainingLabels(ref, conf);
        SplittableRandom rnd = new SplittableRandom(a.seed());
        if (cache != null) {
            CachedTargets.Entry t = cache.lookup(e, a.view());
            return assembler.assemble(image, labels, a.view(), t.tokens(), t.coverage(), rnd);
        }
        TrainingSample s = assembler.assemble(image, labels, a.view(), null, null, rnd);
        LabelMap crop = new LabelMap(s.width(), s.height(), s.labels());
        INDArray tokens = codec.encode(fill == null ? crop : fill.fill(s));
        int[] ids = tokens.castTo(DataType.INT32).dup('c').data().asInt();
        tokens.close();
        return new TrainingSample(s.width(), s.height(), s.image(), s.labels(), ids, TokenCoverage.of(crop,
                settings.grid().size()));
    }

    static EncoderBatch toBatch(List<TrainingSample> samples, TokenGrid grid) {
        int n = samples.size();
        int w = samples.get(0).width();
        int h = samples.get(0).height();
        int gw = grid.cells(w);
        int gh = grid.cells(h);
        float[] images = new float[n * 3 * w * h];
        float[] tokens = new float[n * gw * gh];
        float[] coverage = new float[n * gw * gh];
        float[] pixels = new float[n * w * h];
        for (int i = 0; i < n; i++) {
            TrainingSample s = samples.get(i);
            System.arraycopy(s.image(), 0, images, i * 3 * w * h, 3 * w * h);
            for (int j = 0; j < gw * gh; j++) {
                tokens[i * gw * gh + j] = s.tokens()[j];
                coverage[i * gw * gh + j] = s.coverage()[j];
            }
            for (int j = 0; j < w * h; j++) {
                pixels[i * w * h + j] = s.labels()[j] & 0xFF;
            }
        }
        return new EncoderBatch(Nd4j.create(images, new long[] {n, 3, h, w}, 'c'),
                Nd4j.create(tokens, new long[] {n, gh, gw}, 'c'), Nd4j.create(coverage, new long[] {n, gh, gw}, 'c'),
                Nd4j.create(pixels, new long[] {n, h, w}, 'c'));
    }
}
