package org.gss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.gss.model.weights.Stage2Golden;
import org.gss.testing.GssCli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code gss weights convert} on PyTorch checkpoints that the test writes with PyTorch from the stage2-golden
 * weights: an mmseg EncoderDecoder checkpoint (ResNet v1c + GSS head, with a stand-in frozen dVAE) and a Swin
 * checkpoint in the official release's layout; the converted files reproduce the golden outputs through
 * {@code gss model features}.
 */
class WeightsConvertTest {

    static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @BeforeAll
    static void needsTorch() throws Exception {
        boolean torch = false;
        if (Files.isExecutable(Path.of(PYTHON))) {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            torch = p.waitFor() == 0;
        }
        assumeTrue(torch, "python3-torch is not installed (apt-get install python3-torch): the PyTorch checkpoint"
                + " tests of gss weights convert are skipped");
    }

    private void python(String code, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, "-c", code));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }

    /** backbone.* + decode_head.* (+ a stand-in decode_head.d_vae.*) saved by torch.save under "state_dict". */
    private Path encoderDecoderPth() throws Exception {
        Path pth = dir.resolve("gss_r101_narrow.pth");
        python("""
                import sys, collections, numpy as np, torch
                b, h, out = np.load(sys.argv[1]), np.load(sys.argv[2]), sys.argv[3]
                sd = collections.OrderedDict()
                for k in b.files: sd['backbone.' + k] = torch.from_numpy(b[k])
                for k in h.files: sd['decode_head.' + k] = torch.from_numpy(h[k])
                sd['decode_head.d_vae.encoder.blocks.input.w'] = torch.zeros(4, 3, 7, 7)
                torch.save({'meta': {'mmseg_version': '0.26.0'}, 'state_dict': sd}, out)
                """, Stage2Golden.file(ModelFeaturesCommandTest.RESNET, "weights.npz").toString(),
                Stage2Golden.file(ModelFeaturesCommandTest.HEAD, "weights.npz").toString(), pth.toString());
        return pth;
    }

    @Test
    void encoderDecoderCheckpointConvertsAndReproducesTheGoldenLogits() throws Exception {
        Path pth = encoderDecoderPth();
        Path npz = dir.resolve("gss.npz");
        GssCli.Run r = GssCli.run("weights", "convert", "--kind", "gss", "--in", pth.toString(), "--out",
                npz.toString(), "--set", "gss.model.depth=101", "--set", "gss.model.base-width=8",
                "--set", "gss.model.aux-head.channels=32", "--set", "gss.model.mla.channels=48",
                "--set", "gss.model.mla.depth=2", "--set", "gss.model.mla.heads=2", "--set", "gss.model.mla.ffn=96",
                "--set", "gss.model.mla.hidden=64");
        assertEquals(Main.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("frozen dVAE"), r.out());
        Path out = dir.resolve("features");
        r = GssCli.run("model", "features", "--weights", npz.toString(), "--input",
                Stage2Golden.file(ModelFeaturesCommandTest.RESNET, "x.npy").toString(), "--out", out.toString());
        assertEquals(Main.OK, r.code(), r.err());
        for (String n : new String[] {"token_logits", "pixel_logits", "pixel_logits_up"}) {
            ModelFeaturesCommandTest.assertClose(out, ModelFeaturesCommandTest.HEAD, n, n + ".npy");
        }
        assertEquals(Stage2Golden.npy(ModelFeaturesCommandTest.HEAD, "token_argmax.npy").castTo(DataType.LONG),
                ModelFeaturesCommandTest.read(out.resolve("token_argmax.npy")).castTo(DataType.LONG));
    }

    @Test
    void anotherDepthOrKindIsRefusedByName() throws Exception {
        Path pth = dir.resolve("r101.pth");
        python("""
                import sys, collections, numpy as np, torch
                b = np.load(sys.argv[1])
                sd = collections.OrderedDict((k, torch.from_numpy(b[k])) for k in b.files)
                sd['fc.weight'] = torch.zeros(10, 256); sd['fc.bias'] = torch.zeros(10)
                torch.save(sd, sys.argv[2])
                """, Stage2Golden.file(ModelFeaturesCommandTest.RESNET, "weights.npz").toString(), pth.toString());
        GssCli.Run r = GssCli.run("weights", "convert", "--kind", "resnet-v1c", "--in", pth.toString(), "--out",
                dir.resolve("a.npz").toString(), "--set", "gss.model.depth=50", "--set", "gss.model.base-width=8");
        assertNotEquals(Main.OK, r.code());
        assertTrue(r.err().contains("ResNet-101 v1c") && r.err().contains("gss.model.depth = 50"), r.err());
        r = GssCli.run("weights", "convert", "--kind", "swin", "--in", pth.toString(), "--out",
                dir.resolve("b.npz").toString());
        assertNotEquals(Main.OK, r.code());
        assertTrue(r.err().contains("patch_embed"), r.err());
        r = GssCli.run("weights", "convert", "--kind", "resnet-v1c", "--in", pth.toString(), "--out",
                dir.resolve("c.npz").toString(), "--set", "gss.model.depth=101", "--set", "gss.model.base-width=8");
        assertEquals(Main.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("dropped classifier fc.weight"), r.out());
    }

    @Test
    void officialSwinReleaseKeysConvertToMmsegOrder() throws Exception {
        Path pth = dir.resolve("swin_official.pth");
        // mmseg names -> the official release's, with patch merging back in cat(x0, x1, x2, x3) order
        python("""
                import sys, re, collections, numpy as np, torch
                w = np.load(sys.argv[1]); sd = collections.OrderedDict()
                for k in w.files:
                    v = torch.from_numpy(w[k]); n = k
                    n = n.replace('patch_embed.projection.', 'patch_embed.proj.')
                    n = re.sub(r'^stages\\.', 'layers.', n)
                    n = n.replace('.attn.w_msa.', '.attn.').replace('.ffn.layers.0.0.', '.mlp.fc1.')
                    n = n.replace('.ffn.layers.1.', '.mlp.fc2.')
                    if n.endswith('downsample.reduction.weight'):
                        o, c4 = v.shape; v = v.reshape(o, c4 // 4, 4)[:, :, [0, 2, 1, 3]].transpose(1, 2).reshape(o, c4)
                    elif '.downsample.norm.' in n:
                        c4 = v.shape[0]; v = v.reshape(c4 // 4, 4)[:, [0, 2, 1, 3]].transpose(0, 1).reshape(c4)
                    sd[n] = v.contiguous()
                sd['norm.weight'] = torch.ones(96); sd['norm.bias'] = torch.zeros(96)
                sd['head.weight'] = torch.zeros(5, 96); sd['head.bias'] = torch.zeros(5)
                torch.save({'model': sd}, sys.argv[2])
                """, Stage2Golden.file("swin-narrow", "weights.npz").toString(), pth.toString());
        Path npz = dir.resolve("swin.npz");
        GssCli.Run r = GssCli.run("weights", "convert", "--kind", "swin", "--in", pth.toString(), "--out",
                npz.toString(), "--set", "gss.model.backbone=swin-l", "--set", "gss.model.swin.embed=12",
                "--set", "gss.model.swin.depths=[2,2,2,2]", "--set", "gss.model.swin.heads=[1,2,4,8]");
        assertEquals(Main.OK, r.code(), r.out() + r.err());
        Path out = dir.resolve("features");
        r = GssCli.run("model", "features", "--weights", npz.toString(), "--input",
                Stage2Golden.file("swin-narrow", "x.npy").toString(), "--out", out.toString());
        assertEquals(Main.OK, r.code(), r.err());
        for (String n : new String[] {"patch_embed", "out0", "out1", "out2", "out3"}) {
            ModelFeaturesCommandTest.assertClose(out, "swin-narrow", n, n + ".npy");
        }
    }
}
