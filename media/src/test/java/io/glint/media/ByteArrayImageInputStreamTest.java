package io.glint.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ByteArrayImageInputStreamTest {

    @Test
    void readsSeeksAndKnowsItsLength() throws IOException {
        try (var in = new ByteArrayImageInputStream(new byte[] {1, 2, 3, (byte) 0xFF})) {
            assertThat(in.length()).isEqualTo(4);
            assertThat(in.read()).isEqualTo(1);
            byte[] buffer = new byte[8];
            assertThat(in.read(buffer, 2, 8 - 2)).isEqualTo(3);
            assertThat(buffer).startsWith(0, 0, 2, 3, (byte) 0xFF);
            in.seek(3);
            assertThat(in.read()).isEqualTo(0xFF);
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.read(buffer, 0, 1)).isEqualTo(-1);
            in.seek(0);
            assertThat(in.readUnsignedShort()).isEqualTo(0x0102);
        }
    }

    @Test
    void theEndIsAnOrdinaryEndOfFileUntilTheBudgetIsSpent() throws IOException {
        try (var in = new ByteArrayImageInputStream(new byte[] {7})) {
            in.seek(1);
            for (int i = 0; i < ByteArrayImageInputStream.READS_PAST_END_ALLOWED; i++) {
                assertThatThrownBy(in::readByte).isInstanceOf(EOFException.class);
            }

            assertThatThrownBy(in::readByte)
                    .isInstanceOf(ByteArrayImageInputStream.ReadPastEndException.class)
                    .hasMessageContaining("past the end");
        }
    }
}
