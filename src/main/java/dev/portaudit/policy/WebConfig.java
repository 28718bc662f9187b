package dev.portaudit.policy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The web configuration file Prometheus' exporters read ({@code --web.config.file}): TLS for the
 * metrics endpoint and the users allowed to scrape it, with bcrypt hashes of their passwords. The
 * keys are the exporters' own, so one file serves node_exporter and portaudit alike; keys this
 * endpoint does not act on are refused rather than ignored, so that no one believes a setting took
 * effect when it did not.
 *
 * @param tls       certificate and key, where the endpoint speaks TLS
 * @param users     user name to bcrypt hash; empty: no authentication
 */
public record WebConfig(Optional<Tls> tls, Map<String, String> users) {

    /**
     * {@code tls_server_config}.
     *
     * @param certFile   the server's certificate chain, PEM
     * @param keyFile    its private key, PEM (PKCS #8)
     * @param clientCa   CAs whose client certificates are accepted, where clients must present one
     * @param minVersion the oldest TLS version accepted: "TLS12" (default) or "TLS13"
     */
    public record Tls(Path certFile, Path keyFile, Optional<Path> clientCa, String minVersion) {
    }

    public WebConfig {
        users = Map.copyOf(users);
    }

    private static final List<String> TOP = List.of("tls_server_config", "basic_auth_users");
    private static final List<String> TLS = List.of("cert_file", "key_file", "client_auth_type", "client_ca_file",
            "min_version");

    /** Reads and checks the file; every problem is reported at once, with its line. */
    public static WebConfig read(Path file) {
        SafeYaml.Document doc = SafeYaml.read(file);
        Problems problems = new Problems();
        YamlReader r = new YamlReader(doc.source(), problems);
        Optional<Tls> tls = Optional.empty();
        Map<String, String> users = new LinkedHashMap<>();
        Optional<Map<String, Node>> top = r.mapping(doc.root(), "the web configuration", TOP);
        if (top.isPresent()) {
            Node t = top.get().get("tls_server_config");
            if (t != null) {
                tls = tls(r, t, file.toAbsolutePath().getParent());
            }
            Node u = top.get().get("basic_auth_users");
            if (u != null) {
                r.mapping(u, "basic_auth_users", null).ifPresent(m -> m.forEach((name, hash) ->
                        r.string(hash, "the password hash of '" + name + "'").ifPresent(h -> {
                            if (!h.matches("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
                                r.error(hash, "the password of '" + name + "' must be a bcrypt hash ($2y$10$…, "
                                        + "from htpasswd -nBC 10 '' | tr -d ':\\n'), not clear text");
                            } else {
                                users.put(name, h);
                            }
                        })));
            }
        }
        problems.throwIfErrors();
        return new WebConfig(tls, users);
    }

    private static Optional<Tls> tls(YamlReader r, Node node, Path dir) {
        Optional<Map<String, Node>> m = r.mapping(node, "tls_server_config", TLS);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        Optional<Path> cert = file(r, m.get().get("cert_file"), "cert_file", node, dir);
        Optional<Path> key = file(r, m.get().get("key_file"), "key_file", node, dir);
        Optional<Path> ca = m.get().containsKey("client_ca_file")
                ? file(r, m.get().get("client_ca_file"), "client_ca_file", node, dir) : Optional.empty();
        Node auth = m.get().get("client_auth_type");
        if (auth != null) {
            Optional<String> a = r.string(auth, "client_auth_type");
            if (a.isPresent() && a.get().equals("RequireAndVerifyClientCert")) {
                if (ca.isEmpty()) {
                    r.error(auth, "client_auth_type RequireAndVerifyClientCert needs client_ca_file");
                }
            } else if (a.isPresent() && !a.get().equals("NoClientCert")) {
                r.error(auth, "client_auth_type '" + a.get() + "' is not supported (allowed: NoClientCert, "
                        + "RequireAndVerifyClientCert)");
            }
        } else if (ca.isPresent()) {
            r.error(node, "client_ca_file is set but client_auth_type is not RequireAndVerifyClientCert");
        }
        String min = "TLS12";
        Node v = m.get().get("min_version");
        if (v != null) {
            Optional<String> s = r.string(v, "min_version");
            if (s.isPresent() && !s.get().equals("TLS12") && !s.get().equals("TLS13")) {
                r.error(v, "min_version '" + s.get() + "' is not supported (allowed: TLS12, TLS13)");
            }
            min = s.orElse(min);
        }
        if (cert.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Tls(cert.get(), key.get(), ca, min));
    }

    /** A readable file, relative paths taken from the configuration file's directory as exporters do. */
    private static Optional<Path> file(YamlReader r, Node node, String what, Node parent, Path dir) {
        if (node == null) {
            r.error(parent, "tls_server_config needs " + what);
            return Optional.empty();
        }
        return r.string(node, what).flatMap(s -> {
            Path p = dir == null ? Path.of(s) : dir.resolve(s);
            if (!Files.isReadable(p)) {
                r.error(node, what + " " + p + " cannot be read");
                return Optional.empty();
            }
            return Optional.of(p);
        });
    }

    /** For a message: "TLS, 2 users" or "plain HTTP, no authentication". */
    public String describe() {
        return (tls.isPresent() ? "TLS" + tls.get().clientCa().map(c -> " with client certificates").orElse("")
                : "plain HTTP") + ", " + (users.isEmpty() ? "no authentication" : users.size() + " user"
                        + (users.size() == 1 ? "" : "s") + " with basic authentication");
    }
}
