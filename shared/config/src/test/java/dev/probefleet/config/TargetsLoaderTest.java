package dev.probefleet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.probefleet.model.CaBundle;
import dev.probefleet.model.PathSpec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link TargetsLoader} does beyond the schema: inlining referenced files, reading the file
 * from disk, and standing up to hostile files.
 */
class TargetsLoaderTest {

  private static final String ORIGIN_WITH_CA =
      """
      targets:
        - name: private
          paths:
            origin:
              - url: "https://10.0.1.23:8443/health"
                caFile: ./ca/private-ca.pem
              - url: "https://10.0.1.24:8443/health"
                caFile: ca/../ca/private-ca.pem
      """;

  @TempDir Path dir;

  @Test
  void aCaFileIsReadRelativeToTheTargetsFileAndInlined() throws Exception {
    TestFiles.Ca ca = TestFiles.Ca.create("probefleet test CA");
    Files.createDirectories(dir.resolve("ca"));
    Files.writeString(dir.resolve("ca/private-ca.pem"), ca.certificatePem());
    Path targets = write("targets.yaml", ORIGIN_WITH_CA);

    List<PathSpec> origins = TargetsLoader.load(targets).targets().get(0).origins();

    CaBundle bundle = origins.get(0).ca().orElseThrow();
    assertThat(bundle.source()).isEqualTo("./ca/private-ca.pem");
    assertThat(certificates(bundle.pem())).containsExactly(ca.certificate());
    assertThat(origins.get(1).ca().orElseThrow().pem()).isEqualTo(bundle.pem());
    assertThat(origins.get(1).ca().orElseThrow().source()).isEqualTo("ca/../ca/private-ca.pem");
  }

  @Test
  void aBundleKeepsEveryCertificateAndDropsWhatSurroundsThem() throws Exception {
    TestFiles.Ca first = TestFiles.Ca.create("first CA");
    TestFiles.Ca second = TestFiles.Ca.create("second CA");
    String bundle =
        "Bag Attributes\n    friendlyName: first\n"
            + first.certificatePem()
            + "subject=CN = second CA\n"
            + second.certificatePem();
    Files.writeString(dir.resolve("bundle.pem"), bundle);
    Path targets =
        write(
            "targets.yaml",
            """
            targets:
              - name: bundle
                paths:
                  lb: {url: "https://lb.internal/", caFile: bundle.pem}
            """);

    CaBundle inlined = TargetsLoader.load(targets).targets().get(0).lb().orElseThrow().ca().get();

    assertThat(certificates(inlined.pem()))
        .containsExactly(first.certificate(), second.certificate());
    assertThat(inlined.pem()).doesNotContain("Bag Attributes", "subject=");
  }

  @Test
  void aCaFileWithAPrivateKeyIsRefusedSoTheKeyIsNeverInlined() throws Exception {
    TestFiles.Ca ca = TestFiles.Ca.create("careless CA");
    Files.writeString(dir.resolve("ca-and-key.pem"), ca.certificatePem() + ca.privateKeyPem());
    Path targets =
        write(
            "targets.yaml",
            """
            targets:
              - name: careless
                paths:
                  lb: {url: "https://lb.internal/", caFile: ca-and-key.pem}
            """);

    assertThatThrownBy(() -> TargetsLoader.load(targets))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            targets
                + ":4:49: targets[0].paths.lb.caFile: ca-and-key.pem contains a private key; a CA"
                + " bundle holds certificates only, and it is copied into the targets registry");
  }

  @Test
  void fingerprintRulesAreReadRelativeToTheTargetsFileAndInlinedAsText() throws Exception {
    String rules = "rules:\n  - id: my-proxy\n    generator: nginx\n";
    Files.createDirectories(dir.resolve("rules"));
    Files.writeString(dir.resolve("rules/fingerprints.yaml"), rules);
    Path targets =
        write(
            "targets.yaml",
            """
            fingerprintRules: rules/fingerprints.yaml
            targets:
              - name: shop
                paths:
                  cdn: {url: "https://shop.example.com/"}
            """);

    TargetsConfig config = TargetsLoader.load(targets);

    assertThat(config.fingerprintRules())
        .contains(new FingerprintRulesFile("rules/fingerprints.yaml", rules));
    assertThat(config.fingerprintRules().get().toString())
        .isEqualTo("FingerprintRulesFile[rules/fingerprints.yaml, " + rules.length() + " chars]");
  }

  @Test
  void anEmptyFingerprintRulesFileIsAMistake() throws Exception {
    Files.writeString(dir.resolve("rules.yaml"), "\n");
    Path targets =
        write(
            "targets.yaml",
            """
            targets:
              - name: shop
                paths:
                  cdn: {url: "https://shop.example.com/"}
            fingerprintRules: rules.yaml
            """);

    assertThatThrownBy(() -> TargetsLoader.load(targets))
        .hasMessage(
            targets
                + ":5:19: fingerprintRules: rules.yaml is empty; leave fingerprintRules out, or"
                + " write rules in it");
  }

  @Test
  void parseResolvesReferencedFilesAgainstTheBaseDirectoryGiven() throws Exception {
    TestFiles.Ca ca = TestFiles.Ca.create("base dir CA");
    Files.createDirectories(dir.resolve("ca"));
    Files.writeString(dir.resolve("ca/private-ca.pem"), ca.certificatePem());

    TargetsConfig config = TargetsLoader.parse(ORIGIN_WITH_CA, "registry:private", dir);

    assertThat(config.source()).isEqualTo("registry:private");
    assertThat(certificates(config.targets().get(0).origins().get(0).ca().get().pem()))
        .containsExactly(ca.certificate());
  }

  @Test
  void aUtf8ByteOrderMarkIsAccepted() throws Exception {
    Path targets = dir.resolve("bom.yaml");
    Files.write(
        targets,
        ("\uFEFFtargets:\n  - name: bom\n    paths:\n      cdn: {url: \"https://bom.example/\"}\n")
            .getBytes(StandardCharsets.UTF_8));

    assertThat(TargetsLoader.load(targets).targets()).extracting("name").containsExactly("bom");
  }

  @Test
  void aFileThatIsNotUtf8IsRefusedAtTheFirstBadByte() throws Exception {
    Path targets = dir.resolve("latin1.yaml");
    Files.write(targets, "targets:\n  - name: café\n".getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> TargetsLoader.load(targets))
        .hasMessage(
            targets + ":2:14: the file is not UTF-8 text (byte 0xE9 here); save it as UTF-8");
  }

  @Test
  void aMissingFileOrADirectoryIsReportedAsSuch() {
    Path missing = dir.resolve("missing.yaml");

    assertThatThrownBy(() -> TargetsLoader.load(missing))
        .isInstanceOf(ConfigException.class)
        .hasMessage(missing + ": cannot read the file: no such file");
    assertThatThrownBy(() -> TargetsLoader.load(dir))
        .hasMessage(dir + ": cannot read the file: it is a directory");
  }

  @Test
  void aFileLargerThanFiveMebibytesIsRefusedBeforeItIsParsed() throws Exception {
    String padding = "#".repeat(1023) + "\n";
    String big = "targets: []\n" + padding.repeat(TargetsLoader.MAX_FILE_BYTES / 1024);
    Path targets = write("big.yaml", big);

    assertThatThrownBy(() -> TargetsLoader.load(targets))
        .hasMessage(targets + ": the file is larger than the 5 MiB limit");
    assertThatThrownBy(() -> TargetsLoader.parse(big, "big.yaml", dir))
        .hasMessage("big.yaml: the file is larger than the 5 MiB limit");
  }

  @Test
  void moreThanAThousandAliasesToCollectionsAreRefused() {
    String yaml =
        "targets:\n  - &t {name: a, paths: {cdn: {url: \"https://a.example/\"}}}\n"
            + "  - *t\n".repeat(1001);

    assertThatThrownBy(() -> TargetsLoader.parse(yaml, "aliases.yaml", dir))
        .hasMessage(
            "aliases.yaml: the file uses more than 1000 YAML aliases to lists or mappings (a guard"
                + " against alias bombs); write some values out");
  }

  @Test
  void nestingBeyondFiftyLevelsIsRefused() {
    String yaml = "targets: " + "[".repeat(60) + "]".repeat(60) + "\n";

    assertThatThrownBy(() -> TargetsLoader.parse(yaml, "deep.yaml", dir))
        .hasMessage("deep.yaml: the YAML nests deeper than 50 levels");
  }

  @Test
  void aFileWithHundredsOfProblemsListsTheFirstTwoHundredAndCountsTheRest() {
    String yaml =
        "targets:\n"
            + IntStream.range(0, 300)
                .mapToObj(
                    i ->
                        "  - {name: t"
                            + i
                            + ", colour: red, paths: {cdn: {url: \"https://x/\"}}}\n")
                .collect(Collectors.joining());

    ConfigException e =
        (ConfigException) catchThrowable(() -> TargetsLoader.parse(yaml, "many.yaml", dir));

    assertThat(e.problems()).hasSize(ConfigException.MAX_PROBLEMS);
    assertThat(e.omitted()).isEqualTo(100);
    assertThat(e.problems().get(0))
        .isEqualTo(
            new ConfigProblem(
                "many.yaml",
                2,
                16,
                "targets[0]",
                "unknown key 'colour' (expected one of: name, request, expect, burst, storeBodies, paths)"));
    assertThat(e.getMessage()).endsWith("\n… and 100 more problems");
  }

  @Test
  void problemsComeOutInFileOrderEvenWhenAliasesReachBack() {
    String yaml =
        """
        targets:
          - name: first
            paths:
              cdn: &bad {url: "https://first.example/", timeout: 10}
          - name: 2
            paths:
              cdn: *bad
        """;

    ConfigException e =
        (ConfigException) catchThrowable(() -> TargetsLoader.parse(yaml, "f.yaml", dir));

    assertThat(e.problems())
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "f.yaml:4:58: targets[0].paths.cdn.timeout: '10' has no unit; write 10s or 10000ms",
            "f.yaml:4:58: targets[1].paths.cdn.timeout: '10' has no unit; write 10s or 10000ms",
            "f.yaml:5:11: targets[1].name: expected a string, got the number 2; quote it to use it"
                + " as text: '2'");
  }

  private Path write(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  private static List<X509Certificate> certificates(String pem) throws Exception {
    return CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
        .stream()
        .map(X509Certificate.class::cast)
        .toList();
  }
}
