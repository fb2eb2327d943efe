package dev.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.backend.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataLoaderTest {

    /** n examples whose target is their own index, so a batch says which examples it holds. */
    private static TensorDataset indexed(int n) {
        return new TensorDataset(Tensor.arange(0, n, 1).to(DType.FLOAT32).reshape(n, 1), Tensor.arange(n));
    }

    /** Counts batch calls and fails at one batch (by call number), when asked to. */
    private static final class Probe implements Dataset {
        final TensorDataset inner;
        final AtomicInteger calls = new AtomicInteger();
        final int failAt;

        Probe(int n, int failAt) {
            this.inner = indexed(n);
            this.failAt = failAt;
        }

        @Override
        public int size() {
            return inner.size();
        }

        @Override
        public Example get(int index) {
            return inner.get(index);
        }

        @Override
        public Batch batch(int[] indices) {
            if (calls.getAndIncrement() == failAt)
                throw new DataFormatException("shard-7.bin", "bad record at offset 99");
            return inner.batch(indices);
        }
    }

    private static List<long[]> drain(Iterable<Batch> batches) {
        List<long[]> out = new ArrayList<>();
        for (Batch b : batches) out.add(b.targets().toLongArray());
        return out;
    }

    private static long[] flat(List<long[]> batches) {
        return batches.stream().flatMapToLong(Arrays::stream).toArray();
    }

    @Test
    void sizeCountsBatchesWithAndWithoutTheLastPartialOne() {
        assertThat(new DataLoader(indexed(10), 3, false, 0).size()).isEqualTo(4);
        assertThat(new DataLoader(indexed(10), 3, false, true, 0, 2).size()).isEqualTo(3);
        assertThat(new DataLoader(indexed(9), 3, false, true, 0, 2).size()).isEqualTo(3);
        assertThat(new DataLoader(indexed(2), 3, false, true, 0, 2).size()).isZero();
    }

    @RepeatedTest(30)
    void everyEpochVisitsItsOrderInBatchesOfTheRightSize(RepetitionInfo rep) {
        Random rnd = new Random(rep.getCurrentRepetition());
        int n = 1 + rnd.nextInt(200), bs = 1 + rnd.nextInt(40);
        boolean shuffle = rnd.nextBoolean(), dropLast = rnd.nextBoolean();
        int epoch = rnd.nextInt(5);
        try (DataLoader loader = new DataLoader(indexed(n), bs, shuffle, dropLast, rnd.nextLong(), rnd.nextInt(4))) {
            List<long[]> batches = drain(loader.epoch(epoch));

            assertThat(batches).hasSize(loader.size());
            int kept = dropLast ? n - n % bs : n;
            long[] expected = Arrays.stream(loader.order(epoch))
                    .limit(kept)
                    .asLongStream()
                    .toArray();
            assertThat(flat(batches)).containsExactly(expected);
            for (int b = 0; b < batches.size(); b++) {
                assertThat(batches.get(b)).hasSize(b < batches.size() - 1 || n % bs == 0 || dropLast ? bs : n % bs);
            }
            int[] sorted = loader.order(epoch).clone();
            Arrays.sort(sorted);
            assertThat(sorted).containsExactly(IntStream.range(0, n).toArray());
        }
    }

    @Test
    void theOrderDependsOnlyOnSeedAndEpoch() {
        DataLoader a = new DataLoader(indexed(100), 10, true, 42), b = new DataLoader(indexed(100), 10, true, 42);
        assertThat(a.order(3)).containsExactly(b.order(3));
        assertThat(a.order(0)).isNotEqualTo(a.order(1));
        assertThat(a.order(0)).isNotEqualTo(new DataLoader(indexed(100), 10, true, 43).order(0));
        assertThat(new DataLoader(indexed(5), 2, false, 42).order(7)).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void eachForEachLoopIsTheNextEpoch() {
        try (DataLoader loader = new DataLoader(indexed(20), 7, true, 5)) {
            long[] first = flat(drain(loader)), second = flat(drain(loader));
            assertThat(first)
                    .containsExactly(
                            Arrays.stream(loader.order(0)).asLongStream().toArray());
            assertThat(second)
                    .containsExactly(
                            Arrays.stream(loader.order(1)).asLongStream().toArray());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3})
    void resumingMidEpochGivesTheRestOfThatEpoch(int prefetch) {
        try (DataLoader loader = new DataLoader(indexed(50), 8, true, false, 9, prefetch)) {
            List<long[]> whole = drain(loader.epoch(2));
            try (var it = loader.iterator(2, 4)) {
                assertThat(it.epoch()).isEqualTo(2);
                assertThat(it.nextBatchIndex()).isEqualTo(4);
                List<long[]> rest = new ArrayList<>();
                while (it.hasNext()) rest.add(it.next().targets().toLongArray());
                assertThat(it.nextBatchIndex()).isEqualTo(7);
                assertThat(rest).containsExactlyElementsOf(whole.subList(4, 7));
            }
            assertThat(drain(() -> loader.iterator(2, 7))).isEmpty();
            assertThatThrownBy(() -> loader.iterator(2, 8))
                    .hasMessage("start batch must be in [0, 7] for an epoch of 7 batches, got 8");
        }
    }

    @Test
    void prefetchingChangesNothingButWhenBatchesAreMade() {
        try (DataLoader eager = new DataLoader(indexed(77), 10, true, false, 3, 0);
                DataLoader ahead = new DataLoader(indexed(77), 10, true, false, 3, 4)) {
            for (int e = 0; e < 3; e++) {
                assertThat(flat(drain(ahead.epoch(e)))).containsExactly(flat(drain(eager.epoch(e))));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void aFailureWhilePreparingABatchSurfacesInTheConsumer(int prefetch) {
        Probe probe = new Probe(40, 2);
        try (DataLoader loader = new DataLoader(probe, 10, false, false, 0, prefetch)) {
            var it = loader.iterator(0, 0);
            it.next();
            it.next();
            assertThatThrownBy(it::hasNext)
                    .isInstanceOf(DataFormatException.class)
                    .hasMessage("shard-7.bin: bad record at offset 99");
            assertThat(it.hasNext()).isFalse();
        }
    }

    @Test
    void theFailureNotesWhereTheConsumerMetIt() {
        try (DataLoader loader = new DataLoader(new Probe(40, 1), 10, false, false, 0, 2)) {
            var it = loader.iterator(3, 0);
            it.next();
            assertThatThrownBy(it::next)
                    .satisfies(e -> assertThat(e.getSuppressed())
                            .extracting(Throwable::getMessage)
                            .containsExactly("surfaced in the data loader's consumer at batch 1 of epoch 3"));
        }
    }

    @Test
    void prefetchRunsAheadButOnlyAsFarAsTheQueueAllows() throws InterruptedException {
        Probe probe = new Probe(100, -1);
        try (DataLoader loader = new DataLoader(probe, 5, false, false, 0, 2)) {
            var it = loader.iterator(0, 0);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (probe.calls.get() < 3 && System.nanoTime() < deadline) Thread.sleep(5);
            Thread.sleep(100);
            // two batches in the queue, one more made and waiting to be put
            assertThat(probe.calls.get()).isEqualTo(3);
            assertThat(it.producer().isDaemon()).isTrue();
            int seen = 0;
            while (it.hasNext()) {
                it.next();
                seen++;
            }
            assertThat(seen).isEqualTo(20);
            assertThat(probe.calls.get()).isEqualTo(20);
        }
    }

    @Test
    void startingAnotherPassStopsTheAbandonedOne() throws InterruptedException {
        try (DataLoader loader = new DataLoader(indexed(1000), 10, true, 1)) {
            var abandoned = loader.iterator();
            abandoned.next();
            Thread producer = abandoned.producer();

            var next = loader.iterator();

            producer.join(5000);
            assertThat(producer.isAlive()).isFalse();
            assertThat(next.epoch()).isEqualTo(1);
            assertThatThrownBy(abandoned::next)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("superseded by a newer pass");
            assertThat(next.next().size()).isEqualTo(10);
        }
    }

    @Test
    void closingTheIteratorOrTheLoaderStopsItsThread() throws InterruptedException {
        DataLoader loader = new DataLoader(indexed(1000), 10, true, 1);
        var it = loader.iterator();
        Thread first = it.producer();
        it.close();
        first.join(5000);
        assertThat(first.isAlive()).isFalse();
        assertThat(it.hasNext()).isFalse();

        Thread second = loader.iterator().producer();
        loader.close();
        second.join(5000);
        assertThat(second.isAlive()).isFalse();
        assertThatThrownBy(loader::iterator)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("this data loader is closed");
    }

    @Test
    void theThreadEndsWithTheEpoch() throws InterruptedException {
        try (DataLoader loader = new DataLoader(indexed(30), 10, false, 0)) {
            var it = loader.iterator();
            while (it.hasNext()) it.next();
            it.producer().join(5000);
            assertThat(it.producer().isAlive()).isFalse();
            assertThatThrownBy(it::next).isInstanceOf(java.util.NoSuchElementException.class);
        }
    }

    @Test
    void anEmptyDatasetHasNoBatches() {
        TensorDataset empty = new TensorDataset(Tensor.zeros(0, 2), Tensor.zeros(DType.INT64, 0));
        try (DataLoader loader = new DataLoader(empty, 4, true, 0)) {
            assertThat(loader.size()).isZero();
            assertThat(drain(loader)).isEmpty();
        }
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> new DataLoader(indexed(3), 0, true, 0)).hasMessage("batch size must be > 0, got 0");
        assertThatThrownBy(() -> new DataLoader(indexed(3), 1, true, false, 0, -1))
                .hasMessage("prefetch must be >= 0, got -1");
        assertThatThrownBy(() -> new DataLoader(indexed(3), 1, true, 0).order(-1))
                .hasMessage("epoch must be >= 0, got -1");
        assertThatThrownBy(() -> new DataLoader(null, 1, true, 0)).hasMessage("a data loader needs a dataset");
    }
}
