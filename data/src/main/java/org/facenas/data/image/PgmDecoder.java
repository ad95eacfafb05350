package org.facenas.data.image;

import java.io.IOException;

/**
 * Decodes binary (P5) and ASCII (P2) portable grey maps, which javax.imageio cannot read but
 * AT&amp;T/ORL ships. 16-bit samples are scaled down to 8 bits.
 */
final class PgmDecoder {

    private final byte[] data;
    private int pos;

    private PgmDecoder(byte[] data) {
        this.data = data;
    }

    static boolean looksLikePgm(byte[] data) {
        return data.length > 2 && data[0] == 'P' && (data[1] == '5' || data[1] == '2');
    }

    static RgbImage decode(byte[] data) throws IOException {
        return new PgmDecoder(data).decode();
    }

    private RgbImage decode() throws IOException {
        boolean binary = data[1] == '5';
        pos = 2;
        int width = nextInt();
        int height = nextInt();
        int maxVal = nextInt();
        if (width <= 0 || height <= 0 || maxVal <= 0 || maxVal > 65535) {
            throw new IOException("bad PGM header " + width + "x" + height + " maxval " + maxVal);
        }
        pos++; // exactly one whitespace byte separates the header from binary samples
        byte[] grey = new byte[width * height];
        int bytesPerSample = maxVal > 255 ? 2 : 1;
        for (int i = 0; i < grey.length; i++) {
            int v;
            if (binary) {
                if (pos + bytesPerSample > data.length) {
                    throw new IOException("PGM truncated: " + i + " of " + grey.length + " pixels");
                }
                v = bytesPerSample == 1 ? data[pos] & 0xff : (data[pos] & 0xff) << 8 | (data[pos + 1] & 0xff);
                pos += bytesPerSample;
            } else {
                v = nextInt();
            }
            grey[i] = (byte) Math.round(v * 255.0 / maxVal);
        }
        return RgbImage.ofGrey(width, height, grey);
    }

    private int nextInt() throws IOException {
        while (pos < data.length && (Character.isWhitespace(data[pos]) || data[pos] == '#')) {
            if (data[pos] == '#') {
                while (pos < data.length && data[pos] != '\n') {
                    pos++;
                }
            } else {
                pos++;
            }
        }
        int start = pos;
        int v = 0;
        while (pos < data.length && data[pos] >= '0' && data[pos] <= '9') {
            v = v * 10 + (data[pos++] - '0');
        }
        if (pos == start) {
            throw new IOException("PGM header or sample is not a number at byte " + start);
        }
        return v;
    }
}
