package org.gss.tokenizer;

import java.nio.file.Path;

import org.gss.tokenizer.vq.VqTokenizer;

/** Loads the project's own VQ tokenizer ({@code gss.tokenizer.kind = own}) from the checkpoint gss tokenizer train wrote. */
final class OwnTokenizerLoader {
    private OwnTokenizerLoader() {
    }

    /** A missing, corrupt or foreign file is a {@link org.gss.data.image.BadInputException} naming it. */
    static Tokenizer load(Path checkpoint) {
        return VqTokenizer.load(checkpoint);
    }
}
