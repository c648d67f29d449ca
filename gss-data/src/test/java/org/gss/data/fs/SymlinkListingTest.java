package org.gss.data.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.gss.data.image.BadInputException;
import org.gss.data.image.ImageCodec;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;
import org.gss.data.layout.BadInputPolicy;
import org.gss.data.layout.CityscapesLayout;
import org.gss.data.layout.SampleRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recursive listings follow a directory symlink only when its canonical target lies inside the listed root and was not
 * visited yet: loops, second names of a folder and links out of the dataset add no samples.
 */
class SymlinkListingTest {
    private final Configuration conf = new Configuration();

    @TempDir
    Path dir;

    private Path cityscapes() throws Exception {
        Path root = dir.resolve("cs");
        for (String stem : List.of("city/a", "city/b")) {
            Path img = root.resolve("leftImg8bit/val/" + stem + "_leftImg8bit.png");
            Path lab = root.resolve("gtFine/val/" + stem + "_gtFine_labelIds.png");
            Files.createDirectories(img.getParent());
            Files.createDirectories(lab.getParent());
            Files.write(img, ImageCodec.encodePng(RgbImage.blank(2, 1)));
            Files.write(lab, ImageCodec.encodeLabelPng(new LabelMap(2, 1, new byte[] {7, 7})));
        }
        Path val = root.resolve("leftImg8bit/val");
        Files.createSymbolicLink(val.resolve("city/loop"), val);                       // a loop
        Files.createSymbolicLink(val.resolve("alias"), val.resolve("city"));           // a second name
        Path outside = dir.resolve("elsewhere/town");
        Files.createDirectories(outside);
        Files.write(outside.resolve("x_leftImg8bit.png"), ImageCodec.encodePng(RgbImage.blank(2, 1)));
        Files.createSymbolicLink(val.resolve("out"), outside.getParent());             // out of the root
        return root;
    }

    @Test
    void loopsAliasesAndLinksOutOfTheRootAreNotFollowed() throws Exception {
        Path root = cityscapes();
        List<String> files = HadoopFiles.listFiles(root.resolve("leftImg8bit/val").toString(), true, conf);
        assertEquals(List.of("file:" + root.resolve("leftImg8bit/val/city/a_leftImg8bit.png"),
                "file:" + root.resolve("leftImg8bit/val/city/b_leftImg8bit.png")), files);
        List<SampleRef> samples = new CityscapesLayout().list(root.toString(), "val", conf, BadInputPolicy.FAIL)
                .samples();
        assertEquals(List.of("city/a", "city/b"), samples.stream().map(SampleRef::id).toList());
    }

    @Test
    void aLinkInsideTheRootToAFolderNotReachedOtherwiseIsFollowed() throws Exception {
        Path root = dir.resolve("r");
        Files.createDirectories(root.resolve(".store/x"));
        Files.writeString(root.resolve(".store/x/f.txt"), "f");
        Files.createSymbolicLink(root.resolve("x"), root.resolve(".store/x"));
        assertEquals(List.of("file:" + root.resolve("x/f.txt")), HadoopFiles.listFiles(root.toString(), true, conf));
    }

    @Test
    void twoSamplesOnOneFileAreAnError() throws Exception {
        Path root = cityscapes();
        Path val = root.resolve("leftImg8bit/val/city");
        Files.createSymbolicLink(val.resolve("c_leftImg8bit.png"), val.resolve("a_leftImg8bit.png"));
        Files.copy(root.resolve("gtFine/val/city/a_gtFine_labelIds.png"),
                root.resolve("gtFine/val/city/c_gtFine_labelIds.png"));
        for (BadInputPolicy policy : BadInputPolicy.values()) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> new CityscapesLayout().list(root.toString(), "val", conf, policy));
            assertTrue(e.getMessage().contains("same file"), e.getMessage());
        }
    }
}
