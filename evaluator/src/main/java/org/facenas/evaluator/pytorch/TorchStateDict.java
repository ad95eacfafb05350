package org.facenas.evaluator.pytorch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a PyTorch {@code state_dict} file as {@code torch.save} does (the zip format, PyTorch 1.6 and later):
 * {@code archive/data.pkl}, a protocol-2 pickle of an {@code OrderedDict} of tensors rebuilt by
 * {@code torch._utils._rebuild_tensor_v2} from persistent storages, {@code archive/data/K} the raw little-endian
 * storages, {@code archive/version}. Written here rather than by running Python so that exporting needs no PyTorch
 * (a model searched on one machine is usually trained on another); {@code torch.load} reads it (a test).
 */
public final class TorchStateDict {

    /** A contiguous tensor: float32 values or one int64 scalar. */
    public record Tensor(long[] shape, float[] floats, long[] longs) {

        public static Tensor floats(float[] values, long... shape) {
            return new Tensor(shape, values, null);
        }

        /** A 0-d int64 tensor (batch norm's {@code num_batches_tracked}). */
        public static Tensor longScalar(long value) {
            return new Tensor(new long[0], null, new long[] {value});
        }

        long numel() {
            return floats != null ? floats.length : longs.length;
        }

        byte[] bytes() {
            ByteBuffer b = ByteBuffer.allocate((int) numel() * (floats != null ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
            if (floats != null) {
                b.asFloatBuffer().put(floats);
            } else {
                b.asLongBuffer().put(longs);
            }
            return b.array();
        }
    }

    private static final String ARCHIVE = "archive/";

    private TorchStateDict() {
    }

    /** Writes {@code tensors} (in this order) to {@code file}. */
    public static void write(Path file, LinkedHashMap<String, Tensor> tensors) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            stored(zip, ARCHIVE + "data.pkl", pickle(tensors));
            int key = 0;
            for (Tensor t : tensors.values()) {
                stored(zip, ARCHIVE + "data/" + key++, t.bytes());
            }
            stored(zip, ARCHIVE + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    static byte[] pickle(Map<String, Tensor> tensors) {
        Pickler p = new Pickler();
        p.op(0x80).op(2);
        p.global("collections", "OrderedDict").op(')').op('R');
        p.op('(');
        int key = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            p.unicode(e.getKey());
            p.global("torch._utils", "_rebuild_tensor_v2");
            p.op('(');
            p.op('(').unicode("storage").global("torch", t.floats() != null ? "FloatStorage" : "LongStorage")
                    .unicode(Integer.toString(key++)).unicode("cpu").integer(t.numel()).op('t').op('Q');
            p.integer(0);
            p.op('(');
            for (long d : t.shape()) {
                p.integer(d);
            }
            p.op('t');
            p.op('(');
            long stride = 1;
            long[] strides = new long[t.shape().length];
            for (int i = strides.length - 1; i >= 0; i--) {
                strides[i] = stride;
                stride *= t.shape()[i];
            }
            for (long s : strides) {
                p.integer(s);
            }
            p.op('t');
            p.op(0x89);
            p.global("collections", "OrderedDict").op(')').op('R');
            p.op('t').op('R');
        }
        p.op('u').op('.');
        return p.out.toByteArray();
    }

    /** The few pickle opcodes a state_dict needs. */
    private static final class Pickler {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pickler op(int code) {
            out.write(code);
            return this;
        }

        Pickler global(String module, String name) {
            out.write('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Pickler unicode(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            out.write('X');
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(utf8.length).array());
            out.writeBytes(utf8);
            return this;
        }

        Pickler integer(long v) {
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("tensor dimension " + v + " does not fit a pickled int32");
            }
            if (v < 256) {
                out.write('K');
                out.write((int) v);
            } else {
                out.write('J');
                out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
            }
            return this;
        }
    }
}
