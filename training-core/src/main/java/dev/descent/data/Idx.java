package dev.descent.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX format of the MNIST files: a magic number {@code 00 00 TT DD} (TT the element type, DD the number of
 * dimensions), DD big-endian 32-bit sizes, then the elements in row-major order. Only unsigned bytes (type 0x08, what
 * MNIST and Fashion-MNIST use) are supported. A gzip-compressed file is recognised by its magic bytes (1f 8b), so
 * {@code .gz} and raw files read the same way.
 */
public final class Idx {
    public static final int UNSIGNED_BYTE = 0x08;

    private static final int CHUNK = 1 << 16;

    private Idx() {}

    /** An unsigned-byte IDX array: its dimension sizes and its elements in row-major order. */
    public record IdxArray(int[] shape, byte[] data) {
        public IdxArray {
            if (shape == null || shape.length == 0)
                throw new IllegalArgumentException("an IDX array needs at least one dimension");
            shape = shape.clone();
            long n = 1;
            for (int d : shape) {
                if (d < 0)
                    throw new IllegalArgumentException("negative dimension in IDX shape " + Arrays.toString(shape));
                n *= d;
            }
            if (n != data.length) {
                throw new IllegalArgumentException("IDX shape " + Arrays.toString(shape) + " holds " + n
                        + " elements but the data has " + data.length);
            }
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        /** The size of the first dimension: the number of images or labels. */
        public int count() {
            return shape[0];
        }

        /** The element at a flat row-major position, as the unsigned value 0..255. */
        public int unsigned(int position) {
            return data[position] & 0xFF;
        }

        @Override
        public String toString() {
            return "IdxArray" + Arrays.toString(shape);
        }
    }

    public static IdxArray read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads one IDX array from a byte stream (raw or gzip); {@code name} is used in error messages. The stream is read
     * to its end but not closed.
     *
     * @throws DataFormatException when the bytes are not a well-formed unsigned-byte IDX file
     */
    public static IdxArray read(InputStream in, String name) {
        return read(in, name, Integer.MAX_VALUE - 8);
    }

    /**
     * As {@link #read(InputStream, String)}, refusing a header that claims more than {@code maxElements} elements. The
     * elements are read as they come rather than allocated as the header claims, so a file whose header lies about its
     * size costs what it holds, and a gzip stream is inflated no further than the limit.
     */
    public static IdxArray read(InputStream in, String name, long maxElements) {
        try {
            return new Reader(open(in, name), name, maxElements).read();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    private static InputStream open(InputStream in, String name) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, CHUNK);
        buffered.mark(2);
        int b0 = buffered.read(), b1 = buffered.read();
        buffered.reset();
        if (b0 != 0x1f || b1 != 0x8b) return buffered;
        try {
            return new GZIPInputStream(buffered, CHUNK);
        } catch (ZipException | EOFException e) {
            throw new DataFormatException(
                    name, "starts like gzip (1f 8b) but its gzip header is damaged: " + e.getMessage(), e);
        }
    }

    /** Reads sequentially and keeps the offset, so every error can say where it happened. */
    private static final class Reader {
        private final InputStream in;
        private final String name;
        private final long maxElements;
        private long offset;

        Reader(InputStream in, String name, long maxElements) {
            this.maxElements = maxElements;
            this.in = in;
            this.name = name;
        }

        IdxArray read() throws IOException {
            byte[] magic = new byte[4];
            int got = fill(magic, "the magic number");
            if (got == 0)
                throw DataFormatException.atOffset(
                        name, 0, "empty file: expected the 4-byte magic number of an IDX header");
            if (got < 4) throw truncated("truncated header", 4, "the magic number", got, 0);
            if (magic[0] != 0 || magic[1] != 0) {
                throw DataFormatException.atOffset(
                        name,
                        0,
                        String.format(
                                "wrong magic number 0x%02X%02X%02X%02X: expected an IDX file, whose magic number starts with two zero bytes "
                                        + "(0x00000803 for images, 0x00000801 for labels)",
                                magic[0], magic[1], magic[2], magic[3]));
            }
            int type = magic[2] & 0xFF;
            if (type != UNSIGNED_BYTE) {
                throw DataFormatException.atOffset(
                        name,
                        2,
                        String.format(
                                "unsupported IDX type code 0x%02X (%s): expected 0x08 (unsigned byte), the type MNIST uses",
                                type, typeName(type)));
            }
            int rank = magic[3] & 0xFF;
            if (rank == 0) throw DataFormatException.atOffset(name, 3, "expected at least one dimension, found 0");

            int[] shape = new int[rank];
            long numel = 1;
            byte[] size = new byte[4];
            for (int d = 0; d < rank; d++) {
                long at = offset;
                got = fill(size, "the size of dimension " + d);
                if (got < 4)
                    throw truncated("truncated header", 4, "the size of dimension " + d + " of " + rank, got, at);
                long n = ((size[0] & 0xFFL) << 24)
                        | ((size[1] & 0xFFL) << 16)
                        | ((size[2] & 0xFFL) << 8)
                        | (size[3] & 0xFFL);
                numel *= n;
                if (n > Integer.MAX_VALUE || numel > Integer.MAX_VALUE - 8) {
                    throw DataFormatException.atOffset(
                            name,
                            at,
                            "dimension " + d + " has size " + n
                                    + ", which makes the array larger than the 2^31 elements Java can hold");
                }
                shape[d] = (int) n;
            }

            if (numel > maxElements) {
                throw DataFormatException.atOffset(
                        name,
                        offset,
                        "the header's shape " + Arrays.toString(shape) + " holds " + numel
                                + " elements, more than the limit of " + maxElements);
            }
            long start = offset;
            byte[] data = readElements((int) numel, kind(rank));
            if (data.length < numel) {
                throw DataFormatException.atOffset(
                        name, start, "expected " + numel + " bytes of " + kind(rank) + ", found " + data.length);
            }
            if (readOrEnd() >= 0) {
                throw DataFormatException.atOffset(
                        name,
                        offset - 1,
                        "expected the end of the file after " + data.length + " bytes of " + kind(rank) + " for shape "
                                + Arrays.toString(shape) + ", found more bytes");
            }
            return new IdxArray(shape, data);
        }

        /**
         * Reads up to {@code n} bytes in chunks that grow as bytes arrive, so that memory follows what the stream
         * holds, not what its header claims; returns fewer when the stream ends first.
         */
        private byte[] readElements(int n, String what) throws IOException {
            byte[] data = new byte[Math.min(n, 1 << 20)];
            int got = 0;
            while (got < n) {
                if (got == data.length) data = Arrays.copyOf(data, (int) Math.min(n, Math.max(1L << 20, 2L * got)));
                int r;
                try {
                    r = in.read(data, got, data.length - got);
                } catch (ZipException | EOFException e) {
                    throw damaged(e, what, offset);
                }
                if (r < 0) break;
                got += r;
                offset += r;
            }
            return got == data.length ? data : Arrays.copyOf(data, got);
        }

        /** Reads up to {@code buf.length} bytes and returns how many there were before the end of the stream. */
        private int fill(byte[] buf, String what) throws IOException {
            int n = 0;
            while (n < buf.length) {
                int r;
                try {
                    r = in.read(buf, n, Math.min(CHUNK * 16, buf.length - n));
                } catch (ZipException | EOFException e) {
                    throw damaged(e, what, offset + n);
                }
                if (r < 0) break;
                n += r;
            }
            offset += n;
            return n;
        }

        private int readOrEnd() throws IOException {
            try {
                int b = in.read();
                if (b >= 0) offset++;
                return b;
            } catch (ZipException | EOFException e) {
                throw damaged(e, "the end of the file", offset);
            }
        }

        private DataFormatException damaged(IOException e, String what, long at) {
            return new DataFormatException(
                    name,
                    "the gzip stream is truncated or corrupt (" + e.getMessage() + ") while reading " + what
                            + " at offset " + at + " of the decompressed data",
                    e);
        }

        private DataFormatException truncated(String problem, int expected, String what, int found, long at) {
            return DataFormatException.atOffset(
                    name, at, problem + ": expected " + expected + " bytes of " + what + ", found " + found);
        }
    }

    private static String kind(int rank) {
        return switch (rank) {
            case 1 -> "label data";
            case 3 -> "image data";
            default -> "data";
        };
    }

    private static String typeName(int code) {
        return switch (code) {
            case 0x08 -> "unsigned byte";
            case 0x09 -> "signed byte";
            case 0x0B -> "int16";
            case 0x0C -> "int32";
            case 0x0D -> "float32";
            case 0x0E -> "float64";
            default -> "not an IDX type";
        };
    }
}
