package dev.descent.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.platform.Http;
import dev.descent.platform.PlatformTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Files whose size lies: an IDX header that claims millions of images over a few kilobytes, and a gzip bomb. Each is
 * refused 400 naming the part, after allocating no more than the bytes present (or the decompression limit).
 */
@TestPropertySource(properties = "descent.datasets.max-decompressed-size=16MB")
class DatasetBombTest extends PlatformTest {

    static byte[] header(int n, int rows, int cols) {
        return ByteBuffer.allocate(16)
                .putInt(0x0803)
                .putInt(n)
                .putInt(rows)
                .putInt(cols)
                .array();
    }

    static byte[] labels(int n) {
        ByteBuffer b = ByteBuffer.allocate(8 + n).putInt(0x0801).putInt(n);
        for (int i = 0; i < n; i++) b.put((byte) (i % 10));
        return b.array();
    }

    private Http.Response upload(byte[] images, byte[] labels) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("trainImages", images);
        files.put("trainLabels", labels);
        return http().multipart("/api/datasets", files, Map.of());
    }

    @Test
    void aHeaderClaimingMillionsOfImagesOverAFewKilobytesIsRefusedWithoutAllocatingThem() {
        // 2,739,000 images of 28x28 claimed (2.1 GB), 7 KB present: under the limit of elements only because the
        // limit is checked first against the claim, then the bytes are read as they come.
        ByteBuffer file = ByteBuffer.allocate(16 + 7_000).put(header(2_739_000, 28, 28));
        long before = usedHeap();
        Http.Response r = upload(file.array(), labels(10));
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("field").asString()).isEqualTo("trainImages");
        assertThat(r.json().get("detail").asString()).contains("limit");
        assertThat(usedHeap() - before).isLessThan(512L << 20);

        // A claim under the limit but over the bytes present: refused for what is missing, not allocated up front.
        ByteBuffer small = ByteBuffer.allocate(16 + 7_000).put(header(20_000, 28, 28));
        Http.Response missing = upload(small.array(), labels(20_000));
        assertThat(missing.status()).as(missing.toString()).isEqualTo(400);
        assertThat(missing.json().get("detail").asString()).contains("expected 15680000 bytes");
    }

    @Test
    void aGzipBombIsInflatedNoFurtherThanTheLimit() throws IOException {
        // 1 GB of zeros behind an honest header compresses to about 1 MB.
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(header(1_000_000, 32, 32));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 1024; i++) out.write(zeros);
        }
        long start = System.nanoTime();
        Http.Response r = upload(gz.toByteArray(), labels(10));
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("field").asString()).isEqualTo("trainImages");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(5.0);

        // The same trick with a header that understates: inflation stops one byte past what it claims.
        ByteArrayOutputStream liar = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(liar)) {
            out.write(header(10, 32, 32));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 1024; i++) out.write(zeros);
        }
        Http.Response understated = upload(liar.toByteArray(), labels(10));
        assertThat(understated.status()).isEqualTo(400);
        assertThat(understated.json().get("detail").asString()).contains("found more bytes");
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
