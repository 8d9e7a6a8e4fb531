package io.glint.media;

import java.io.IOException;
import java.util.Objects;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * The upload's bytes as a decoder's input, with a budget for reads past the end.
 *
 * <p>Why the budget: TwelveMonkeys' WebP bit reader catches end-of-file and carries on as if it read zeros. A 200-byte
 * lossless WebP whose header asks for tens of thousands of prefix-code groups then spends seconds of CPU throwing and
 * catching {@code EOFException}, once per missing symbol. After {@value #READS_PAST_END_ALLOWED} reads past the end
 * this stream throws {@link ReadPastEndException} instead, which no decoder mistakes for an ordinary end of data. A
 * complete image is read past its end a handful of times at most (decoders read ahead), so the budget costs valid
 * uploads nothing.
 */
final class ByteArrayImageInputStream extends ImageInputStreamImpl {
    static final int READS_PAST_END_ALLOWED = 4096;

    private final byte[] bytes;
    private int readsPastEnd;

    ByteArrayImageInputStream(byte[] bytes) {
        this.bytes = Objects.requireNonNull(bytes, "bytes");
    }

    @Override
    public int read() throws IOException {
        checkClosed();
        bitOffset = 0;
        if (streamPos >= bytes.length) {
            return endOfData();
        }
        return bytes[(int) streamPos++] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        checkClosed();
        Objects.checkFromIndexSize(offset, length, buffer.length);
        bitOffset = 0;
        if (length == 0) {
            return 0;
        }
        if (streamPos >= bytes.length) {
            return endOfData();
        }
        int count = (int) Math.min(length, bytes.length - streamPos);
        System.arraycopy(bytes, (int) streamPos, buffer, offset, count);
        streamPos += count;
        return count;
    }

    @Override
    public long length() {
        return bytes.length;
    }

    private int endOfData() {
        if (++readsPastEnd > READS_PAST_END_ALLOWED) {
            throw new ReadPastEndException();
        }
        return -1;
    }

    /** The decoder kept reading after the data ended: the image is truncated or lies about its structure. */
    static final class ReadPastEndException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReadPastEndException() {
            super("the decoder read past the end of the data " + READS_PAST_END_ALLOWED + " times", null, false, false);
        }
    }
}
