package dev.probefleet.cli.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sampler looks at this test's own JVM from outside, as it looks at the fleet: descriptors
 * opened here and threads started here show in its counts, and jcmd's heap after GC is read.
 */
class ProcessSamplerTest {
  @TempDir Path work;

  @Test
  void descriptorsAndThreadsOpenedHereShowAndTheHeapAfterGcIsRead() throws Exception {
    ProcessSampler sampler =
        new ProcessSampler(
            ProcessHandle.current().pid(), Path.of(System.getProperty("java.home")), work);
    sampler.attach();
    Instant started = Instant.now();
    // The counts are the whole test JVM's: descriptors that earlier tests left for the collector's
    // cleaners may close between two samples. Take "before" once the count holds still.
    ProcessSample before = sampler.sample(started, true, 0, -1);
    for (int settle = 0; settle < 20; settle++) {
      System.gc();
      Thread.sleep(50);
      ProcessSample again = sampler.sample(started, true, 0, -1);
      if (again.fds() == before.fds() && again.threads() == before.threads()) {
        break;
      }
      before = again;
    }

    List<InputStream> opened = new ArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    List<Thread> parked = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        Path file = Files.writeString(work.resolve("f" + i), "x");
        opened.add(Files.newInputStream(file));
      }
      for (int i = 0; i < 8; i++) {
        parked.add(Thread.ofPlatform().start(() -> awaitQuietly(release)));
      }
      ProcessSample during = sampler.sample(started, false, 3, 1234);

      assertThat(during.fds() - before.fds()).isBetween(20, 24);
      assertThat(during.threads() - before.threads()).isBetween(8, 10);
      assertThat(during.heapAfterGcKib()).isEqualTo(-1); // not asked for
      assertThat(during.roundsDone()).isEqualTo(3);
      assertThat(during.cpuTicks()).isGreaterThanOrEqualTo(before.cpuTicks());
    } finally {
      release.countDown();
      for (InputStream in : opened) {
        in.close();
      }
      for (Thread t : parked) {
        t.join();
      }
    }
    assertThat(before.rssKib()).isGreaterThan(10 * 1024);
    assertThat(before.heapAfterGcKib())
        .isPositive()
        .isLessThanOrEqualTo(Runtime.getRuntime().totalMemory() / 1024);
  }

  /** What the histogram test keeps alive: 10,000 of these. */
  private record Kept(long a, long b, long c) {}

  @Test
  void theClassHistogramNamesWhatIsBeingKept() {
    ProcessSampler sampler =
        new ProcessSampler(
            ProcessHandle.current().pid(), Path.of(System.getProperty("java.home")), work);
    ClassHistogram before = sampler.histogram();
    List<Kept> kept = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      kept.add(new Kept(i, i, i));
    }

    List<ClassHistogram.Growth> grown = sampler.histogram().grownSince(before, 8);

    ClassHistogram.Growth mine =
        grown.stream()
            .filter(g -> g.className().equals(Kept.class.getName()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("Kept is not among " + grown));
    assertThat(mine.instances()).isEqualTo(10_000);
    assertThat(mine.bytes()).isGreaterThanOrEqualTo(10_000L * 3 * Long.BYTES);
    assertThat(mine.describe()).endsWith("+10,000 instances " + Kept.class.getName());
    assertThat(kept).hasSize(10_000); // held until here
  }

  @Test
  void heapInUseIsTheSumOfTheGenerationsAsEachCollectorPrintsThem() {
    // jcmd PID GC.heap_info of a JDK 25 with -XX:+UseSerialGC, after GC.run.
    String serial =
        """
        DefNew     total 116224K, used 1024K [0x0000000686a00000, 0x000000068e810000, 0x00000007046a0000)
         eden space 103360K,   0% used [0x0000000686a00000, 0x0000000686a00000, 0x000000068cef0000)
         from space 12864K,   0% used [0x000000068cef0000, 0x000000068cef0000, 0x000000068db80000)
         to   space 12864K,   0% used [0x000000068db80000, 0x000000068db80000, 0x000000068e810000)
        Tenured    total 258048K, used 3052K [0x00000007046a0000, 0x00000007142a0000, 0x0000000800000000)
         the  space 258048K,   1% used [0x00000007046a0000, 0x000000070499b398, 0x00000007142a0000)
         Metaspace       used 812K, committed 1024K, reserved 1114112K
        """;
    // The same of a JDK 25 with G1 (its default on two cores).
    String g1 =
        """
        garbage-first heap   total reserved 6184960K, committed 57344K, used 5321K [0x0000000686800000, 0x0000000800000000)
         region size 4096K, 0 young (0K), 0 survivors (0K)
        """;

    assertThat(ProcessSampler.heapUsedKib(serial)).isEqualTo(1024 + 3052);
    assertThat(ProcessSampler.heapUsedKib(g1)).isEqualTo(5321);
    assertThatThrownBy(() -> ProcessSampler.heapUsedKib(" ZHeap used 10M, capacity 20M"))
        .isInstanceOf(SoakException.class)
        .hasMessageContaining("names no generation");
  }

  @Test
  void cpuTimeIsReadPastACommandNameWithSpacesAndParentheses() {
    String stat =
        "4242 (java (soak) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 31 0 0 20 0 40 0 1 2 3";

    assertThat(ProcessSampler.cpuTicks(stat)).isEqualTo(281);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
