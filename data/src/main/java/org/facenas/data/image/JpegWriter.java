package org.facenas.data.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Writes {@link RgbImage}s as baseline JPEG at a fixed quality (celeba112 used 0.92). */
public final class JpegWriter {

    private final float quality;

    private JpegWriter(float quality) {
        this.quality = quality;
    }

    /** A writer with quality 0..1. */
    public static JpegWriter withQuality(float quality) {
        if (!(quality > 0 && quality <= 1)) {
            throw new IllegalArgumentException("JPEG quality must be in (0,1], got " + quality);
        }
        return new JpegWriter(quality);
    }

    /** Writes {@code image} to {@code file}, creating parent folders. */
    public void write(RgbImage image, Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.write(file, encode(image));
    }

    /** The JPEG bytes of {@code image} (what an InsightFace .bin stores per face). */
    public byte[] encode(RgbImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image.toBufferedImage(), null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
