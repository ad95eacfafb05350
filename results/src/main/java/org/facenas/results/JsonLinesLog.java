package org.facenas.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only JSON Lines file: one object per line, each append forced to disk before it returns. A process
 * killed mid-append leaves at most one torn last line, which {@link #read} drops (and {@link #open} truncates)
 * so that earlier records are never lost or corrupted.
 */
public final class JsonLinesLog implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final ObjectMapper mapper;

    private JsonLinesLog(Path file, FileChannel channel, ObjectMapper mapper) {
        this.file = file;
        this.channel = channel;
        this.mapper = mapper;
    }

    /** Opens for appending, first cutting off a torn last line left by a killed writer. */
    public static JsonLinesLog open(Path file, ObjectMapper mapper) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            long keep = completeLength(file);
            if (keep < ch.size()) {
                ch.truncate(keep);
            }
            ch.position(ch.size());
            return new JsonLinesLog(file, ch, mapper);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open run record " + file + ": " + e.getMessage(), e);
        }
    }

    public synchronized void append(Object record) {
        try {
            byte[] line = (mapper.writeValueAsString(record).replace("\n", " ") + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to run record " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every complete line as JSON; a torn last line is dropped, a corrupt complete line is an error naming it. */
    public static List<JsonNode> read(Path file, ObjectMapper mapper) {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            int lineNo = 0;
            int start = 0;
            int nl;
            while ((nl = text.indexOf('\n', start)) >= 0) {
                lineNo++;
                String line = text.substring(start, nl).strip();
                start = nl + 1;
                if (line.isEmpty()) {
                    continue;
                }
                try {
                    out.add(mapper.readTree(line));
                } catch (IOException e) {
                    throw new IllegalArgumentException("run record " + file + " line " + lineNo
                            + " is not valid JSON; the file was edited or damaged: restore it or remove that line");
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read run record " + file + ": " + e.getMessage(), e);
        }
    }

    private static long completeLength(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int i = bytes.length;
        while (i > 0 && bytes[i - 1] != '\n') {
            i--;
        }
        return i;
    }

    /** Replaces {@code file} with {@code content} atomically: readers see the old or the new file, never half. */
    public static void writeAtomically(Path file, byte[] content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
