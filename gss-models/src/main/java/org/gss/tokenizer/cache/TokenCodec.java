package org.gss.tokenizer.cache;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Token ids as stored bytes: little-endian int16 when the vocabulary has at most 32768 ids (every id fits a signed
 * short), else int32. Half the bytes for the dVAE's 8192 ids and the project's own tokenizers.
 */
public final class TokenCodec {
    /** Largest vocabulary stored as int16. */
    public static final int INT16_MAX_VOCABULARY = 32_768;

    private TokenCodec() {
    }

    /** 2 or 4. */
    public static int bytesPerToken(int vocabularySize) {
        if (vocabularySize < 1) {
            throw new IllegalArgumentException("vocabulary size must be positive, got " + vocabularySize);
        }
        return vocabularySize <= INT16_MAX_VOCABULARY ? 2 : 4;
    }

    public static byte[] pack(int[] tokens, int bytesPerToken) {
        ByteBuffer b = ByteBuffer.allocate(tokens.length * checkWidth(bytesPerToken)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < tokens.length; i++) {
            int t = tokens[i];
            if (bytesPerToken == 2) {
                if (t < 0 || t >= INT16_MAX_VOCABULARY) {
                    throw new IllegalArgumentException("token " + t + " at index " + i + " does not fit int16 storage");
                }
                b.putShort((short) t);
            } else {
                b.putInt(t);
            }
        }
        return b.array();
    }

    public static int[] unpack(byte[] data, int bytesPerToken) {
        int w = checkWidth(bytesPerToken);
        if (data.length % w != 0) {
            throw new IllegalArgumentException(data.length + " token bytes are not a multiple of " + w);
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int[] out = new int[data.length / w];
        for (int i = 0; i < out.length; i++) {
            out[i] = w == 2 ? b.getShort() : b.getInt();
        }
        return out;
    }

    private static int checkWidth(int bytesPerToken) {
        if (bytesPerToken != 2 && bytesPerToken != 4) {
            throw new IllegalArgumentException("tokens are stored as 2 or 4 bytes, got " + bytesPerToken);
        }
        return bytesPerToken;
    }
}
