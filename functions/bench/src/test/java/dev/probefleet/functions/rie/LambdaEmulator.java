package dev.probefleet.functions.rie;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A function package run the way Lambda runs it, on this machine: AWS's Runtime Interface Emulator
 * ({@code aws-lambda-rie}, built by {@code make rie} into {@code .tools/bin}) serves the Invoke API
 * on a loopback port and starts the function's JVM through the Java runtime interface client
 * ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda}, the class Lambda's {@code
 * java21} runtime starts), with the package unzipped into a fresh task directory as its working
 * directory and a clean environment: only what Lambda would set, the caller's variables, and {@code
 * JAVA_TOOL_OPTIONS} when given.
 *
 * <pre>{@code
 * try (LambdaEmulator fn = LambdaEmulator.builder(FunctionPackage.probe())
 *         .environment(Map.of("PROBEFLEET_STORE_KIND", "memory"))
 *         .start()) {
 *   Invocation first = fn.invoke("{\"shard\":\"0/1\"}");   // starts the JVM: a cold start
 *   fn.initDuration();                                      // INIT REPORT of the emulator's log
 * }
 * }</pre>
 *
 * <p>The emulator starts the function's JVM when the first invocation arrives, not before: the
 * first {@link #invoke} is the cold start, process start included. {@link #close()} ends the
 * emulator and every process under it, also when a test fails (and, failing that, when the JVM
 * exits).
 */
public final class LambdaEmulator implements AutoCloseable {
  /** System property: the aws-lambda-rie binary (default {@code .tools/bin/aws-lambda-rie}). */
  public static final String RIE_PROPERTY = "probefleet.rie";

  /** System property: a file holding the runtime interface client's classpath. */
  public static final String RIC_CLASSPATH_PROPERTY = "probefleet.ric.classpath";

  /** System property: where task directories and logs go. */
  public static final String WORK_DIR_PROPERTY = "probefleet.emulator.workDir";

  private static final String RIC_MAIN =
      "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
  private static final String INVOKE_PATH = "/2015-03-31/functions/function/invocations";
  private static final Pattern INIT_REPORT =
      Pattern.compile("INIT REPORT\\(durationMs: ([0-9.]+)\\)");
  private static final Pattern INVOKE_DONE =
      Pattern.compile("INVOKE RTDONE\\(status: ([a-z]+)[^)]*?duration: ([0-9.]+)ms\\)");
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private final FunctionPackage function;
  private final Path taskRoot;
  private final Path log;
  private final Process process;
  private final URI endpoint;
  private final Duration timeout;
  private final HttpClient http;
  private final Optional<CpuQuota> quota;
  private final Thread reaper;
  private boolean closed;

  private LambdaEmulator(
      FunctionPackage function,
      Path taskRoot,
      Path log,
      Process process,
      URI endpoint,
      Duration timeout,
      Optional<CpuQuota> quota) {
    this.function = function;
    this.taskRoot = taskRoot;
    this.log = log;
    this.process = process;
    this.endpoint = endpoint;
    this.timeout = timeout;
    this.quota = quota;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    this.reaper = new Thread(this::stopProcesses, "rie-reaper-" + function.name());
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  public static Builder builder(FunctionPackage function) {
    return new Builder(function);
  }

  /** The aws-lambda-rie binary this machine has, or a failure that says how to get it. */
  public static Path rieBinary() {
    String configured = System.getProperty(RIE_PROPERTY);
    Path rie =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : Path.of(
                System.getProperty("probefleet.root", "."), ".tools", "bin", "aws-lambda-rie");
    rie = rie.toAbsolutePath().normalize();
    if (!Files.isRegularFile(rie) || !Files.isExecutable(rie)) {
      throw new IllegalStateException(
          "aws-lambda-rie (AWS's Lambda Runtime Interface Emulator) is not at "
              + rie
              + ": run `make rie` (it builds the pinned version with go install into .tools/bin;"
              + " make test and make bench-functions do it first)");
    }
    return rie;
  }

  /** The runtime interface client's classpath (the jars Lambda's runtime has in /var/runtime). */
  public static String ricClasspath() {
    String file = System.getProperty(RIC_CLASSPATH_PROPERTY);
    if (file == null || file.isBlank()) {
      throw new IllegalStateException(
          "system property "
              + RIC_CLASSPATH_PROPERTY
              + " is not set: run this through Maven (functions/bench/pom.xml writes the"
              + " runtime interface client's classpath to target/ric.classpath)");
    }
    try {
      String classpath = Files.readString(Path.of(file)).trim();
      for (String entry : classpath.split(java.io.File.pathSeparator)) {
        if (!Files.isRegularFile(Path.of(entry))) {
          throw new IllegalStateException(
              "the runtime interface client's classpath (" + file + ") names a missing " + entry);
        }
      }
      if (!classpath.contains("aws-lambda-java-runtime-interface-client")) {
        throw new IllegalStateException(
            file + " does not hold aws-lambda-java-runtime-interface-client: " + classpath);
      }
      return classpath;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read the runtime interface client's classpath from "
              + file
              + " (built by `./mvnw -pl functions/bench generate-test-resources`): "
              + e,
          e);
    }
  }

  /** The emulator's Invoke endpoint. */
  public URI endpoint() {
    return endpoint;
  }

  /** The task root the package was unzipped into (the function's working directory). */
  public Path taskRoot() {
    return taskRoot;
  }

  public FunctionPackage function() {
    return function;
  }

  /**
   * Invokes the function once with a raw JSON payload, as {@code aws lambda invoke} would, and
   * waits for its answer (at most the function's timeout plus 30 s).
   */
  public Invocation invoke(String payload) {
    Objects.requireNonNull(payload, "payload");
    HttpRequest request =
        HttpRequest.newBuilder(endpoint.resolve(INVOKE_PATH))
            .timeout(timeout.plusSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
            .build();
    long start = System.nanoTime();
    try {
      HttpResponse<String> response =
          http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      return new Invocation(response.statusCode(), response.body(), elapsed);
    } catch (IOException e) {
      throw new IllegalStateException(
          "invoking " + function.name() + " through " + endpoint + " failed: " + e + tail(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while invoking " + function.name(), e);
    }
  }

  /** Everything the emulator and the function wrote (standard output and error, interleaved). */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + log, e);
    }
  }

  /** Where {@link #log()} is kept (it stays after {@link #close()}). */
  public Path logFile() {
    return log;
  }

  /** The init phase's duration, from the emulator's {@code INIT REPORT(durationMs: …)} line. */
  public Optional<Duration> initDuration() {
    Matcher m = INIT_REPORT.matcher(log());
    return m.find() ? Optional.of(millis(m.group(1))) : Optional.empty();
  }

  /**
   * The runtime's duration of each invocation so far, in order, from the emulator's {@code INVOKE
   * RTDONE(… duration: …ms)} lines (the handler's time, without the init phase).
   */
  public List<Duration> invokeDurations() {
    Matcher m = INVOKE_DONE.matcher(log());
    List<Duration> out = new ArrayList<>();
    while (m.find()) {
      out.add(millis(m.group(2)));
    }
    return out;
  }

  /** The function's JVM, once the first invocation has started it. */
  public Optional<ProcessHandle> functionProcess() {
    return process
        .descendants()
        .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
        .findFirst();
  }

  /** The CPU limit the emulator and the function run under, if any. */
  public Optional<Double> vcpus() {
    return quota.map(CpuQuota::vcpus);
  }

  /** Stops the function and the emulator, then removes the task directory (the log stays). */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopProcesses();
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook runs (or ran) anyway.
    }
    quota.ifPresent(CpuQuota::close);
    deleteTree(taskRoot);
  }

  private void stopProcesses() {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    for (ProcessHandle p : tree) {
      p.destroy();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    for (ProcessHandle p : tree) {
      waitFor(p, deadline);
    }
    for (ProcessHandle p : tree) {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (ProcessHandle p : tree) {
      waitFor(p, deadline);
    }
  }

  private static void waitFor(ProcessHandle p, long deadlineNanos) {
    try {
      long left = deadlineNanos - System.nanoTime();
      if (left > 0) {
        p.onExit().get(left, TimeUnit.NANOSECONDS);
      }
    } catch (TimeoutException | ExecutionException e) {
      // Still alive: the caller escalates.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return "\n--- last lines of "
          + log
          + " ---\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return " (log unreadable: " + e + ")";
    }
  }

  private static Duration millis(String text) {
    return Duration.ofNanos(Math.round(Double.parseDouble(text) * 1_000_000));
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("could not remove " + root + ": " + e);
    }
  }

  @Override
  public String toString() {
    return "aws-lambda-rie for " + function.name() + " at " + endpoint + " (log " + log + ")";
  }

  /** How the function is configured, as Lambda's function configuration would say it. */
  public static final class Builder {
    private final FunctionPackage function;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private String javaToolOptions;
    private int memoryMb = 512;
    private Duration timeout = Duration.ofSeconds(60);
    private String region = "us-east-1";
    private Double vcpus;
    private Path java = Path.of(System.getProperty("java.home"), "bin", "java");

    private Builder(FunctionPackage function) {
      this.function = Objects.requireNonNull(function, "function");
    }

    /** The function's environment variables (over the ones Lambda sets). */
    public Builder environment(Map<String, String> values) {
      environment.putAll(values);
      return this;
    }

    public Builder environment(String name, String value) {
      environment.put(name, value);
      return this;
    }

    /** {@code JAVA_TOOL_OPTIONS}, as a function's configuration sets it; none when null. */
    public Builder javaToolOptions(String value) {
      this.javaToolOptions = value;
      return this;
    }

    /** The memory size: the JVM's heap is sized from it, as Lambda's Java runtime does. */
    public Builder memoryMb(int value) {
      if (value < 128 || value > 10_240) {
        throw new IllegalArgumentException("Lambda's memory sizes are 128 to 10240 MB: " + value);
      }
      this.memoryMb = value;
      return this;
    }

    /** The function's timeout: the Context's remaining time starts from it. */
    public Builder timeout(Duration value) {
      if (value.isNegative() || value.isZero() || value.compareTo(Duration.ofMinutes(15)) > 0) {
        throw new IllegalArgumentException("a Lambda timeout is 1 s to 15 min: " + value);
      }
      this.timeout = value;
      return this;
    }

    /** {@code AWS_REGION} (and {@code AWS_DEFAULT_REGION}). */
    public Builder region(String value) {
      this.region = Objects.requireNonNull(value, "region");
      return this;
    }

    /**
     * Runs the emulator and the function in a cgroup limited to this much CPU (Lambda: memory /
     * 1,769 MB). Needs root; {@link #start()} fails, saying why, where the machine refuses.
     */
    public Builder vcpus(double value) {
      this.vcpus = value;
      return this;
    }

    /** The JVM that runs the function (default: the one running this code). */
    public Builder java(Path value) {
      this.java = Objects.requireNonNull(value, "java");
      return this;
    }

    /**
     * Unzips the package into a fresh task directory and starts the emulator on free loopback
     * ports; returns once it accepts invocations (the function's JVM starts with the first).
     *
     * @throws IllegalStateException when aws-lambda-rie, the runtime client's classpath or the
     *     package is missing, or the emulator does not come up (with its log)
     */
    public LambdaEmulator start() {
      Path rie = rieBinary();
      String ricClasspath = ricClasspath();
      Path work =
          Path.of(
                  System.getProperty(
                      WORK_DIR_PROPERTY,
                      Path.of(System.getProperty("java.io.tmpdir"), "probefleet-rie").toString()))
              .toAbsolutePath()
              .normalize();
      Path dir =
          work.resolve(
              function.name()
                  + "-"
                  + ProcessHandle.current().pid()
                  + "-"
                  + SEQUENCE.incrementAndGet());
      Path task = dir.resolve("task");
      Path home = dir.resolve("home");
      Path log = dir.resolve("emulator.log");
      Optional<CpuQuota> quota = Optional.empty();
      Process process = null;
      try {
        deleteTree(dir);
        Files.createDirectories(task);
        Files.createDirectories(home);
        unzip(function.zip(), task);
        int port = freePort();
        int runtimePort = freePort();
        List<String> command = new ArrayList<>();
        command.add(rie.toString());
        command.add("--runtime-interface-emulator-address");
        command.add("127.0.0.1:" + port);
        command.add("--runtime-api-address");
        command.add("127.0.0.1:" + runtimePort);
        command.add(java.toString());
        command.addAll(jvmOptions());
        command.add("-classpath");
        command.add(ricClasspath);
        command.add(RIC_MAIN);
        command.add(function.handler());
        ProcessBuilder builder =
            new ProcessBuilder(command)
                .directory(task.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(lambdaEnvironment(task, home));
        env.putAll(environment);
        if (javaToolOptions != null && !javaToolOptions.isBlank()) {
          env.put("JAVA_TOOL_OPTIONS", javaToolOptions);
        }
        if (vcpus != null) {
          quota = Optional.of(CpuQuota.create(function.name(), vcpus));
        }
        process = builder.start();
        Process started = process;
        quota.ifPresent(q -> q.add(started.pid()));
        awaitReady(process, port, log);
        return new LambdaEmulator(
            function, task, log, process, URI.create("http://127.0.0.1:" + port), timeout, quota);
      } catch (IOException | RuntimeException e) {
        if (process != null) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          try {
            process.waitFor(5, TimeUnit.SECONDS);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
          }
        }
        quota.ifPresent(CpuQuota::close);
        deleteTree(task);
        if (e instanceof IllegalStateException ise) {
          throw ise;
        }
        throw new IllegalStateException(
            "cannot start " + function.name() + " under aws-lambda-rie: " + e, e);
      }
    }

    /**
     * What Lambda's java21 runtime starts the JVM with, approximately: the serial collector and the
     * class-data archive (both documented as the runtime's defaults), a heap of 85 % of the memory
     * size, IPv4 sockets. Tiered compilation is left to {@code JAVA_TOOL_OPTIONS}: that is what the
     * benchmark varies. {@code --enable-native-access} silences JDK 24+'s warning about the runtime
     * client's native library.
     */
    private List<String> jvmOptions() {
      List<String> options = new ArrayList<>();
      options.add("-XX:MaxHeapSize=" + (memoryMb * 85 / 100) + "m");
      options.add("-XX:+UseSerialGC");
      options.add("-Xshare:auto");
      options.add("-Djava.net.preferIPv4Stack=true");
      options.add("-XX:+ErrorFileToStderr");
      options.add("--add-opens=java.base/java.io=ALL-UNNAMED");
      if (Runtime.version().feature() >= 22) {
        options.add("--enable-native-access=ALL-UNNAMED");
      }
      return options;
    }

    /**
     * The variables Lambda defines for a function's runtime (its documented list), with dummy
     * credentials as the execution role's would be. No instance metadata lookups: nothing leaves
     * loopback.
     */
    private Map<String, String> lambdaEnvironment(Path task, Path home) {
      Map<String, String> env = new LinkedHashMap<>();
      env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
      env.put("HOME", home.toString());
      env.put("LANG", "en_US.UTF-8");
      env.put("TZ", ":UTC");
      env.put("_HANDLER", function.handler());
      env.put("LAMBDA_TASK_ROOT", task.toString());
      env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
      env.put("AWS_REGION", region);
      env.put("AWS_DEFAULT_REGION", region);
      env.put("AWS_LAMBDA_FUNCTION_NAME", "probefleet-" + function.name());
      env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
      env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
      env.put("AWS_LAMBDA_FUNCTION_TIMEOUT", Long.toString(timeout.toSeconds()));
      env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/probefleet-" + function.name());
      env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local/[$LATEST]emulator");
      env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
      env.put("AWS_ACCESS_KEY_ID", "probefleet-local");
      env.put("AWS_SECRET_ACCESS_KEY", "probefleet-local");
      env.put("AWS_SESSION_TOKEN", "probefleet-local");
      env.put("AWS_EC2_METADATA_DISABLED", "true");
      return env;
    }

    private static void awaitReady(Process process, int port, Path log) {
      long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "aws-lambda-rie exited with status " + process.exitValue() + ": " + read(log));
        }
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
          return;
        } catch (IOException e) {
          try {
            Thread.sleep(20);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for aws-lambda-rie", ie);
          }
        }
      }
      throw new IllegalStateException(
          "aws-lambda-rie did not listen on 127.0.0.1:"
              + port
              + " within "
              + READY_TIMEOUT.toSeconds()
              + " s: "
              + read(log));
    }

    private static String read(Path log) {
      try {
        return Files.readString(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(log unreadable: " + e + ")";
      }
    }

    private static int freePort() throws IOException {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      }
    }

    private static void unzip(Path zip, Path into) throws IOException {
      try (InputStream in = Files.newInputStream(zip);
          ZipInputStream entries = new ZipInputStream(in)) {
        ZipEntry entry;
        while ((entry = entries.getNextEntry()) != null) {
          Path target = into.resolve(entry.getName()).normalize();
          if (!target.startsWith(into)) {
            throw new IOException("zip entry outside the task root: " + entry.getName());
          }
          if (entry.isDirectory()) {
            Files.createDirectories(target);
          } else {
            Files.createDirectories(target.getParent());
            Files.copy(entries, target, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
  }
}
