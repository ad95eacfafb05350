package org.facenas.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Binary greyscale PGM (P5, 8-bit), the format of AT&T/ORL; javax.imageio has no reader for it. */
final class Pgm {

    private Pgm() {
    }

    static BufferedImage read(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int[] pos = {0};
        String magic = token(b, pos);
        if (!magic.equals("P5")) {
            throw new IOException("not a binary PGM (magic '" + magic + "')");
        }
        int w = Integer.parseInt(token(b, pos));
        int h = Integer.parseInt(token(b, pos));
        int max = Integer.parseInt(token(b, pos));
        if (max <= 0 || max > 255) {
            throw new IOException("only 8-bit PGM is supported, max value " + max);
        }
        int start = pos[0] + 1;
        if (b.length < start + (long) w * h) {
            throw new IOException("truncated PGM: " + (b.length - start) + " of " + w * h + " pixels");
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = (b[start + y * w + x] & 255) * 255 / max;
                img.getRaster().setSample(x, y, 0, v);
            }
        }
        return img;
    }

    private static String token(byte[] b, int[] pos) throws IOException {
        int i = pos[0];
        while (i < b.length) {
            if (b[i] == '#') {
                while (i < b.length && b[i] != '\n') {
                    i++;
                }
            } else if (Character.isWhitespace(b[i])) {
                i++;
            } else {
                break;
            }
        }
        int s = i;
        while (i < b.length && !Character.isWhitespace(b[i])) {
            i++;
        }
        if (s == i) {
            throw new IOException("truncated PGM header");
        }
        pos[0] = i;
        return new String(b, s, i - s, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
