package dev.probefleet.config.internal;

import dev.probefleet.config.FingerprintRulesFile;
import dev.probefleet.config.TargetsConfig;
import dev.probefleet.model.AddressRange;
import dev.probefleet.model.BurstSpec;
import dev.probefleet.model.CaBundle;
import dev.probefleet.model.ExpectSpec;
import dev.probefleet.model.HeaderValue;
import dev.probefleet.model.PathKind;
import dev.probefleet.model.PathSpec;
import dev.probefleet.model.RequestSpec;
import dev.probefleet.model.Target;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Walks a targets file's node tree against the schema of DESIGN §3, applying defaults and reporting
 * every problem it meets (it goes on after one, so a file's problems come out together). Produces a
 * {@link TargetsConfig} only when there is none.
 */
public final class TargetsReader {

  static final List<String> TOP_KEYS = List.of("targets", "fingerprintRules");
  static final List<String> TARGET_KEYS =
      List.of("name", "request", "expect", "burst", "storeBodies", "paths");
  static final List<String> REQUEST_KEYS = List.of("method", "headers");
  static final List<String> EXPECT_KEYS = List.of("status", "bodyContains");
  static final List<String> BURST_KEYS = List.of("requests");
  static final List<String> PATHS_KEYS = List.of("cdn", "lb", "origin");
  static final List<String> PATH_KEYS =
      List.of(
          "url",
          "host",
          "sni",
          "resolve",
          "insecure",
          "caFile",
          "timeout",
          "expectAddresses",
          "headers",
          "probeFrom");
  static final List<String> SECRET_KEYS = List.of("secret", "env");

  /** DESIGN §1 reserves {@code origin: {targetGroupArn: …}} for later. */
  static final Map<String, String> RESERVED_PATH_KEYS =
      Map.of(
          "targetGroupArn",
          "targetGroupArn is reserved for a later version (discovering the instances of a target"
              + " group); list the instances with url: for now");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final int MAX_BURST = 100;

  private final Problems problems;
  private final InlinedFiles files;
  private final Map<String, NameUse> names = new HashMap<>();
  private final Map<String, Object> caBundles = new HashMap<>();

  private record NameUse(int index, int line) {}

  private TargetsReader(Problems problems, Path baseDir) {
    this.problems = problems;
    this.files = new InlinedFiles(baseDir);
  }

  /**
   * Reads a targets file.
   *
   * @param maxChars the size limit, which SnakeYAML also enforces as it reads
   * @return the configuration, or empty when {@code problems} holds why not
   */
  public static Optional<TargetsConfig> read(
      String text, int maxChars, Path baseDir, Problems problems) {
    TargetsReader reader = new TargetsReader(problems, baseDir);
    Optional<TargetsConfig> config;
    try {
      config = reader.document(text, maxChars);
    } catch (Problems.ExpansionLimitExceeded e) {
      problems.replaceAllWith(
          "the file expands through YAML aliases to more than "
              + Problems.MAX_VISITS
              + " values (a guard against alias bombs); write it with fewer aliases");
      return Optional.empty();
    }
    return problems.count() == 0 ? config : Optional.empty();
  }

  private Optional<TargetsConfig> document(String text, int maxChars) {
    int before = problems.count();
    Optional<Node> root = YamlDocument.compose(text, maxChars, problems);
    if (problems.count() > before) {
      return Optional.empty();
    }
    if (root.isEmpty()) {
      problems.file("the file is empty; expected a mapping with a 'targets' list");
      return Optional.empty();
    }
    if (!(root.get() instanceof MappingNode)) {
      problems.at(
          root.get(),
          "",
          "the top level must be a mapping with a 'targets' list, not "
              + YamlValues.describe(root.get()));
      return Optional.empty();
    }
    Optional<YamlMap> top = YamlMap.open(root.get(), "", "a mapping", TOP_KEYS, Map.of(), problems);
    if (top.isEmpty()) {
      return Optional.empty();
    }
    List<Target> targets = top.get().required("targets").map(this::targets).orElse(List.of());
    Optional<FingerprintRulesFile> rules =
        top.get()
            .optional("fingerprintRules")
            .flatMap(n -> fingerprintRules(n, "fingerprintRules"));
    return Optional.of(new TargetsConfig(problems.source(), targets, rules));
  }

  private List<Target> targets(Node node) {
    List<Target> targets = new ArrayList<>();
    Optional<List<Node>> items = YamlValues.list(node, "targets", "a list of targets", problems);
    if (items.isEmpty()) {
      return targets;
    }
    if (items.get().isEmpty()) {
      problems.at(node, "targets", "no targets; list at least one");
    }
    for (int i = 0; i < items.get().size(); i++) {
      target(items.get().get(i), i).ifPresent(targets::add);
    }
    return targets;
  }

  private Optional<Target> target(Node node, int index) {
    String field = "targets[" + index + "]";
    int before = problems.count();
    Optional<YamlMap> opened =
        YamlMap.open(
            node,
            field,
            "a target (a mapping with name and paths)",
            TARGET_KEYS,
            Map.of(),
            problems);
    if (opened.isEmpty()) {
      return Optional.empty();
    }
    YamlMap t = opened.get();
    String name = t.required("name").flatMap(n -> name(n, t.field("name"), index)).orElse(null);
    RequestSpec request =
        t.optional("request").map(n -> request(n, t.field("request"))).orElse(RequestSpec.DEFAULT);
    ExpectSpec expect =
        t.optional("expect").map(n -> expect(n, t.field("expect"))).orElse(ExpectSpec.DEFAULT);
    BurstSpec burst =
        t.optional("burst").map(n -> burst(n, t.field("burst"))).orElse(BurstSpec.SINGLE);
    boolean storeBodies =
        t.optional("storeBodies")
            .flatMap(n -> YamlValues.bool(n, t.field("storeBodies"), problems))
            .orElse(true);
    Optional<Paths> paths = t.required("paths").flatMap(n -> paths(n, t.field("paths")));
    if (problems.count() > before || name == null || paths.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Target(
            name,
            request,
            expect,
            burst,
            paths.get().cdn,
            paths.get().lb,
            paths.get().origins,
            storeBodies));
  }

  private Optional<String> name(Node node, String field, int index) {
    Optional<String> name = YamlValues.string(node, field, problems);
    if (name.isEmpty()) {
      return name;
    }
    if (name.get().length() > 100 && NAME.matcher(name.get().substring(0, 100)).matches()) {
      problems.at(
          node,
          field,
          "the name is " + name.get().length() + " characters long; a name has at most 100");
      return Optional.empty();
    }
    if (!NAME.matcher(name.get()).matches()) {
      problems.at(
          node,
          field,
          "'"
              + YamlValues.shown(name.get())
              + "' is not a valid name: use 1 to 100 letters, digits, '.', '_' or '-',"
              + " starting with a letter or digit");
      return Optional.empty();
    }
    int line = node.getStartMark().getLine() + 1;
    NameUse first = names.putIfAbsent(name.get(), new NameUse(index, line));
    if (first != null) {
      problems.at(
          node,
          field,
          "'"
              + name.get()
              + "' is already used by targets["
              + first.index()
              + "] (line "
              + first.line()
              + ")");
      return Optional.empty();
    }
    return name;
  }

  private RequestSpec request(Node node, String field) {
    Optional<YamlMap> opened =
        YamlMap.open(
            node, field, "a mapping with method and headers", REQUEST_KEYS, Map.of(), problems);
    if (opened.isEmpty()) {
      return RequestSpec.DEFAULT;
    }
    YamlMap m = opened.get();
    String method =
        m.optional("method")
            .flatMap(n -> checked(n, m.field("method"), HttpSyntax::method))
            .orElse(RequestSpec.DEFAULT.method());
    Map<String, HeaderValue> headers =
        m.optional("headers").map(n -> headers(n, m.field("headers"))).orElse(Map.of());
    return new RequestSpec(method, headers);
  }

  private ExpectSpec expect(Node node, String field) {
    Optional<YamlMap> opened =
        YamlMap.open(
            node, field, "a mapping with status and bodyContains", EXPECT_KEYS, Map.of(), problems);
    if (opened.isEmpty()) {
      return ExpectSpec.DEFAULT;
    }
    YamlMap m = opened.get();
    List<Integer> status =
        m.optional("status").map(n -> statuses(n, m.field("status"))).orElse(List.of());
    Optional<String> body =
        m.optional("bodyContains").flatMap(n -> nonEmpty(n, m.field("bodyContains")));
    return new ExpectSpec(status, body);
  }

  private List<Integer> statuses(Node node, String field) {
    String expected = "a status code or a list of them";
    if (node instanceof ScalarNode) {
      return YamlValues.integer(node, field, expected, problems)
          .filter(code -> statusInRange(node, field, code))
          .map(List::of)
          .orElse(List.of());
    }
    Optional<List<Node>> items = YamlValues.list(node, field, expected, problems);
    if (items.isEmpty()) {
      return List.of();
    }
    if (items.get().isEmpty()) {
      problems.at(
          node,
          field,
          "an empty list accepts no status; leave status out to accept any 2xx or 3xx");
    }
    List<Integer> codes = new ArrayList<>();
    for (int i = 0; i < items.get().size(); i++) {
      Node item = items.get().get(i);
      String itemField = field + "[" + i + "]";
      YamlValues.integer(item, itemField, "a status code", problems)
          .filter(code -> statusInRange(item, itemField, code))
          .ifPresent(
              code -> {
                if (codes.contains(code)) {
                  problems.at(item, itemField, code + " is listed twice");
                } else {
                  codes.add(code);
                }
              });
    }
    return codes;
  }

  private boolean statusInRange(Node node, String field, int code) {
    if (code < 100 || code > 599) {
      problems.at(node, field, code + " is not an HTTP status code (100-599)");
      return false;
    }
    return true;
  }

  private BurstSpec burst(Node node, String field) {
    Optional<YamlMap> opened =
        YamlMap.open(node, field, "a mapping with requests", BURST_KEYS, Map.of(), problems);
    if (opened.isEmpty()) {
      return BurstSpec.SINGLE;
    }
    YamlMap m = opened.get();
    Optional<Node> requests = m.optional("requests");
    if (requests.isEmpty()) {
      return BurstSpec.SINGLE;
    }
    String requestsField = m.field("requests");
    return YamlValues.integer(requests.get(), requestsField, "a number of requests", problems)
        .filter(
            n -> {
              if (n < 1 || n > MAX_BURST) {
                problems.at(
                    requests.get(),
                    requestsField,
                    "must be 1 to " + MAX_BURST + " requests per path per round, got " + n);
                return false;
              }
              return true;
            })
        .map(BurstSpec::new)
        .orElse(BurstSpec.SINGLE);
  }

  private record Paths(Optional<PathSpec> cdn, Optional<PathSpec> lb, List<PathSpec> origins) {}

  private Optional<Paths> paths(Node node, String field) {
    int before = problems.count();
    Optional<YamlMap> opened =
        YamlMap.open(
            node, field, "a mapping of paths (cdn, lb, origin)", PATHS_KEYS, Map.of(), problems);
    if (opened.isEmpty()) {
      return Optional.empty();
    }
    YamlMap m = opened.get();
    if (m.isEmpty()) {
      if (problems.count() == before) {
        problems.at(node, field, "no paths; configure at least one of cdn, lb, origin");
      }
      return Optional.empty();
    }
    Optional<PathSpec> cdn =
        m.optional("cdn").flatMap(n -> path(n, m.field("cdn"), PathKind.CDN, 0));
    Optional<PathSpec> lb = m.optional("lb").flatMap(n -> path(n, m.field("lb"), PathKind.LB, 0));
    List<PathSpec> origins =
        m.optional("origin").map(n -> origins(n, m.field("origin"))).orElse(List.of());
    return Optional.of(new Paths(cdn, lb, origins));
  }

  private List<PathSpec> origins(Node node, String field) {
    if (node instanceof SequenceNode && Tag.SEQ.equals(node.getTag())) {
      List<Node> items = ((SequenceNode) node).getValue();
      if (items.isEmpty()) {
        problems.at(
            node, field, "an empty list; list at least one origin instance, or leave origin out");
      }
      List<PathSpec> origins = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        path(items.get(i), field + "[" + i + "]", PathKind.ORIGIN, i).ifPresent(origins::add);
      }
      return origins;
    }
    if (node instanceof MappingNode) {
      return path(node, field, PathKind.ORIGIN, 0).map(List::of).orElse(List.of());
    }
    problems.at(
        node,
        field,
        "expected an origin (a mapping with url) or a list of them, got "
            + YamlValues.describe(node));
    return List.of();
  }

  private Optional<PathSpec> path(Node node, String field, PathKind kind, int instance) {
    int before = problems.count();
    Optional<YamlMap> opened =
        YamlMap.open(
            node, field, "a path (a mapping with url)", PATH_KEYS, RESERVED_PATH_KEYS, problems);
    if (opened.isEmpty()) {
      return Optional.empty();
    }
    YamlMap p = opened.get();
    URI url =
        p.required("url").flatMap(n -> checked(n, p.field("url"), HttpSyntax::url)).orElse(null);
    Optional<String> host =
        p.optional("host")
            .flatMap(
                n ->
                    checked(
                        n,
                        p.field("host"),
                        s -> {
                          HttpSyntax.host(s);
                          return s;
                        }));
    Optional<String> sni =
        p.optional("sni")
            .flatMap(
                n ->
                    checked(
                        n,
                        p.field("sni"),
                        s -> {
                          HttpSyntax.serverName(s);
                          return s;
                        }));
    Optional<InetAddress> resolve =
        p.optional("resolve")
            .flatMap(n -> checked(n, p.field("resolve"), HttpSyntax::resolveAddress));
    boolean insecure =
        p.optional("insecure")
            .flatMap(n -> YamlValues.bool(n, p.field("insecure"), problems))
            .orElse(false);
    Optional<CaBundle> ca = p.optional("caFile").flatMap(n -> caBundle(n, p.field("caFile")));
    Optional<Duration> timeout = p.optional("timeout").flatMap(n -> timeout(n, p.field("timeout")));
    List<AddressRange> expectAddresses =
        p.optional("expectAddresses")
            .map(n -> expectAddresses(n, p.field("expectAddresses")))
            .orElse(List.of());
    Map<String, HeaderValue> headers =
        p.optional("headers").map(n -> headers(n, p.field("headers"))).orElse(Map.of());
    List<String> probeFrom =
        p.optional("probeFrom").map(n -> probeFrom(n, p.field("probeFrom"))).orElse(List.of());
    if (problems.count() > before || url == null) {
      return Optional.empty();
    }
    return Optional.of(
        new PathSpec(
            kind,
            instance,
            url,
            host,
            sni,
            resolve,
            insecure,
            ca,
            timeout,
            expectAddresses,
            headers,
            probeFrom));
  }

  private Optional<Duration> timeout(Node node, String field) {
    if (node instanceof ScalarNode scalar
        && (Tag.INT.equals(scalar.getTag()) || Tag.FLOAT.equals(scalar.getTag()))) {
      problems.visit();
      problems.at(node, field, Durations.withoutUnit(scalar.getValue()));
      return Optional.empty();
    }
    return checked(node, field, "a duration like 500ms, 10s or 2m", Durations::timeout);
  }

  /**
   * A checked bundle is kept per path as written: aliases can name one file from thousands of
   * paths, and parsing its certificates each time would let a small file cost minutes.
   */
  private Optional<CaBundle> caBundle(Node node, String field) {
    return checked(
        node,
        field,
        written -> {
          requireNonEmpty(written, "a path to a PEM file");
          Object bundle = caBundles.computeIfAbsent(written, this::readCaBundle);
          if (bundle instanceof IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage());
          }
          return (CaBundle) bundle;
        });
  }

  private Object readCaBundle(String written) {
    try {
      return new CaBundle(written, PemCertificates.certificates(files.read(written), written));
    } catch (IllegalArgumentException e) {
      return e;
    }
  }

  private Optional<FingerprintRulesFile> fingerprintRules(Node node, String field) {
    return checked(
        node,
        field,
        written -> {
          requireNonEmpty(written, "a path to a rules file");
          String content = files.read(written);
          if (content.isBlank()) {
            throw new IllegalArgumentException(
                written + " is empty; leave fingerprintRules out, or write rules in it");
          }
          return new FingerprintRulesFile(written, content);
        });
  }

  private List<AddressRange> expectAddresses(Node node, String field) {
    Optional<List<Node>> items =
        YamlValues.list(node, field, "a list of IP addresses and CIDR blocks", problems);
    if (items.isEmpty()) {
      return List.of();
    }
    if (items.get().isEmpty()) {
      problems.at(
          node,
          field,
          "an empty list accepts no address; leave expectAddresses out to accept any address");
    }
    List<AddressRange> ranges = new ArrayList<>();
    for (int i = 0; i < items.get().size(); i++) {
      checked(items.get().get(i), field + "[" + i + "]", AddressRange::parse)
          .ifPresent(ranges::add);
    }
    return ranges;
  }

  private List<String> probeFrom(Node node, String field) {
    Optional<List<Node>> items = YamlValues.list(node, field, "a list of regions", problems);
    if (items.isEmpty()) {
      return List.of();
    }
    if (items.get().isEmpty()) {
      problems.at(
          node,
          field,
          "an empty list probes from nowhere; leave probeFrom out to probe from every region");
    }
    List<String> regions = new ArrayList<>();
    for (int i = 0; i < items.get().size(); i++) {
      Node item = items.get().get(i);
      String itemField = field + "[" + i + "]";
      checked(item, itemField, Regions::region)
          .ifPresent(
              region -> {
                if (regions.contains(region)) {
                  problems.at(item, itemField, "'" + region + "' is listed twice");
                } else {
                  regions.add(region);
                }
              });
    }
    return regions;
  }

  private Map<String, HeaderValue> headers(Node node, String field) {
    Optional<YamlMap> opened =
        YamlMap.open(node, field, "a mapping of header names to values", problems);
    if (opened.isEmpty()) {
      return Map.of();
    }
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    Map<String, YamlMap.Entry> seen = new HashMap<>();
    for (YamlMap.Entry entry : opened.get().entries()) {
      String name = entry.name();
      try {
        HttpSyntax.headerName(name);
      } catch (IllegalArgumentException e) {
        problems.at(entry.key(), field, e.getMessage());
        continue;
      }
      YamlMap.Entry earlier = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), entry);
      if (earlier != null) {
        problems.at(
            entry.key(),
            field,
            "'"
                + name
                + "' repeats the header '"
                + earlier.name()
                + "' (line "
                + (earlier.key().getStartMark().getLine() + 1)
                + "); header names are case-insensitive");
        continue;
      }
      headerValue(entry.value(), field + "." + name).ifPresent(v -> headers.put(name, v));
    }
    return headers;
  }

  private Optional<HeaderValue> headerValue(Node node, String field) {
    if (node instanceof MappingNode) {
      return secretReference(node, field);
    }
    return checked(
        node,
        field,
        "a string or a secret reference ({secret: …} or {env: …})",
        value -> {
          HttpSyntax.headerValue(value);
          return new HeaderValue.Literal(value);
        });
  }

  private Optional<HeaderValue> secretReference(Node node, String field) {
    int before = problems.count();
    Optional<YamlMap> opened =
        YamlMap.open(node, field, "a secret reference", SECRET_KEYS, Map.of(), problems);
    if (opened.isEmpty()) {
      return Optional.empty();
    }
    YamlMap m = opened.get();
    Optional<Node> secret = m.optional("secret");
    Optional<Node> env = m.optional("env");
    if (secret.isPresent() && env.isPresent()) {
      problems.at(node, field, "give either secret or env, not both");
      return Optional.empty();
    }
    if (secret.isEmpty() && env.isEmpty()) {
      if (problems.count() == before) {
        problems.at(
            node,
            field,
            "an empty mapping is not a header value; write a string, {secret: \"ssm:/path\"},"
                + " {secret: \"secretsmanager:id\"} or {env: NAME}");
      }
      return Optional.empty();
    }
    if (env.isPresent()) {
      return checked(
          env.get(),
          m.field("env"),
          name -> {
            if (!ENV_NAME.matcher(name).matches()) {
              throw new IllegalArgumentException(
                  "'"
                      + YamlValues.shown(name)
                      + "' is not an environment variable name (letters, digits and '_', not"
                      + " starting with a digit)");
            }
            return new HeaderValue.Secret(HeaderValue.Secret.Source.ENV, name);
          });
    }
    return checked(secret.get(), m.field("secret"), TargetsReader::secret);
  }

  private static HeaderValue secret(String reference) {
    HeaderValue.Secret.Source source;
    String id;
    if (reference.startsWith("ssm:")) {
      source = HeaderValue.Secret.Source.SSM;
      id = reference.substring("ssm:".length());
      if (id.isEmpty()) {
        throw new IllegalArgumentException(
            "'ssm:' names no parameter; write ssm:/path/to/parameter");
      }
    } else if (reference.startsWith("secretsmanager:")) {
      source = HeaderValue.Secret.Source.SECRETS_MANAGER;
      id = reference.substring("secretsmanager:".length());
      if (id.isEmpty()) {
        throw new IllegalArgumentException(
            "'secretsmanager:' names no secret; write secretsmanager:NAME (or its ARN)");
      }
    } else if (reference.startsWith("env:")) {
      throw new IllegalArgumentException(
          "'"
              + YamlValues.shown(reference)
              + "' is not a secret store; write {env: "
              + YamlValues.shown(reference.substring("env:".length()))
              + "} for an environment variable");
    } else {
      throw new IllegalArgumentException(
          "'"
              + YamlValues.shown(reference)
              + "' is not a secret reference; write ssm:/path or secretsmanager:id");
    }
    for (int i = 0; i < id.length(); i++) {
      if (Character.isWhitespace(id.charAt(i)) || Character.isISOControl(id.charAt(i))) {
        throw new IllegalArgumentException(
            "'" + YamlValues.shown(reference) + "' contains whitespace; a secret id has none");
      }
    }
    return new HeaderValue.Secret(source, id);
  }

  private Optional<String> nonEmpty(Node node, String field) {
    return checked(
        node,
        field,
        s -> {
          if (s.isEmpty()) {
            throw new IllegalArgumentException(
                "an empty string matches every body; leave bodyContains out, or give the text a"
                    + " healthy body contains");
          }
          return s;
        });
  }

  private static void requireNonEmpty(String text, String what) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("an empty path; write " + what);
    }
  }

  /** Reads a string and parses it; a parse failure's message becomes a problem at the node. */
  private <T> Optional<T> checked(Node node, String field, Function<String, T> parse) {
    return checked(node, field, "a string", parse);
  }

  private <T> Optional<T> checked(
      Node node, String field, String expected, Function<String, T> parse) {
    Optional<String> text = YamlValues.string(node, field, expected, problems);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse.apply(text.get()));
    } catch (IllegalArgumentException e) {
      problems.at(node, field, e.getMessage());
      return Optional.empty();
    }
  }
}
