package org.facenas.results;

import com.fasterxml.jackson.databind.DeserializationFeature;
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
 * so that earlier records are never lost or corrupted. A last line that lacks only its newline (an editor's save,
 * two files concatenated) but holds a complete JSON object is a record: read keeps it and open ends it.
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
            byte[] bytes = Files.readAllBytes(file);
            int keep = completeLength(bytes);
            if (keep < bytes.length) {
                if (isObject(mapper, new String(bytes, keep, bytes.length - keep, StandardCharsets.UTF_8))) {
                    ch.position(ch.size());
                    ch.write(ByteBuffer.wrap(new byte[] {'\n'}));
                    ch.force(false);
                } else {
                    ch.truncate(keep);
                }
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

    /** One record and the line it is on (1-based). */
    public record Line(int number, JsonNode value) {
    }

    /** Every complete line as JSON; a torn last line is dropped, a corrupt complete line is an error naming it. */
    public static List<JsonNode> read(Path file, ObjectMapper mapper) {
        return readLines(file, mapper).stream().map(Line::value).toList();
    }

    /** As {@link #read}, with each record's line number. */
    public static List<Line> readLines(Path file, ObjectMapper mapper) {
        List<Line> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            int lineNo = 0;
            int start = 0;
            while (start < text.length()) {
                int nl = text.indexOf('\n', start);
                lineNo++;
                String line = (nl < 0 ? text.substring(start) : text.substring(start, nl)).strip();
                start = nl < 0 ? text.length() : nl + 1;
                if (line.isEmpty()) {
                    continue;
                }
                JsonNode value = parse(mapper, line);
                if (nl < 0 && (value == null || !value.isObject())) {
                    break; // torn: a writer was killed mid-line
                }
                if (value == null) {
                    throw new IllegalArgumentException("run record " + file + " line " + lineNo
                            + " is not valid JSON; the file was edited or damaged: restore it or remove that line");
                }
                out.add(new Line(lineNo, value));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read run record " + file + ": " + e.getMessage(), e);
        }
    }

    /** The line as one JSON value, or null when it is not exactly one. */
    private static JsonNode parse(ObjectMapper mapper, String line) {
        try {
            return mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(line);
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isObject(ObjectMapper mapper, String line) {
        JsonNode n = parse(mapper, line.strip());
        return n != null && n.isObject();
    }

    private static int completeLength(byte[] bytes) {
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
