package org.facenas.data.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Decodes JPEG, PNG (via ImageIO) and PGM files or bytes into {@link RgbImage}s. */
public final class ImageDecoding {

    private ImageDecoding() {
    }

    /**
     * Decodes an image file.
     *
     * @throws IOException when the file cannot be read or is not a decodable image
     */
    public static RgbImage read(Path file) throws IOException {
        return decode(Files.readAllBytes(file));
    }

    /**
     * Decodes encoded image bytes (JPEG, PNG, PGM); grey images come back with 3 equal channels.
     *
     * @throws IOException when the bytes are not a decodable image
     */
    public static RgbImage decode(byte[] encoded) throws IOException {
        if (PgmDecoder.looksLikePgm(encoded)) {
            return PgmDecoder.decode(encoded);
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("not a JPEG, PNG or PGM image (" + encoded.length + " bytes)");
            }
            ImageReader reader = readers.next();
            try {
                // ImageIO only *warns* on a truncated JPEG and returns a half-grey picture; a
                // truncated face must count as corrupt, so warnings become errors here.
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                reader.setInput(in, true, true);
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new IOException("corrupt image: " + warnings.get(0));
                }
                return RgbImage.of(image);
            } finally {
                reader.dispose();
            }
        } catch (RuntimeException e) {
            // Some decoders throw unchecked exceptions on malformed streams; report them as I/O.
            throw new IOException("image decoder failed: " + e, e);
        }
    }
}
