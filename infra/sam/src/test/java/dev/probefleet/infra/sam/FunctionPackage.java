package dev.probefleet.infra.sam;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A function's deployment package as Lambda sees it: the zip the template's {@code CodeUri} names,
 * its {@code lib/*.jar} unpacked and on a class loader of their own (parent: the platform loader,
 * so nothing of the test's classpath leaks in). Classes are loaded, never initialised, unless a
 * test calls into them.
 */
final class FunctionPackage implements AutoCloseable {
  private final Path zip;
  private final Path directory;
  private final List<Path> jars;
  private final URLClassLoader loader;

  private FunctionPackage(Path zip, Path directory, List<Path> jars, URLClassLoader loader) {
    this.zip = zip;
    this.directory = directory;
    this.jars = jars;
    this.loader = loader;
  }

  /** Unpacks the package's jars into a temporary directory. */
  static FunctionPackage open(Path zip) throws IOException {
    Path directory = Files.createTempDirectory("probefleet-package-");
    List<Path> jars = new ArrayList<>();
    try (ZipFile file = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        String name = entry.getName();
        if (name.startsWith("lib/") && name.endsWith(".jar") && name.indexOf('/', 4) < 0) {
          Path jar = directory.resolve(name.substring(4));
          try (InputStream in = file.getInputStream(entry)) {
            Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
          }
          jars.add(jar);
        }
      }
    }
    List<URL> urls = new ArrayList<>();
    for (Path jar : jars) {
      try {
        urls.add(jar.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalStateException(e);
      }
    }
    URLClassLoader loader =
        new URLClassLoader(
            "package " + zip.getFileName(),
            urls.toArray(URL[]::new),
            ClassLoader.getPlatformClassLoader());
    return new FunctionPackage(zip, directory, List.copyOf(jars), loader);
  }

  Path zip() {
    return zip;
  }

  /** The jars of {@code lib/}. */
  List<Path> jars() {
    return jars;
  }

  /** A class of the package, not initialised. */
  Class<?> load(String name) throws ClassNotFoundException {
    return Class.forName(name, false, loader);
  }

  /**
   * Calls a public static method of the package's code with the package's loader as the thread's
   * context loader (Micronaut finds its bean definitions through it). An exception the method
   * throws is rethrown as it is.
   */
  Object callStatic(String className, String method, Class<?>[] types, Object... args)
      throws Exception {
    Method m = load(className).getMethod(method, types);
    return withContextLoader(() -> m.invoke(null, args));
  }

  /**
   * Calls a public method of an object the package's code returned, looked up on the named type (an
   * interface, say, when the object's own class is not public).
   */
  Object call(Object target, String typeName, String method, Class<?>[] types, Object... args)
      throws Exception {
    Method m = load(typeName).getMethod(method, types);
    return withContextLoader(() -> m.invoke(target, args));
  }

  private <T> T withContextLoader(Callable<T> call) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return call.call();
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @Override
  public void close() throws IOException {
    loader.close();
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(FunctionPackage::delete);
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
