package io.github.bouncekit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One classifier shared by 4 threads gives exactly the single-thread results. */
class ConcurrencyTest {
  private static final int THREADS = 4;
  private static final int ROUNDS = 1_000;

  @Test
  void fourThreadsTimesTheDevSetTimesAThousandRounds() throws Exception {
    BounceClassifier classifier = BounceClassifier.defaults();
    List<String> replies = DevSet.rows().stream().map(DevSet.Row::text).toList();
    List<Diagnosis> expected = new ArrayList<>();
    for (String r : replies) {
      expected.add(classifier.diagnose(r));
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int offset = t * 37;
        futures.add(
            pool.submit(
                () -> {
                  int mismatches = 0;
                  for (int round = 0; round < ROUNDS; round++) {
                    for (int i = 0; i < replies.size(); i++) {
                      int k = (i + offset + round) % replies.size();
                      if (!classifier.diagnose(replies.get(k)).equals(expected.get(k))) {
                        mismatches++;
                      }
                    }
                  }
                  return mismatches;
                }));
      }
      for (Future<Integer> f : futures) {
        assertThat(f.get()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
